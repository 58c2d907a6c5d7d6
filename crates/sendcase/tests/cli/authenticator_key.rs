//! `serve` and the authenticator key: given one, it seals the authenticator secrets stored
//! without it before it answers anyone; from then on it will not start without that key, or
//! with another, rather than start and turn every code away.

use super::sendcase;
use sendcase_store::{AuditMeta, DatabaseUrl, NewAuthenticator};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Starts `serve` on `url` with `key_file`, if any; `Ok` once it is answering (then stopped), or
/// `Err` with what it printed as it exited.
fn serve(url: &str, key_file: Option<&Path>) -> Result<(), String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sendcase"));
    cmd.args(["serve", "--db", url, "--addr", "127.0.0.1:0"])
        .env_remove("SENDCASE_AUTHENTICATOR_KEY")
        .env_remove("SENDCASE_AUTHENTICATOR_KEY_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(file) = key_file {
        cmd.arg("--authenticator-key-file").arg(file);
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let running = lines.any(|l| l.unwrap().starts_with("sendcase is running at"));
    if running {
        child.kill().unwrap();
        child.wait().unwrap();
        return Ok(());
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    Err(String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn serve_seals_authenticator_secrets_and_then_needs_the_key() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("sendcase-totp-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let (key, other) = (dir.join("authenticator.key"), dir.join("other.key"));
    std::fs::write(&key, "an-authenticator-key-of-at-least-32-bytes\n").unwrap();
    std::fs::write(&other, "another-authenticator-key-of-32-bytes-or-more").unwrap();
    let sqlite = format!("sqlite://{}", dir.join("serve.db").display());
    let (pg, drop_pg) = super::pg_database(&runtime);
    for url in [sqlite, pg] {
        let add = ["user", "add", "--db", &url, "--email", "cw@k.test", "--name", "C W"];
        let out = sendcase(&[&add[..], &["--role", "parent"]].concat(), "a long password 1\n");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let (store, user) = runtime.block_on(async {
            let url = DatabaseUrl::parse(&url).unwrap();
            let store = sendcase_store::connect(&url).await.unwrap();
            let user = store.user_account_by_email("cw@k.test").await.unwrap().unwrap().user.id;
            let new = NewAuthenticator {
                user_id: user,
                secret: "JBSWY3DPEHPK3PXP".into(),
                step: 1,
                recovery_hashes: vec![],
            };
            let meta = AuditMeta::system("test");
            store.enrol_authenticator(new, "", jiff::Timestamp::now(), &meta).await.unwrap();
            (store, user)
        });
        let stored = || runtime.block_on(store.authenticator_secret(user)).unwrap().unwrap();

        assert_eq!(serve(&url, None), Ok(()), "unsealed, and no key: it starts");
        assert_eq!(stored(), "JBSWY3DPEHPK3PXP");
        assert_eq!(serve(&url, Some(&key)), Ok(()));
        let sealed = stored();
        assert!(sealed.starts_with("sealed:v1:"), "{sealed}");
        let err = serve(&url, None).unwrap_err();
        assert!(err.contains("this database's authenticator secrets are sealed"), "{err}");
        let err = serve(&url, Some(&other)).unwrap_err();
        assert!(err.contains("was sealed with another key"), "{err}");
        assert_eq!(serve(&url, Some(&key)), Ok(()), "the right key again");
        assert_eq!(stored(), sealed, "sealed once");
    }
    drop_pg(&runtime);
    std::fs::remove_dir_all(&dir).unwrap();
}
