//! Email from the outbox. `serve` runs [`run`] beside the web app: it claims each due email from
//! the store (a lease, so two servers never hold the same one and a stopped server's claim
//! lapses), sends it over SMTP outside any transaction, and records it sent while the lease
//! holds, or failed to be tried again after the domain's back-off. Pages only ever write to the
//! outbox, so sending never holds one up.

use jiff::{SignedDuration, Timestamp};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sendcase_domain::messages::email::{email, retry_after};
use sendcase_domain::password_reset::{changed_email, reset_email};
use sendcase_domain::people::invitations::invitation_email;
use sendcase_store::{ClaimedEmail, Store, StoreResult};
use std::time::Duration;

/// How long a claim lasts: far longer than one SMTP conversation may take ([`SMTP_TIMEOUT`]),
/// so an email is recorded sent well before another worker could claim it again.
pub const LEASE: SignedDuration = SignedDuration::from_mins(2);
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an idle worker looks for due emails.
const POLL: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("--smtp-url is not a mail server's address (smtp://host:port or smtps://…): {0}")]
    BadUrl(String),
    #[error("--mail-from is not an email address: {0}")]
    BadFrom(String),
}

/// A mail server and the address emails come from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where the service is reached, without a trailing slash: links are made absolute with it.
    public_url: String,
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://host:port` (plain, for a test server),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465`.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Self, MailError> {
        // The URL may hold a password, so the error never repeats it.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailError::BadUrl(e.to_string()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from.parse().map_err(|_| MailError::BadFrom(from.to_owned()))?;
        Ok(Mailer { transport, from, public_url: public_url.trim_end_matches('/').to_owned() })
    }

    async fn send(&self, claimed: &ClaimedEmail) -> Result<(), String> {
        let url = format!("{}{}", self.public_url, claimed.link);
        let written = match claimed.kind.as_str() {
            "password_reset" => reset_email(&url),
            "password_changed" => changed_email(&url),
            "invitation" => invitation_email(&claimed.body, &url),
            _ => email(&claimed.display_name, &claimed.body, &url),
        };
        let to: Mailbox = claimed.email.parse().map_err(|e| format!("recipient address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(written.subject)
            // Sent again only if a worker stopped between sending and recording it; the same
            // Message-ID lets the receiving side see it is the same email.
            .message_id(Some(format!("<{}@sendcase>", claimed.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(written.body)
            .map_err(|e| e.to_string())?;
        self.transport.send(message).await.map(drop).map_err(|e| e.to_string())
    }
}

/// Sends every email due, as the worker `worker`, until none is left; `now` is the time as the
/// outbox sees it. How many were sent.
pub async fn deliver_due(
    store: &dyn Store,
    mailer: &Mailer,
    worker: &str,
    now: &(dyn Fn() -> Timestamp + Sync),
) -> StoreResult<usize> {
    let mut sent = 0;
    while let Some(claimed) = store.claim_email(worker, now(), LEASE).await? {
        match mailer.send(&claimed).await {
            Ok(()) => {
                if store.email_sent(claimed.id, worker, now()).await? {
                    sent += 1;
                } else {
                    tracing::warn!(email = %claimed.id, "email sent after its claim lapsed");
                }
            }
            Err(error) => {
                let retry_at = retry_after(claimed.attempts).map(|wait| now() + wait);
                tracing::warn!(email = %claimed.id, attempts = claimed.attempts, %error,
                    gives_up = retry_at.is_none(), "email not sent");
                store.email_failed(claimed.id, worker, &error, retry_at).await?;
            }
        }
    }
    Ok(sent)
}

/// Delivers due emails until `stopped` turns true, looking again every couple of seconds. A
/// database error is logged and tried again on the next round.
pub async fn run(
    store: std::sync::Arc<dyn Store>,
    mailer: Mailer,
    worker: String,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if let Err(e) = deliver_due(store.as_ref(), &mailer, &worker, &Timestamp::now).await {
            tracing::error!(error.cause = %e, "outbox: {e}");
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = stopped.changed() => return,
        }
    }
}
