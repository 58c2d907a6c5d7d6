//! A council linking a parent or carer, or the young person, to a child's record: with an
//! account already there, the link and a message to say so; for someone new, the account, the
//! link, and the invitation email whose one-time link (kept by its hash, as a password reset
//! link is) sets their first password. All of it in one transaction.

use crate::audit::AuditMeta;
use crate::engine::{Engine, Sql, SqlStore, Tx};
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
    New(NewAccount),
}

/// An account made for someone invited, and the invitation that sets its first password.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub user: NewUser,
    pub invitation: InvitationLink,
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
        let user_id = match invited {
            Invited::Existing { user_id, message } => {
                Self::insert_messages(&mut tx, &[message], Timestamp::now()).await?;
                user_id
            }
            Invited::New(account) => {
                let id = Uuid::now_v7();
                Self::insert_account(&mut tx, id, &account).await?;
                id
            }
        };
        Self::insert_family_link(&mut tx, child_id, user_id, relationship).await?;
        Self::commit_audited(tx, meta, "invite_family", "child", Some(&child_id.to_string()))
            .await?;
        Ok(user_id)
    }
}

impl<E: Engine> SqlStore<E> {
    /// The invited account as `id`, its link and its invitation email, within the caller's
    /// transaction.
    pub(crate) async fn insert_account(
        tx: &mut Tx<'_, E>,
        id: Uuid,
        account: &NewAccount,
    ) -> StoreResult<()> {
        Self::insert_user(tx, id, &account.user).await?;
        let invitation = &account.invitation;
        Sql::<E>::new(
            "INSERT INTO password_resets (token_hash, user_id, expires_micros) \
             VALUES ($1, $2, $3)",
        )
        .bind(&invitation.token_hash)
        .bind(id)
        .bind(invitation.expires.as_microsecond())
        .execute(&mut **tx)
        .await?;
        Sql::<E>::new(
            "INSERT INTO outbox (id, user_id, kind, body, link, state, attempts, \
             run_after_micros) VALUES ($1, $2, 'invitation', $3, $4, 'pending', 0, $5)",
        )
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(&invitation.text)
        .bind(&invitation.link)
        .bind(Timestamp::now().as_microsecond())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
