//! `sendcase serve`: the web application, stopped gracefully by SIGTERM or Ctrl-C.

use crate::{CliError, DbArg};
use sendcase_domain::clock::calendar::Calendar;
use sendcase_store::Store;
use sendcase_usecases::Refused;
use sendcase_usecases::authenticator_key::{self, AuthenticatorKey};
use sendcase_usecases::ehc::write_reminders;
use sendcase_web::{AppState, Settings};
use std::sync::Arc;

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Address to listen on; port 0 picks a free port
    #[arg(long, env = "SENDCASE_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Load the demo data first if it is not there yet
    #[arg(long, env = "SENDCASE_DEMO")]
    demo: bool,
    /// The address people reach the service at; an https:// address makes cookies Secure and
    /// turns on Strict-Transport-Security
    #[arg(long, env = "SENDCASE_PUBLIC_URL")]
    public_url: Option<String>,
    /// Behind a reverse proxy: count sign-in attempts by the address it appends to
    /// X-Forwarded-For (only if the proxy always sets it; otherwise clients could choose theirs)
    #[arg(long, env = "SENDCASE_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    #[command(flatten)]
    bank_holidays: crate::clock::BankHolidaysArg,
    /// With the audit key: sign the audit log's head this often (and when stopping)
    #[command(flatten)]
    audit_key: crate::audit::KeyArg,
    #[arg(long, env = "SENDCASE_AUDIT_CHECKPOINT_MINUTES", default_value_t = 5)]
    audit_checkpoint_minutes: u64,
    /// File holding the key authenticator apps' secrets are sealed with in the database (at
    /// least 32 bytes; or the key itself in SENDCASE_AUTHENTICATOR_KEY); without it they are
    /// stored unsealed
    #[arg(long, env = "SENDCASE_AUTHENTICATOR_KEY_FILE")]
    authenticator_key_file: Option<std::path::PathBuf>,
    /// The mail server messages are emailed through: smtp://host:port, with user:password@ and
    /// ?tls=required for STARTTLS, or smtps://… for TLS; without it, email is off (messages
    /// still reach each person's inbox)
    #[arg(long, env = "SENDCASE_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The address emails come from
    #[arg(
        long,
        env = "SENDCASE_MAIL_FROM",
        default_value = "sendcase <no-reply@sendcase.invalid>"
    )]
    mail_from: String,
    /// Remind whoever is responsible for a duty this many days before it is due (and again on
    /// each of as many days after it became overdue)
    #[arg(long, env = "SENDCASE_REMIND_DAYS", default_value_t = 5,
        value_parser = clap::value_parser!(i64).range(1..=60))]
    remind_days: i64,
    /// End a signed-in session after this many minutes without use
    #[arg(long, env = "SENDCASE_SESSION_IDLE_MINUTES", default_value_t = 30,
        value_parser = clap::value_parser!(i64).range(1..=1440))]
    session_idle_minutes: i64,
    /// End a signed-in session this many hours after signing in, however it is used
    #[arg(long, env = "SENDCASE_SESSION_HOURS", default_value_t = 8,
        value_parser = clap::value_parser!(i64).range(1..=168))]
    session_hours: i64,
    /// A JSON file of the OpenID Connect providers staff may sign in through (see README.md);
    /// without it, single sign-on is off
    #[arg(long, env = "SENDCASE_OIDC_CONFIG")]
    oidc_config: Option<std::path::PathBuf>,
}

/// Reads and discovers the identity providers; any mistake stops `serve`, naming the file.
async fn single_sign_on(
    args: &ServeArgs,
    store: &dyn Store,
    public_url: &str,
) -> Result<sendcase_web::sso::providers::Providers, CliError> {
    use sendcase_web::sso::providers::{Providers, read_config};
    let Some(path) = &args.oidc_config else { return Ok(Providers::default()) };
    let configs = read_config(path).map_err(CliError::Usage)?;
    let organisations: Vec<_> =
        store.organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
    let providers = Providers::discover(configs, public_url, &organisations)
        .await
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
    Ok(providers)
}

fn authenticator_key(args: &ServeArgs) -> Result<Option<AuthenticatorKey>, CliError> {
    let file = args.authenticator_key_file.as_deref();
    let flag = "--authenticator-key-file";
    match crate::keys::read(file, "SENDCASE_AUTHENTICATOR_KEY", flag, "authenticator key")? {
        Some(key) => AuthenticatorKey::new(&key).map(Some).map_err(CliError::Usage),
        None => Ok(None),
    }
}

/// Seals the secrets stored before the key was given, or stops if they cannot be read with the
/// key given (or without one).
async fn seal_authenticators(
    store: &dyn Store,
    key: Option<&AuthenticatorKey>,
) -> Result<(), CliError> {
    let sealed = match authenticator_key::seal_stored(store, key, "serve-start").await {
        Ok(sealed) => sealed,
        Err(Refused::NotSetUp(why)) => return Err(CliError::Usage(why)),
        Err(e) => return Err(e.into()),
    };
    match key {
        Some(_) if sealed > 0 => tracing::info!(sealed, "authenticator secrets sealed"),
        Some(_) => {}
        None => tracing::warn!(
            "no authenticator key: authenticator secrets are stored unsealed (see SECURITY.md)"
        ),
    }
    Ok(())
}

pub async fn run(args: ServeArgs) -> Result<(), CliError> {
    let url = args.db.url()?;
    let calendar = args.bank_holidays.calendar()?;
    let audit_key = args.audit_key.key()?;
    if args.audit_checkpoint_minutes == 0 {
        return Err(CliError::Usage("--audit-checkpoint-minutes must be at least 1".into()));
    }
    let authenticator_key = authenticator_key(&args)?;
    let store = sendcase_store::connect(&url).await?;
    seal_authenticators(store.as_ref(), authenticator_key.as_ref()).await?;
    if args.demo {
        crate::demo::load(store.as_ref()).await?;
    }
    crate::rebuild::bring_up_to_date(store.as_ref(), &calendar).await?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {}: {e}", args.addr)))?;
    let local = listener.local_addr()?;
    let https = args.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let settings = Settings {
        secure_cookies: https,
        hsts: https,
        trust_forwarded_for: args.trust_forwarded_for,
        calendar: calendar.clone(),
        sessions: sendcase_domain::sessions::Limits {
            idle: jiff::SignedDuration::from_mins(args.session_idle_minutes),
            lifetime: jiff::SignedDuration::from_hours(args.session_hours),
        },
        authenticator_key,
        ..Settings::default()
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let checkpoints = match audit_key {
        Some(key) => {
            let every = std::time::Duration::from_secs(60 * args.audit_checkpoint_minutes);
            let task =
                crate::audit::checkpoints_while_serving(store.clone(), key, every, stopped.clone());
            Some(tokio::spawn(task))
        }
        None => {
            tracing::warn!("no audit key: the audit log is not checkpointed (see SECURITY.md)");
            None
        }
    };
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{local}"));
    let sso = single_sign_on(&args, store.as_ref(), &public_url).await?;
    let sso = Arc::new(sso);
    let settings = Settings { sso: sso.clone(), ..settings };
    let mail = match &args.smtp_url {
        Some(smtp) => {
            let mailer = sendcase_mail::Mailer::new(smtp, &args.mail_from, &public_url)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            let worker = format!("serve-{}", uuid::Uuid::now_v7());
            Some(tokio::spawn(sendcase_mail::run(store.clone(), mailer, worker, stopped.clone())))
        }
        None => None,
    };
    let reminders = tokio::spawn(reminders_while_serving(
        store.clone(),
        calendar.clone(),
        args.remind_days,
        stopped.clone(),
    ));
    let app = sendcase_web::app(AppState::new(store, settings));
    tracing::info!(db = %url, "database ready");
    println!("sendcase is running at http://{local}/ (database {url})");
    if mail.is_none() {
        println!("email is off: no --smtp-url, so messages reach only each person's inbox");
    }
    if sso.list.is_empty() {
        println!("single sign-on is off: no --oidc-config");
    }
    for p in &sso.list {
        println!("single sign-on: \"Sign in with {}\" at /sign-in/sso/{}", p.label, p.id);
    }
    if args.demo {
        println!("demo: {}", crate::demo::how_to_sign_in());
    }
    // The peer's address is what sign-in throttling counts guesses by.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    // The last checkpoint vouches for everything written before the server stopped.
    let _ = stop.send(true);
    for task in [checkpoints, mail, Some(reminders)].into_iter().flatten() {
        let _ = task.await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// Writes each day's reminders once, when the server starts and then on the first hourly look
/// of each new day; each is written at most once, so a restart or a second server adds none.
async fn reminders_while_serving(
    store: Arc<dyn Store>,
    calendar: Arc<Calendar>,
    days_before: i64,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let mut done_for = None;
    loop {
        let today = sendcase_web::today();
        if done_for != Some(today) {
            match write_reminders(store.as_ref(), &calendar, today, days_before).await {
                Ok(written) => {
                    tracing::info!(written, "reminders for {today} written");
                    done_for = Some(today);
                }
                Err(e) => tracing::error!(error.cause = %e, "reminders: {e}"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(3600)) => {}
            _ = stopped.changed() => return,
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
