//! A fresh application on a fresh database, driven in-process through `tower::ServiceExt::oneshot`.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use sendcase_store::{DatabaseUrl, Store};
use sendcase_web::{AppState, Settings};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

pub struct TestApp {
    pub store: Arc<dyn Store>,
    /// The database's URL, for a second server on the same database.
    pub url: String,
    settings: Settings,
    /// What the handlers share, for a test that must see a change made behind the server's back
    /// at once (`state.local_offer.invalidate()`).
    pub state: AppState,
    router: Router,
    /// How far the app's clock has been moved on from when it started (see [`TestApp::advance`]).
    ahead_micros: Arc<AtomicI64>,
    /// Each authenticator this app's users set up as they signed in: its key and the last time
    /// step whose code was used (a code works once, so the next sign-in waits for a later one).
    pub authenticators: Arc<Mutex<HashMap<String, (String, u64)>>>,
    /// `None` for a second server on another's database, which the first cleans up.
    _db: Option<DbGuard>,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent, for what is not text (a PDF).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `name=value` part of each Set-Cookie header.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_owned)
            .collect()
    }
}

/// What a test's database leaves behind, removed when the test app is dropped.
enum DbGuard {
    SqliteDir(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        match self {
            DbGuard::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            DbGuard::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Dropping runs outside any runtime, so the clean-up gets a small runtime of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(sendcase_store::PgStore::drop_database(&admin_url, &name))
                })
                .join();
            }
        }
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("SENDCASE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestApp {
    pub async fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(format!("sendcase-test-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}", dir.join("test.db").display());
        Self::start(&url, DbGuard::SqliteDir(dir)).await
    }

    pub async fn postgres() -> Self {
        let admin_url = pg_admin_url();
        let name = format!("sendcase_test_{}", uuid::Uuid::now_v7().simple());
        let url =
            sendcase_store::PgStore::create_database(&admin_url, &name).await.unwrap_or_else(|e| {
                panic!("PostgreSQL at {admin_url} must be reachable for the tests: {e}")
            });
        Self::start(&url, DbGuard::Postgres { admin_url, name }).await
    }

    async fn start(url: &str, guard: DbGuard) -> Self {
        let store =
            sendcase_store::connect(&DatabaseUrl::parse(url).unwrap()).await.expect("connect");
        let ahead_micros = Arc::new(AtomicI64::new(0));
        let ahead = ahead_micros.clone();
        // Stands still unless a test moves it, so what a test sees never depends on how fast it ran.
        let started = jiff::Timestamp::now();
        let now = move || started + jiff::SignedDuration::from_micros(ahead.load(Ordering::SeqCst));
        let settings = Settings {
            clock: sendcase_web::Clock(Arc::new(now)),
            // Slowing down is seen in the audit log; the tests need not wait for it.
            sign_in: sendcase_domain::sign_in::Limits {
                slow_step: jiff::SignedDuration::ZERO,
                ..Default::default()
            },
            ..Settings::default()
        };
        let state = AppState::new(store.clone(), settings.clone());
        let router = sendcase_web::app(state.clone());
        TestApp {
            store,
            url: url.to_owned(),
            settings,
            state,
            router,
            ahead_micros,
            authenticators: Arc::default(),
            _db: Some(guard),
        }
    }

    /// A second server on this app's database, as a second `serve` process would be: its own
    /// connections, its own audit writer and caches, the same settings and clock.
    pub async fn another_server(&self) -> TestApp {
        let store = sendcase_store::connect(&DatabaseUrl::parse(&self.url).unwrap())
            .await
            .expect("connect");
        let state = AppState::new(store.clone(), self.settings.clone());
        TestApp {
            store,
            url: self.url.clone(),
            settings: self.settings.clone(),
            router: sendcase_web::app(state.clone()),
            state,
            ahead_micros: self.ahead_micros.clone(),
            authenticators: self.authenticators.clone(),
            _db: None,
        }
    }

    /// The same app and database with some settings changed, as `serve`'s flags would.
    pub fn configured(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        change(&mut self.settings);
        self.state = AppState::new(self.store.clone(), self.settings.clone());
        self.router = sendcase_web::app(self.state.clone());
        self
    }

    /// Every path the application's router answers, read from the router itself (axum lists its
    /// routes' paths in its `Debug` output, `RouteId(n): "/path"`), so a new route is included
    /// without anyone adding it here.
    pub fn route_paths(&self) -> Vec<String> {
        let debug = format!("{:?}", self.router);
        let mut paths: Vec<String> = debug
            .split("RouteId(")
            .skip(1)
            .filter_map(|part| part.split_once("): \"/").map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_once('"').map(|(path, _)| format!("/{path}")))
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// Moves the app's clock (the one sign-in throttling reads) `by` into the future.
    pub fn advance(&self, by: jiff::SignedDuration) {
        self.ahead_micros.fetch_add(by.as_micros() as i64, Ordering::SeqCst);
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Response {
        self.request_from(None, method, path, headers, body).await
    }

    /// A request from the client at `from`, as `serve` sees the connection's peer.
    pub async fn request_from(
        &self,
        from: Option<std::net::IpAddr>,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(ip) = from {
            req = req.extension(axum::extract::ConnectInfo(std::net::SocketAddr::new(ip, 40000)));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Response { status, headers, body, bytes: bytes.to_vec() }
    }

    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        self.request(Method::GET, path, headers, Body::empty()).await
    }

    pub async fn post_form(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Response {
        self.post_form_from(None, &[], path, cookie, form).await
    }

    /// A form posted from the client at `from`, with `extra` headers (as a proxy would add).
    pub async fn post_form_from(
        &self,
        from: Option<std::net::IpAddr>,
        extra: &[(&str, &str)],
        path: &str,
        cookie: &str,
        form: &[(&str, &str)],
    ) -> Response {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut headers =
            vec![("content-type", "application/x-www-form-urlencoded"), ("cookie", cookie)];
        headers.extend_from_slice(extra);
        self.request_from(from, Method::POST, path, &headers, Body::from(body)).await
    }

    pub async fn post_json(&self, path: &str, token: &str, json: &serde_json::Value) -> Response {
        self.send_json(Method::POST, path, token, json).await
    }

    pub async fn put_json(&self, path: &str, token: &str, json: &serde_json::Value) -> Response {
        self.send_json(Method::PUT, path, token, json).await
    }

    async fn send_json(
        &self,
        method: Method,
        path: &str,
        token: &str,
        json: &serde_json::Value,
    ) -> Response {
        let auth = format!("Bearer {token}");
        let headers = [("content-type", "application/json"), ("authorization", auth.as_str())];
        self.request(method, path, &headers, Body::from(json.to_string())).await
    }

    pub async fn get_api(&self, path: &str, token: &str) -> Response {
        let auth = format!("Bearer {token}");
        self.get(path, &[("authorization", auth.as_str())]).await
    }

    /// Opens the form at `path` as the holder of `cookie` and submits it with its CSRF token.
    pub async fn submit(&self, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Response {
        let page = self.get(path, &[("cookie", cookie)]).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
        let csrf = hidden_csrf(&page.body);
        let mut form = vec![("csrf_token", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_form(path, cookie, &form).await
    }

    /// Opens the form at `path` as the holder of `cookie` and submits it as a browser sends a
    /// form with files (`multipart/form-data`): its CSRF token, `fields`, and each of `files`
    /// as `(name, bytes)` in the input `files`.
    pub async fn submit_with_files(
        &self,
        cookie: &str,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Response {
        let page = self.get(path, &[("cookie", cookie)]).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
        assert!(page.body.contains("enctype=\"multipart/form-data\""), "{}", page.body);
        let csrf = hidden_csrf(&page.body);
        let boundary = "----sendcase-test-boundary";
        let mut body: Vec<u8> = vec![];
        for (name, value) in std::iter::once(&("csrf_token", csrf.as_str())).chain(fields) {
            let head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            );
            body.extend(head.as_bytes());
        }
        for (file_name, bytes) in files {
            let head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            );
            body.extend(head.as_bytes());
            body.extend(*bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let kind = format!("multipart/form-data; boundary={boundary}");
        let headers = [("content-type", kind.as_str()), ("cookie", cookie)];
        self.request(Method::POST, path, &headers, Body::from(body)).await
    }

    /// Signs in through the form, as a browser would; returns the session cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let form = self.get("/sign-in", &[]).await;
        let form_cookie = form.cookies().join("; ");
        let token = hidden_csrf(&form.body);
        let res = self
            .post_form(
                "/sign-in",
                &form_cookie,
                &[("csrf_token", &token), ("email", email), ("password", password)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "sign-in as {email} failed: {}", res.body);
        let cookie = res
            .cookies()
            .into_iter()
            .find(|c| c.starts_with("sendcase_session="))
            .expect("session cookie");
        match res.headers["location"].to_str().unwrap() {
            "/sign-in/code" => {
                let code = self.next_code(email);
                let res = self.submit(&cookie, "/sign-in/code", &[("code", &code)]).await;
                assert_eq!(res.status, StatusCode::SEE_OTHER, "code for {email}: {}", res.body);
            }
            "/account/two-step/set-up" => {
                self.set_up_authenticator(&cookie, email).await;
            }
            _ => {}
        }
        cookie
    }

    /// Sets up an authenticator through its page as `email` would with an app, remembering its
    /// key for their later sign-ins; returns the recovery codes shown.
    pub async fn set_up_authenticator(&self, cookie: &str, email: &str) -> Vec<String> {
        let page = self.get("/account/two-step/set-up", &[("cookie", cookie)]).await;
        assert_eq!(page.status, StatusCode::OK, "set-up page: {}", page.body);
        let key = hidden_field(&page.body, "key");
        self.authenticators.lock().unwrap().insert(email.to_owned(), (key.clone(), 0));
        let code = self.next_code(email);
        let form = [("csrf_token", hidden_csrf(&page.body)), ("key", key), ("code", code)];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = self.post_form("/account/two-step/set-up", cookie, &form).await;
        assert_eq!(res.status, StatusCode::OK, "setting up for {email}: {}", res.body);
        res.body
            .split("<li><code>")
            .skip(1)
            .filter_map(|s| s.split("</code>").next())
            .map(str::to_owned)
            .collect()
    }

    /// The code `email`'s app shows now, moving the clock on to the next time step when this
    /// one's code was used already.
    pub fn next_code(&self, email: &str) -> String {
        let mut all = self.authenticators.lock().unwrap();
        let (key, last) = all.get_mut(email).expect("an authenticator set up by this test");
        let step_of = |app: &Self| u64::try_from(app.now().as_second()).unwrap() / 30;
        if step_of(self) <= *last {
            self.advance(jiff::SignedDuration::from_secs(30));
        }
        let step = step_of(self);
        *last = step;
        totp(key).generate(step * 30).to_string()
    }

    /// The time on the app's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.settings.clock.now()
    }
}

/// An authenticator app holding `key`.
pub fn totp(key: &str) -> totp_rs::Totp {
    let secret = totp_rs::Secret::try_from_base32(key).expect("a base32 key");
    totp_rs::Builder::new().with_secret(secret).build().expect("a valid key")
}

pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no field {name}")) + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

pub fn hidden_csrf(html: &str) -> String {
    let start = html.find("name=\"csrf_token\" value=\"").expect("csrf field")
        + "name=\"csrf_token\" value=\"".len();
    html[start..].split('"').next().unwrap().to_owned()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
