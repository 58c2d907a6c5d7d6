//! Accounts, API tokens and the audit check, from the command line.

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
    },
}

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain of the audit log; exits 1 naming the first entry that was altered or removed
    Verify {
        #[command(flatten)]
        db: DbArg,
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
    let UserCommand::Add { db, email, name, roles } = cmd;
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
    if password.chars().count() < 12 {
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

/// Issues a token for `email` and returns it; only its hash is stored.
pub async fn issue_token(store: &dyn Store, email: &str, label: &str) -> Result<String, CliError> {
    let account = store
        .user_account_by_email(email)
        .await?
        .ok_or_else(|| CliError::Usage(format!("no user with email {email}")))?;
    let token = new_secret();
    store
        .create_api_token(account.user.id, &hash_secret(&token), label, &cli_audit("token-issue"))
        .await?;
    Ok(token)
}

pub async fn token(cmd: TokenCommand) -> Result<(), CliError> {
    let TokenCommand::Issue { db, user, label } = cmd;
    let store = sendcase_store::connect(&db.url()?).await?;
    let token = issue_token(store.as_ref(), &user, &label).await?;
    println!(
        "API token for {user} (send it as 'Authorization: Bearer <token>'; it is shown only once):"
    );
    println!("{token}");
    Ok(())
}

pub async fn audit(cmd: AuditCommand) -> Result<(), CliError> {
    let AuditCommand::Verify { db } = cmd;
    let store = sendcase_store::connect(&db.url()?).await?;
    match store.verify_audit().await? {
        Ok(n) => {
            println!("audit log intact: {n} entries checked");
            Ok(())
        }
        Err(brk) => Err(CliError::Failure(anyhow::anyhow!("audit log broken: {brk}"))),
    }
}
