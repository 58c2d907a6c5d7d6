//! The identity providers people may sign in through: read from the operator's JSON file, each
//! discovered at start-up (its endpoints and keys), so a wrong issuer stops `serve` rather than
//! the first person signing in.

use openidconnect::core::{CoreClient, CoreProviderMetadata};
use openidconnect::{
    ClientId, ClientSecret, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, RedirectUrl,
};
use serde::Deserialize;
use std::path::Path;
use uuid::Uuid;

/// A discovered client of one provider.
pub type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// One provider as the operator writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Its name in URLs: small letters, digits and dashes.
    pub id: String,
    /// Who it signs people in for, shown as "Sign in with {label}".
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// The environment variable holding the secret, to keep it out of the file.
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// The organisations whose people it signs in, by id or by name as sendcase shows it.
    pub organisations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    providers: Vec<ProviderConfig>,
}

/// Reads the providers from `path`; every error names the file and what is wrong in it.
pub fn read_config(path: &Path) -> Result<Vec<ProviderConfig>, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    parse_config(&text).map_err(|e| format!("{shown}: {e}"))
}

fn parse_config(text: &str) -> Result<Vec<ProviderConfig>, String> {
    let file: ConfigFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut seen = std::collections::BTreeSet::new();
    for p in &file.providers {
        let id_ok = !p.id.is_empty()
            && p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(format!("provider id {:?}: use small letters, digits and dashes", p.id));
        }
        if !seen.insert(p.id.clone()) {
            return Err(format!("provider id {:?} is given twice", p.id));
        }
        if p.organisations.is_empty() {
            return Err(format!("provider {:?}: name the organisations it signs in", p.id));
        }
        if p.client_secret.is_some() && p.client_secret_env.is_some() {
            return Err(format!("provider {:?}: give client_secret or client_secret_env", p.id));
        }
    }
    Ok(file.providers)
}

/// A provider ready to sign people in.
#[derive(Clone)]
pub struct Provider {
    pub id: String,
    pub label: String,
    pub organisations: Vec<Uuid>,
    pub client: Client,
}

/// Every provider, and the HTTP client that talks to them.
#[derive(Clone, Default)]
pub struct Providers {
    pub list: Vec<Provider>,
    /// The origins of the providers' authorisation endpoints, for the pages' `form-action`.
    pub form_action: String,
    pub http: Option<openidconnect::reqwest::Client>,
}

/// Only the providers' ids: a client holds its secret.
impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.list.iter().map(|p| &p.id)).finish()
    }
}

impl Providers {
    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.list.iter().find(|p| p.id == id)
    }

    /// Discovers each provider, with `public_url` (as people reach the service) for the
    /// callback and `organisations` (`(id, name)`) to read the names in the file.
    pub async fn discover(
        configs: Vec<ProviderConfig>,
        public_url: &str,
        organisations: &[(Uuid, String)],
    ) -> Result<Self, String> {
        // No redirects: a provider's answer is taken as given, never followed elsewhere.
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let mut list = vec![];
        for c in configs {
            let at = |what: &str| format!("provider {:?}: {what}", c.id);
            let issuer = IssuerUrl::new(c.issuer.clone()).map_err(|e| at(&e.to_string()))?;
            let meta = CoreProviderMetadata::discover_async(issuer, &http)
                .await
                .map_err(|e| at(&format!("discovery at {} failed: {e}", c.issuer)))?;
            let secret = match (&c.client_secret, &c.client_secret_env) {
                (Some(s), _) => Some(s.clone()),
                (None, Some(var)) => {
                    Some(std::env::var(var).map_err(|_| at(&format!("{var} is not set")))?)
                }
                (None, None) => None,
            };
            let callback =
                format!("{}/sign-in/sso/{}/callback", public_url.trim_end_matches('/'), c.id);
            let redirect = RedirectUrl::new(callback).map_err(|e| at(&e.to_string()))?;
            let client = CoreClient::from_provider_metadata(
                meta,
                ClientId::new(c.client_id.clone()),
                secret.map(ClientSecret::new),
            )
            .set_redirect_uri(redirect);
            let organisations = c
                .organisations
                .iter()
                .map(|o| {
                    organisation(o, organisations)
                        .ok_or_else(|| at(&format!("no organisation {o:?}")))
                })
                .collect::<Result<_, _>>()?;
            list.push(Provider { id: c.id, label: c.label, organisations, client });
        }
        let mut origins: Vec<String> =
            list.iter().map(|p| p.client.auth_uri().url().origin().ascii_serialization()).collect();
        origins.sort();
        origins.dedup();
        Ok(Providers { list, form_action: origins.join(" "), http: Some(http) })
    }
}

fn organisation(given: &str, known: &[(Uuid, String)]) -> Option<Uuid> {
    let by_id = given.parse::<Uuid>().ok();
    known.iter().find(|(id, name)| Some(*id) == by_id || name == given).map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"id": "kent", "label": "Kent County Council",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0", "client_id": "c",
        "client_secret_env": "KENT_SECRET", "organisations": ["Kent County Council"]}"#;

    #[test]
    fn a_file_of_providers_is_read_and_its_mistakes_named() {
        let ok = parse_config(&format!(r#"{{"providers": [{ONE}]}}"#)).unwrap();
        assert_eq!(ok[0].client_secret_env.as_deref(), Some("KENT_SECRET"));
        let twice = parse_config(&format!(r#"{{"providers": [{ONE}, {ONE}]}}"#));
        assert!(twice.unwrap_err().contains("given twice"));
        let bad_id = ONE.replace("\"kent\"", "\"Kent Council\"");
        let bad = parse_config(&format!(r#"{{"providers": [{bad_id}]}}"#));
        assert!(bad.unwrap_err().contains("small letters"));
        let typo = ONE.replace("client_id", "clientid");
        assert!(parse_config(&format!(r#"{{"providers": [{typo}]}}"#)).is_err());
        let none = ONE.replace("[\"Kent County Council\"]", "[]");
        let none = parse_config(&format!(r#"{{"providers": [{none}]}}"#));
        assert!(none.unwrap_err().contains("organisations"));
    }

    #[test]
    fn organisations_are_named_by_id_or_name() {
        let id = Uuid::from_u128(7);
        let known = [(id, "Kent County Council".to_owned())];
        assert_eq!(organisation("Kent County Council", &known), Some(id));
        assert_eq!(organisation(&id.to_string(), &known), Some(id));
        assert_eq!(organisation("Kent", &known), None);
    }
}
