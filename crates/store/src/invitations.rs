//! A council linking a parent or carer, or the young person, to a child's record: with an
//! account already there, the link and a message to say so; for someone new, the account, the
//! link, and the invitation email whose one-time link (kept by its hash, as a password reset
//! link is) sets their first password. All of it in one transaction.

use crate::audit::AuditMeta;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use crate::messages::NewMessage;
use crate::model::{FamilyRelationship, NewUser};
use async_trait::async_trait;
use jiff::Timestamp;
use uuid::Uuid;

/// Who is linked: an account already in use, told by `message`; or a new one, sent the
/// invitation.
#[derive(Debug, Clone)]
pub enum Invited {
    Existing { user_id: Uuid, message: NewMessage },
    New { user: NewUser, invitation: InvitationLink },
}

/// The invitation's link: the hash of its secret, until when it works, its path (it holds the
/// secret, so the outbox blanks it once sent), and the sentence the email says it with.
#[derive(Debug, Clone)]
pub struct InvitationLink {
    pub token_hash: String,
    pub expires: Timestamp,
    pub link: String,
    pub text: String,
}

#[async_trait]
pub trait InvitationStore: Send + Sync {
    /// Links `invited` to the child as `relationship`, with an audit entry; the account linked.
    async fn link_invited(
        &self,
        child_id: Uuid,
        relationship: FamilyRelationship,
        invited: Invited,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid>;
}

#[async_trait]
impl<E: Engine> InvitationStore for SqlStore<E> {
    async fn link_invited(
        &self,
        child_id: Uuid,
        relationship: FamilyRelationship,
        invited: Invited,
        meta: &AuditMeta,
    ) -> StoreResult<Uuid> {
        let mut tx = self.begin().await?;
        let user_id = match &invited {
            Invited::Existing { user_id, .. } => *user_id,
            Invited::New { user, .. } => {
                let id = Uuid::now_v7();
                Self::insert_user(&mut tx, id, user).await?;
                id
            }
        };
        Self::insert_family_link(&mut tx, child_id, user_id, relationship).await?;
        match invited {
            Invited::Existing { message, .. } => {
                Self::insert_messages(&mut tx, &[message], Timestamp::now()).await?;
            }
            Invited::New { invitation, .. } => {
                Sql::<E>::new(
                    "INSERT INTO password_resets (token_hash, user_id, expires_micros) \
                     VALUES ($1, $2, $3)",
                )
                .bind(&invitation.token_hash)
                .bind(user_id)
                .bind(invitation.expires.as_microsecond())
                .execute(&mut *tx)
                .await?;
                Sql::<E>::new(
                    "INSERT INTO outbox (id, user_id, kind, body, link, state, attempts, \
                     run_after_micros) VALUES ($1, $2, 'invitation', $3, $4, 'pending', 0, $5)",
                )
                .bind(Uuid::now_v7())
                .bind(user_id)
                .bind(&invitation.text)
                .bind(&invitation.link)
                .bind(Timestamp::now().as_microsecond())
                .execute(&mut *tx)
                .await?;
            }
        }
        Self::commit_audited(tx, meta, "invite_family", "child", Some(&child_id.to_string()))
            .await?;
        Ok(user_id)
    }
}
