//! Accounts, the organisations GIAS does not list, and API tokens, from the command line.

use crate::{CliError, DbArg};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::policy::Membership;
use sendcase_store::{AuditMeta, NewOrganisation, NewUser, Organisation, Store};
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
        /// ROLE or ROLE:ORG, repeatable; ORG is the LA code of a local authority, the URN of a
        /// school, or the name of a health body (or, for a professional, of the service they work
        /// in), e.g. --role la_caseworker:886 --role senco:118000 --role
        /// "designated_clinical_officer:Kent ICB" --role "professional:Kent ICB" --role parent
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
pub enum OrganisationCommand {
    /// Add a health body, social care team or other provider serving one council's local area
    /// (schools and colleges come from GIAS, councils with them)
    Add {
        #[command(flatten)]
        db: DbArg,
        /// health_body, social_care_team or other_provider
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// The LA code of the council whose local area it serves, e.g. 886
        #[arg(long)]
        area: String,
    },
}

pub async fn organisation(cmd: OrganisationCommand) -> Result<(), CliError> {
    let OrganisationCommand::Add { db, kind, name, area } = cmd;
    let kind: OrganisationKind = kind.parse().map_err(CliError::Usage)?;
    if !OrganisationKind::SERVICES.contains(&kind) {
        return Err(CliError::Usage(format!(
            "--kind {}: only a health body, social care team or other provider is added here",
            kind.as_str()
        )));
    }
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(CliError::Usage("--name: enter the organisation's name".into()));
    }
    let store = sendcase_store::connect(&db.url()?).await?;
    let orgs = store.organisations().await?;
    let council = orgs
        .iter()
        .find(|o| {
            o.kind == OrganisationKind::LocalAuthority
                && o.la_code.as_ref().is_some_and(|c| c.to_string() == area)
        })
        .ok_or_else(|| {
            CliError::Usage(format!("--area {area}: no local authority with that LA code"))
        })?;
    // Its name is how roles are given in it, so it must name one organisation.
    if orgs.iter().any(|o| o.kind == kind && o.name == name) {
        return Err(CliError::Usage(format!(
            "--name {name}: a {} of that name exists",
            kind.label().to_lowercase()
        )));
    }
    let new = NewOrganisation {
        kind,
        name: name.clone(),
        la_code: None,
        urn: None,
        phase: None,
        school_type: None,
        ukprn: None,
        local_authority_id: Some(council.id),
    };
    let id = store.create_organisation(new, &cli_audit("organisation-add")).await?;
    println!("added {} {name} ({id}), serving {}", kind.label().to_lowercase(), council.name);
    Ok(())
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
                        || o.urn.as_ref().is_some_and(|u| u.to_string() == code)
                        || kind == OrganisationKind::HealthBody && o.name == code)
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
        // A professional may say which service they work in, by its name.
        (None, Some(name)) if !role.may_work_in().is_empty() => Some(
            orgs.iter()
                .find(|o| role.may_work_in().contains(&o.kind) && o.name == name)
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "--role {spec}: no health body, social care team or other provider called {name}"
                    ))
                })?
                .id,
        ),
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
