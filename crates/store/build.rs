// `sqlx::migrate!` embeds the migration files it finds when the crate compiles, but Cargo does
// not know a new file there is an input: without this, a build after adding a migration can
// keep the old list and open databases without it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
