//! A person's own choice of how they are told (every message reaches their inbox; email is the
//! choice), which nobody else makes for them.

use crate::{Acting, Refused};

/// `acting`'s own choice whether their messages come by email too.
pub async fn choose_email(acting: Acting<'_>, on: bool) -> Result<(), Refused> {
    let user = acting.actor.user_id;
    Ok(acting.store.set_wants_email(user, on, &acting.audit(None)).await?)
}
