//! Accounts and API tokens, from the command line.

use crate::{CliError, DbArg};
use sendcase_domain::people::roles::Role;
use sendcase_domain::policy::Membership;
use sendcase_store::{AuditMeta, NewUser, Organisation, Store};
use sendcase_web::auth::{hash_password, hash_secret, new_secret};
use std::io::BufRead;

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from the first line of standard input
    Add {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// ROLE or ROLE:ORG, repeatable; ORG is the LA code of a local authority or the URN of a school,
        /// e.g. --role la_caseworker:886 --role senco:118000 --role parent
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// Disable a user: their sessions end and their API tokens stop working at once
    Disable {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled user again
    Enable {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        email: String,
    },
}

#[derive(clap::Subcommand)]
pub enum TokenCommand {
    /// Issue a bearer token for the JSON API; the token is the last line printed
    Issue {
        #[command(flatten)]
        db: DbArg,
        /// The email address of the user the token acts for
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "command line")]
        label: String,
        /// How many days the token works for
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u16).range(1..=366))]
        days: u16,
    },
    /// Revoke every API token of a user
    Revoke {
        #[command(flatten)]
        db: DbArg,
        /// The email address of the user whose tokens stop working
        #[arg(long)]
        user: String,
    },
}

fn cli_audit(what: &str) -> AuditMeta {
    AuditMeta::system(format!("cli-{what}-{}", uuid::Uuid::now_v7()))
}

/// Parses `ROLE` or `ROLE:ORG` against the organisations that exist.
fn parse_membership(spec: &str, orgs: &[Organisation]) -> Result<Membership, CliError> {
    let (role, org) = match spec.split_once(':') {
        Some((r, o)) => (r, Some(o)),
        None => (spec, None),
    };
    let role: Role = role
        .parse()
        .map_err(|e: sendcase_domain::people::roles::UnknownRole| CliError::Usage(e.to_string()))?;
    let organisation_id = match (role.organisation_kind(), org) {
        (Some(kind), Some(code)) => {
            let found = orgs.iter().find(|o| {
                o.kind == kind
                    && (o.la_code.as_ref().is_some_and(|c| c.to_string() == code)
                        || o.urn.as_ref().is_some_and(|u| u.to_string() == code))
            });
            Some(
                found
                    .ok_or_else(|| {
                        CliError::Usage(format!(
                            "--role {spec}: no {} with code {code}",
                            kind.label().to_lowercase()
                        ))
                    })?
                    .id,
            )
        }
        (Some(kind), None) => {
            return Err(CliError::Usage(format!(
                "--role {spec}: say which {} with {role}:CODE",
                kind.label().to_lowercase()
            )));
        }
        (None, Some(_)) => {
            return Err(CliError::Usage(format!(
                "--role {spec}: {role} is not held in an organisation"
            )));
        }
        (None, None) => None,
    };
    Ok(Membership { role, organisation_id })
}

pub async fn user(cmd: UserCommand) -> Result<(), CliError> {
    let (db, email, name, roles) = match cmd {
        UserCommand::Add { db, email, name, roles } => (db, email, name, roles),
        UserCommand::Disable { db, email } => return set_disabled(db, &email, true).await,
        UserCommand::Enable { db, email } => return set_disabled(db, &email, false).await,
    };
    if !email.contains('@') {
        return Err(CliError::Usage(format!(
            "--email {email}: enter an email address like name@example.org"
        )));
    }
    let store = sendcase_store::connect(&db.url()?).await?;
    let orgs = store.organisations().await?;
    let memberships =
        roles.iter().map(|r| parse_membership(r, &orgs)).collect::<Result<Vec<_>, _>>()?;
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < sendcase_domain::password_reset::SHORTEST_PASSWORD {
        return Err(CliError::Usage(
            "the password (first line of standard input) must be at least 12 characters".into(),
        ));
    }
    let new = NewUser {
        email: email.clone(),
        display_name: name,
        password_hash: hash_password(password)?,
        memberships,
    };
    let id = store.create_user(new, &cli_audit("user-add")).await.map_err(|e| match e {
        sendcase_store::StoreError::Duplicate { .. } => {
            CliError::Usage(format!("a user with email {email} already exists"))
        }
        other => other.into(),
    })?;
    println!("added user {email} ({id})");
    Ok(())
}

async fn account(store: &dyn Store, email: &str) -> Result<sendcase_store::UserAccount, CliError> {
    store
        .user_account_by_email(email)
        .await?
        .ok_or_else(|| CliError::Usage(format!("no user with email {email}")))
}

async fn set_disabled(db: DbArg, email: &str, disabled: bool) -> Result<(), CliError> {
    let store = sendcase_store::connect(&db.url()?).await?;
    let id = account(store.as_ref(), email).await?.user.id;
    store.set_user_disabled(id, disabled, &cli_audit("user-disable")).await?;
    println!("{} {email}", if disabled { "disabled" } else { "enabled" });
    Ok(())
}

/// Issues a token for `email` that works for `days` and returns it; only its hash is stored.
pub async fn issue_token(
    store: &dyn Store,
    email: &str,
    label: &str,
    days: u16,
) -> Result<String, CliError> {
    let user = account(store, email).await?.user.id;
    let token = new_secret();
    let expires_at =
        jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * i64::from(days));
    let meta = cli_audit("token-issue");
    store.create_api_token(user, &hash_secret(&token), label, expires_at, &meta).await?;
    Ok(token)
}

pub async fn token(cmd: TokenCommand) -> Result<(), CliError> {
    match cmd {
        TokenCommand::Issue { db, user, label, days } => {
            let store = sendcase_store::connect(&db.url()?).await?;
            let token = issue_token(store.as_ref(), &user, &label, days).await?;
            println!(
                "API token for {user}, working for {days} days (send it as 'Authorization: Bearer <token>'; it is shown only once):"
            );
            println!("{token}");
        }
        TokenCommand::Revoke { db, user } => {
            let store = sendcase_store::connect(&db.url()?).await?;
            let id = account(store.as_ref(), &user).await?.user.id;
            let revoked = store.revoke_api_tokens(id, &cli_audit("token-revoke")).await?;
            println!("revoked {revoked} API token(s) of {user}");
        }
    }
    Ok(())
}
