//! The clock's summary of each request as the lists read it: its stage and final plan
//! (`ehc_summaries`), its plan (`ehc_plans`) and its next duties (`caseload`). Rewritten in the
//! transaction of every change to a request, and in multi-row statements for a bulk load, with
//! the child's name, date of birth, UPN, council and school and the caseworker copied in as they
//! stand then. The school is copied again whenever the child leaves or joins one, the names when
//! the child is anonymised.

use crate::bulk::rows_per_insert;
use crate::convert::{to_db_date, to_db_span_end, to_db_span_start};
use crate::engine::{Engine, Sql, SqlStore, Tx};
use crate::error::StoreResult;
use crate::model::full_name;
use sendcase_domain::clock::{CaseSummary, Named, NextDuty};
use std::collections::HashMap;
use uuid::Uuid;

/// Who and where a request is about, as the lists keep it beside the request's summary.
#[derive(sqlx::FromRow)]
struct Subject {
    request_id: Uuid,
    la_id: Uuid,
    child_id: Uuid,
    given_name: String,
    family_name: String,
    birth_date: time::Date,
    upn: Option<String>,
    school_urn: Option<String>,
    caseworker_user_id: Option<Uuid>,
}

type Summarised<'a> = (&'a Subject, &'a CaseSummary);

/// The URN of the school the child `child` (a column) is on roll at now, as a subquery.
fn school_urn_of(child: &str) -> String {
    format!(
        "(SELECT o.urn FROM enrolments e JOIN organisations o ON o.id = e.school_id \
         WHERE e.child_id = {child} AND e.end_date IS NULL ORDER BY e.start_date DESC LIMIT 1)"
    )
}

impl<E: Engine> SqlStore<E> {
    /// Copies the child's school as it stands now beside their requests in the caseload, in the
    /// transaction that ends or starts their place: the caseload's school filter and the API's
    /// `school_urn` read the copy, which the request's own events would not otherwise rewrite.
    pub(crate) async fn refresh_school_urn(tx: &mut Tx<'_, E>, child: Uuid) -> StoreResult<()> {
        let sql = format!(
            "UPDATE caseload SET school_urn = {} WHERE child_id = $1",
            school_urn_of("caseload.child_id")
        );
        Sql::<E>::new(&sql).bind(child).execute(&mut **tx).await?;
        Ok(())
    }

    pub(crate) async fn write_summary(
        tx: &mut Tx<'_, E>,
        request_id: Uuid,
        summary: &CaseSummary,
    ) -> StoreResult<()> {
        Self::write_summaries(tx, &[(request_id, summary)]).await
    }

    /// Rewrites the summaries of many requests; a request not on record gets none.
    pub(crate) async fn write_summaries(
        tx: &mut Tx<'_, E>,
        summaries: &[(Uuid, &CaseSummary)],
    ) -> StoreResult<()> {
        // As many requests as their widest rows, their plans', fit in one insert.
        for chunk in summaries.chunks(rows_per_insert(17)) {
            let ids = || chunk.iter().map(|(id, _)| *id);
            for table in ["caseload", "ehc_summaries", "ehc_plans"] {
                let mut qb = Sql::<E>::pushed(format!("DELETE FROM {table} WHERE request_id IN ("));
                qb.push_list(ids()).push(")");
                qb.execute(&mut **tx).await?;
            }
            let mut qb = Sql::<E>::pushed(format!(
                "SELECT r.id AS request_id, c.responsible_la_id AS la_id, c.id AS child_id, \
                 c.given_name, c.family_name, c.birth_date, c.upn, {} AS school_urn, \
                 r.caseworker_user_id \
                 FROM ehc_requests r JOIN children c ON c.id = r.child_id WHERE r.id IN (",
                school_urn_of("c.id")
            ));
            qb.push_list(ids()).push(")");
            let subjects: Vec<Subject> = qb.fetch_all(&mut **tx).await?;
            let subjects: HashMap<Uuid, Subject> =
                subjects.into_iter().map(|s| (s.request_id, s)).collect();
            let rows: Vec<Summarised> =
                chunk.iter().filter_map(|(id, s)| Some((subjects.get(id)?, *s))).collect();
            if rows.is_empty() {
                continue;
            }
            Self::insert_summaries(tx, &rows).await?;
            Self::insert_plans(tx, &rows).await?;
            Self::insert_duties(tx, &rows).await?;
        }
        Ok(())
    }

    async fn insert_summaries(tx: &mut Tx<'_, E>, rows: &[Summarised<'_>]) -> StoreResult<()> {
        let mut qb = Sql::<E>::pushed(
            "INSERT INTO ehc_summaries (request_id, la_id, child_id, stage, received_on, \
             final_plan_issued_on, final_plan_within_time, exception_recorded) ",
        );
        qb.push_values(rows, |b, (who, s)| {
            b.push_bind(who.request_id)
                .push_bind(who.la_id)
                .push_bind(who.child_id)
                .push_bind(s.stage.as_str())
                .push_bind(to_db_date(s.received_on))
                .push_bind(s.final_plan.map(|p| to_db_date(p.issued_on)))
                .push_bind(s.final_plan.map(|p| p.within_time))
                .push_bind(s.exception_recorded);
        });
        qb.execute(&mut **tx).await?;
        Ok(())
    }

    async fn insert_plans(tx: &mut Tx<'_, E>, rows: &[Summarised<'_>]) -> StoreResult<()> {
        let planned: Vec<_> =
            rows.iter().filter_map(|(who, s)| Some((*who, s.plan.as_ref()?))).collect();
        if planned.is_empty() {
            return Ok(());
        }
        let mut qb = Sql::<E>::pushed(
            "INSERT INTO ehc_plans (request_id, la_id, child_id, family_name, given_name, \
             birth_date, upn, caseworker_user_id, issued_on, status, review_due, \
             phase_transfer_due, ended_on, cease_reason, transfer_on, transfer_consulted_on, \
             transfer_amended_on) ",
        );
        qb.push_values(planned, |b, (who, p)| {
            b.push_bind(who.request_id)
                .push_bind(who.la_id)
                .push_bind(who.child_id)
                .push_bind(who.family_name.as_str())
                .push_bind(who.given_name.as_str())
                .push_bind(who.birth_date)
                .push_bind(who.upn.as_deref())
                .push_bind(who.caseworker_user_id)
                .push_bind(to_db_date(p.issued_on))
                .push_bind(p.status.as_str())
                .push_bind(p.review_due.map(to_db_date))
                .push_bind(p.phase_transfer_due.map(to_db_date))
                .push_bind(p.ended.map(|(on, _)| to_db_date(on)))
                .push_bind(p.ended.map(|(_, reason)| reason.as_str()))
                .push_bind(p.transfer.map(|t| to_db_date(t.on)))
                .push_bind(p.transfer.and_then(|t| t.consulted_on).map(to_db_date))
                .push_bind(p.transfer.and_then(|t| t.amended_on).map(to_db_date));
        });
        qb.execute(&mut **tx).await?;
        Ok(())
    }

    async fn insert_duties(tx: &mut Tx<'_, E>, rows: &[Summarised<'_>]) -> StoreResult<()> {
        let duties: Vec<(&Subject, &CaseSummary, usize, &NextDuty)> = rows
            .iter()
            .flat_map(|(who, s)| s.next_duties.iter().enumerate().map(|(i, d)| (*who, *s, i, d)))
            .collect();
        Self::insert_rows(
            tx,
            "INSERT INTO caseload (request_id, span, valid_from, valid_until, la_id, child_id, \
             child_name, school_urn, caseworker_user_id, stage, received_on, duty, duty_ref, due, \
             target, rule, explanation, exception_applies) ",
            &duties,
            |b, (who, s, span, next)| {
                b.push_bind(who.request_id)
                    .push_bind(*span as i32)
                    .push_bind(to_db_span_start(next.from))
                    .push_bind(to_db_span_end(next.until))
                    .push_bind(who.la_id)
                    .push_bind(who.child_id)
                    .push_bind(full_name(&who.given_name, &who.family_name))
                    .push_bind(who.school_urn.as_deref())
                    .push_bind(who.caseworker_user_id)
                    .push_bind(s.stage.as_str())
                    .push_bind(to_db_date(s.received_on))
                    .push_bind(next.duty.as_str())
                    .push_bind(next.reference.as_deref())
                    .push_bind(to_db_date(next.due))
                    .push_bind(to_db_date(next.target))
                    .push_bind(next.rule.as_str())
                    .push_bind(next.explanation.as_str())
                    .push_bind(next.exception_applies);
            },
        )
        .await?;
        Ok(())
    }
}
