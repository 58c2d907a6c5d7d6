//! The demo's Local Offer: 320 services across every kind of provision and need in the demo
//! area, some run by the demo's own organisations (so their staff can keep them), and a postcode
//! table for the area's towns.

use crate::CliError;
use sendcase_domain::local_offer::synthetic::{PLACES, services};
use sendcase_store::{AuditMeta, Store};
use uuid::Uuid;

pub const SERVICES: usize = 320;

/// Loads the Local Offer of `council`, whose organisations run some of its services.
pub async fn load(store: &dyn Store, council: Uuid, meta: &AuditMeta) -> Result<(), CliError> {
    let orgs = store.organisations().await?;
    let mut all = services(SERVICES, council, sendcase_web::today());
    for s in &mut all {
        if let Some(org) = orgs.iter().find(|o| o.name == s.provider.name) {
            s.provider.id = org.id;
        }
    }
    store.put_local_offer_services(&all, meta).await?;
    let postcodes: Vec<(String, f64, f64)> =
        PLACES.iter().map(|(_, code, lat, lon)| ((*code).to_owned(), *lat, *lon)).collect();
    store.put_postcodes(&postcodes, meta).await?;
    Ok(())
}
