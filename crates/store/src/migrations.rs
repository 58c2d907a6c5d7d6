//! Migrations that cannot drift. A migration, once committed, never changes: `checksums.txt`
//! beside them lists each file's SHA-256 and a test fails when a file differs from its line.
//!
//! One did change before that rule existed: 0005 was edited after release (its caseload index was
//! widened; commit 7646a87). Databases migrated in between recorded the edited file's checksum,
//! and sqlx refuses to start when a recorded checksum differs from the file. 0005 is back as first
//! released, the wider index is migration 0012, and [`EDITED`] lets such a database's record be
//! pointed back at the released file before the migrator runs.

/// Points a database's record of the edited file back at the released one; a database that never
/// ran the edited file is left as it is.
pub(crate) const POINT_BACK: &str =
    "UPDATE _sqlx_migrations SET checksum = $1 WHERE version = $2 AND checksum = $3";

/// `(version, checksum sqlx recorded for the edited file, checksum of the released file)`, as
/// hex SHA-384 (sqlx's checksum), per backend.
pub(crate) struct EditedMigration {
    pub version: i64,
    pub edited: &'static str,
    pub released: &'static str,
}

pub(crate) const EDITED_SQLITE: EditedMigration = EditedMigration {
    version: 5,
    edited: "e0e2b135376d399d715e3896ae63c5bb678b21ca0fa8c4053e23b047b6eb8297549b1141e14ce0c658cc418c6c14d85d",
    released: "da8e78a5e9bb7eacca70925fa478148aed204dafd28ace6fcdb64980a92a7fa416828b91f0af82c5205c5270987f120d",
};

pub(crate) const EDITED_POSTGRES: EditedMigration = EditedMigration {
    version: 5,
    edited: "9361fe0e6c4946c5999039ca2bb4beae29139ed1133db1f91b5b31d01d4f7174ea1387bfffb0efe03b29ee1a9fac8e4c",
    released: "e9ba0f41d9b4d8cb0cddb1942184c7376445a4a9068ce6b6e38a440a8eeed388ed6922bbb45af14016637098418e728b",
};

impl EditedMigration {
    pub fn edited_bytes(&self) -> Vec<u8> {
        hex::decode(self.edited).expect("a hex constant")
    }

    pub fn released_bytes(&self) -> Vec<u8> {
        hex::decode(self.released).expect("a hex constant")
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256, Sha384};
    use std::collections::BTreeMap;
    use std::path::Path;

    fn migration_files() -> BTreeMap<String, Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files = BTreeMap::new();
        for backend in ["sqlite", "postgres"] {
            for entry in std::fs::read_dir(root.join(backend)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.insert(format!("{backend}/{name}"), std::fs::read(&path).unwrap());
            }
        }
        files
    }

    #[test]
    fn committed_migrations_never_change() {
        let listed = include_str!("../migrations/checksums.txt");
        let mut expected = BTreeMap::new();
        for line in listed.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let (file, sum) = line.split_once(' ').expect("each line is `backend/file checksum`");
            expected.insert(file.to_owned(), sum.trim().to_owned());
        }
        for (file, bytes) in migration_files() {
            let actual = hex::encode(Sha256::digest(&bytes));
            match expected.remove(&file) {
                Some(sum) => assert_eq!(
                    sum, actual,
                    "{file} changed after it was committed: add a new migration instead"
                ),
                None => panic!(
                    "{file} is not in migrations/checksums.txt: append `{file} {actual}` to it"
                ),
            }
        }
        assert!(expected.is_empty(), "listed but missing: {:?}", expected.keys());
    }

    #[test]
    fn the_repair_constants_are_the_released_0005() {
        let files = migration_files();
        for (backend, edited) in
            [("sqlite", super::EDITED_SQLITE), ("postgres", super::EDITED_POSTGRES)]
        {
            let released = &files[&format!("{backend}/0005_caseload.sql")];
            assert_eq!(hex::encode(Sha384::digest(released)), edited.released, "{backend}");
            assert_ne!(edited.edited, edited.released);
        }
    }
}
