//! `kill -9` under load: every response the server sent stands after it. Speed is never bought
//! with durability, so a child the API said it registered is in the database, every read it
//! answered has its audit entry, and the chain still verifies.

use super::{on_both_backends, sendcase};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[test]
fn every_answered_request_survives_kill_9_on_both_backends() {
    on_both_backends("crash", answered_requests_survive);
}

/// What a client was told: the response's request id, and the child's id if one was made.
struct Answered {
    request_id: String,
    child: Option<uuid::Uuid>,
}

fn answered_requests_survive(db: &str, _dir: &std::path::Path) {
    assert!(sendcase(&["demo", "--db", db], "").status.success());
    let issued =
        sendcase(&["token", "issue", "--db", db, "--user", "la.caseworker@example.org"], "");
    assert!(issued.status.success(), "{}", String::from_utf8_lossy(&issued.stderr));
    let token = String::from_utf8_lossy(&issued.stdout).lines().last().unwrap().trim().to_owned();

    let mut server = Command::new(env!("CARGO_BIN_EXE_sendcase"))
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    // Read on to the end, so serve's later lines never meet a closed pipe.
    let drained = std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let address = line
        .strip_prefix("sendcase is running at http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("serve said {line:?}"))
        .to_owned();

    // Clients register children and read the caseload until the server is gone.
    let answered = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (address, token) = (address.clone(), token.clone());
            let (answered, count) = (answered.clone(), count.clone());
            std::thread::spawn(move || {
                for i in 0.. {
                    let body = format!(
                        r#"{{"given_name": "Crash{client}x{i}", "family_name": "Test", "birth_date": "2015-03-01", "la_code": "886"}}"#
                    );
                    let sent = if i % 2 == 0 {
                        call(&address, &token, "POST /api/v1/children", &body)
                    } else {
                        call(&address, &token, "GET /api/v1/caseload?limit=5", "")
                    };
                    let Some(a) = sent else { return };
                    answered.lock().unwrap().push(a);
                    count.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    while count.load(Ordering::SeqCst) < 60 && clients.iter().any(|c| !c.is_finished()) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();
    drained.join().unwrap().unwrap();
    for client in clients {
        client.join().unwrap();
    }

    let verify = sendcase(&["audit", "verify", "--db", db], "");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let answered = answered.lock().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = sendcase_store::DatabaseUrl::parse(db).unwrap();
        let store = sendcase_store::connect(&url).await.unwrap();
        let entries = store.audit_entries(0, i64::MAX).await.unwrap();
        let audited: std::collections::HashSet<&str> =
            entries.iter().map(|e| e.request_id.as_str()).collect();
        let today = jiff::Zoned::now().date();
        for a in answered.iter() {
            assert!(
                audited.contains(a.request_id.as_str()),
                "request {} not audited",
                a.request_id
            );
            if let Some(child) = a.child {
                let stored = store.child(child, today).await.unwrap();
                assert!(stored.is_some(), "child {child} was registered, then lost");
            }
        }
        assert!(answered.iter().filter(|a| a.child.is_some()).count() >= 25);
    });
}

/// One request on its own connection; `None` once the server no longer answers in full.
fn call(address: &str, token: &str, request: &str, body: &str) -> Option<Answered> {
    let mut stream = TcpStream::connect(address).ok()?;
    let head = format!(
        "{request} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8(response).ok()?;
    let (head, content) = text.split_once("\r\n\r\n")?;
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    // A response cut short by the kill was never given in full: it acknowledges nothing.
    if header("content-length")?.parse::<usize>().ok()? != content.len() {
        return None;
    }
    let status = head.split(' ').nth(1)?;
    assert!(matches!(status, "200" | "201"), "{request}: {head}\n{content}");
    let child = (status == "201").then(|| {
        let created: serde_json::Value = serde_json::from_str(content).unwrap();
        created["id"].as_str().unwrap().parse().unwrap()
    });
    Some(Answered { request_id: header("x-request-id")?, child })
}
