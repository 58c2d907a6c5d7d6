//! The settings consulted about being named in a child's plan, one row beside each
//! consultation's record (migration 0068): the consultation reaches the setting's SENCO, who
//! reads the draft until the setting answers.

use crate::NewCaseRecord;
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use crate::steps::ConsultationMark;
use uuid::Uuid;

impl<E: Engine> SqlStore<E> {
    /// What `record`, stored as `seq` of `request_id`, brings with it: the professionals it
    /// invites and the consultation it opens or answers.
    pub(crate) async fn beside_record(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
        seq: i32,
        record: &NewCaseRecord,
    ) -> StoreResult<()> {
        Self::insert_invitations(tx, request_id, seq, &record.invites).await?;
        match &record.consultation {
            None => {}
            Some(ConsultationMark::Opens { setting, clock_ref }) => {
                Sql::<E>::new(
                    "INSERT INTO consultations (request_id, seq, setting_id, clock_ref) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(request_id)
                .bind(seq)
                .bind(*setting)
                .bind(clock_ref.as_str())
                .execute(&mut **tx)
                .await?;
            }
            // A consultation from before migration 0068 whose setting was not found has no row.
            Some(ConsultationMark::Answers { clock_ref }) => {
                Sql::<E>::new(
                    "UPDATE consultations SET answered_seq = $3 \
                     WHERE request_id = $1 AND clock_ref = $2 AND answered_seq IS NULL",
                )
                .bind(request_id)
                .bind(clock_ref.as_str())
                .bind(seq)
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }

    /// `(child, setting)` for each unanswered consultation of a child whose condition on alias
    /// `c` `condition` appends.
    pub(crate) async fn consulted_settings(
        db: &mut Connection<E>,
        condition: &impl Fn(Sql<'static, E>) -> Sql<'static, E>,
    ) -> StoreResult<Vec<(Uuid, Uuid)>> {
        Ok(condition(Sql::new(
            "SELECT rq.child_id, k.setting_id FROM consultations k \
             JOIN ehc_requests rq ON rq.id = k.request_id JOIN children c ON c.id = rq.child_id \
             WHERE k.answered_seq IS NULL AND ",
        ))
        .fetch_all(db)
        .await?)
    }
}
