//! Children on a council's records: one child, one record, registered by the council
//! responsible for them.

use crate::{Acting, Refused};
use sendcase_domain::policy::may_register_child;
use sendcase_store::NewChild;
use uuid::Uuid;

/// Records a child the actor's council is responsible for; their id.
pub async fn register_child(acting: Acting<'_>, child: NewChild) -> Result<Uuid, Refused> {
    if !may_register_child(acting.actor, child.responsible_la_id) {
        return Err(Refused::Forbidden);
    }
    Ok(acting.store.create_child(child, &acting.audit(None)).await?)
}
