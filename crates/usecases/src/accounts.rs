//! User accounts: an administrator disables an account, which ends its sessions and stops its
//! tokens at once, and can enable it again.

use crate::{Acting, Refused};
use sendcase_domain::policy::may_manage_users;
use uuid::Uuid;

/// Disables (or re-enables) `user`. An administrator cannot disable their own account, so the
/// service is never left with nobody to manage it by accident.
pub async fn set_user_disabled(
    acting: Acting<'_>,
    user: Uuid,
    disabled: bool,
) -> Result<(), Refused> {
    if !may_manage_users(acting.actor) {
        return Err(Refused::Forbidden);
    }
    if disabled && user == acting.actor.user_id {
        return Err(Refused::rule("", "You cannot disable your own account"));
    }
    Ok(acting.store.set_user_disabled(user, disabled, &acting.audit(None)).await?)
}
