//! The settings consulted about being named in a child's plan, one row beside each
//! consultation's record (migration 0068): the consultation reaches the setting's SENCO, who
//! reads the draft until the setting answers.

use crate::NewCaseRecord;
use crate::engine::{Connection, Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use crate::steps::ConsultationMark;
use std::collections::HashMap;
use uuid::Uuid;

/// A consultation opened by one of the records being written.
struct Opened<'r> {
    request: Uuid,
    seq: i32,
    setting: Uuid,
    clock_ref: &'r str,
    answered: Option<i32>,
}

impl<E: Engine> SqlStore<E> {
    /// What `records` of `(request, seq, record)` bring with them, many to a statement: the
    /// professionals they invite and the consultations they open or answer.
    pub(crate) async fn beside_records(
        tx: &mut Tx<'_, E>,
        records: &[(Uuid, i32, &NewCaseRecord)],
    ) -> StoreResult<()> {
        let invitations: Vec<(Uuid, i32, Uuid)> = records
            .iter()
            .flat_map(|(request, seq, r)| r.invites.iter().map(move |p| (*request, *seq, *p)))
            .collect();
        Self::insert_invitations(tx, &invitations).await?;
        let mut opened: Vec<Opened<'_>> = Vec::new();
        let mut by_ref: HashMap<(Uuid, &str), usize> = HashMap::new();
        let mut answers_to_earlier = Vec::new();
        for (request, seq, record) in records {
            match &record.consultation {
                None => {}
                Some(ConsultationMark::Opens { setting, clock_ref }) => {
                    by_ref.insert((*request, clock_ref.as_str()), opened.len());
                    opened.push(Opened {
                        request: *request,
                        seq: *seq,
                        setting: *setting,
                        clock_ref,
                        answered: None,
                    });
                }
                // A consultation opened among these records is written already answered; an
                // answer to one already answered changes nothing, as the update would not.
                Some(ConsultationMark::Answers { clock_ref }) => {
                    match by_ref.get(&(*request, clock_ref.as_str())) {
                        Some(&i) => {
                            opened[i].answered.get_or_insert(*seq);
                        }
                        None => answers_to_earlier.push((*request, clock_ref.as_str(), *seq)),
                    }
                }
            }
        }
        Self::insert_rows(
            tx,
            "INSERT INTO consultations (request_id, seq, setting_id, clock_ref, answered_seq) ",
            &opened,
            |b, o| {
                b.push_bind(o.request)
                    .push_bind(o.seq)
                    .push_bind(o.setting)
                    .push_bind(o.clock_ref)
                    .push_bind(o.answered);
            },
        )
        .await?;
        // A consultation from before migration 0068 whose setting was not found has no row.
        for (request, clock_ref, seq) in answers_to_earlier {
            Sql::<E>::new(
                "UPDATE consultations SET answered_seq = $3 \
                 WHERE request_id = $1 AND clock_ref = $2 AND answered_seq IS NULL",
            )
            .bind(request)
            .bind(clock_ref)
            .bind(seq)
            .execute(&mut **tx)
            .await?;
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
