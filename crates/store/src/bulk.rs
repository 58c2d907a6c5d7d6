//! Bulk loading for the scale demos: settings, children, requests and their events in
//! multi-row inserts inside the caller's transaction ([`crate::CaseloadStore::load_in_bulk`]).

use crate::convert::{to_db_date, to_db_time};
use crate::engine::{Engine, Sql, SqlStore, Tx, ValuesRow};
use crate::error::{StoreError, StoreResult};
use crate::model::{NewChild, NewOrganisation};
use crate::steps::NewCaseRecord;
use jiff::civil::Date;
use sendcase_domain::clock::{CaseSummary, DatedEvent};
use sendcase_domain::ehc::plan::EhcPlan;
use sendcase_domain::schools::register::SenProvision;
use sqlx::types::Json;
use uuid::Uuid;

/// A child created by a bulk load, with the id the caller chose.
#[derive(Debug, Clone)]
pub struct BulkChild {
    pub id: Uuid,
    pub child: NewChild,
    /// The child's entry on the SEN register of the school they are enrolled at, from the day
    /// of enrolment.
    pub register: Option<BulkRegisterEntry>,
}

/// A pupil on SEN support or with a plan, and their ranked SEN types.
#[derive(Debug, Clone)]
pub struct BulkRegisterEntry {
    pub provision: SenProvision,
    pub year_group: String,
    pub needs: (String, Option<String>),
}

/// A request created by a bulk load: its whole history, the clock's summary of it, and what
/// accompanies its steps (consultations, the plan's versions), so it reads as a real case.
#[derive(Debug, Clone)]
pub struct BulkRequest {
    pub id: Uuid,
    pub child_id: Uuid,
    pub source: String,
    pub caseworker_user_id: Option<Uuid>,
    pub events: Vec<DatedEvent>,
    pub summary: CaseSummary,
    pub records: Vec<NewCaseRecord>,
    /// Versions 1, 2, … of the plan, each with whether and when it was issued.
    pub plans: Vec<(EhcPlan, Issued)>,
}

/// Whether and when a plan version was issued.
pub type Issued = Option<(PlanIssue, Date)>;

/// How a plan version was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanIssue {
    Draft,
    Final,
}

impl PlanIssue {
    fn as_str(self) -> &'static str {
        match self {
            PlanIssue::Draft => "draft",
            PlanIssue::Final => "final",
        }
    }
}

/// How many parameters one multi-row insert binds at most: enough that a statement's own cost
/// is small beside its rows', and far below either database's limit.
const PARAMS_PER_INSERT: usize = 900;

/// How many rows of `columns` values one multi-row insert holds.
pub(crate) const fn rows_per_insert(columns: usize) -> usize {
    PARAMS_PER_INSERT / columns
}

/// How many columns an insert ("INSERT INTO t (a, b, …)") names: the only commas in it are
/// those between them.
pub(crate) fn columns_named(insert: &str) -> usize {
    insert.matches(',').count() + 1
}

impl<E: Engine> SqlStore<E> {
    /// Inserts `rows` by `insert` ("INSERT INTO t (a, b, …) "), as many to a statement as
    /// [`rows_per_insert`] allows for the columns it names; `row` pushes one row's values.
    ///
    /// Each statement's values are bound while the database runs the one before: bound first
    /// and run after, the database (SQLite's own thread, or PostgreSQL) sat idle a quarter of a
    /// bulk load, waiting for the values to be encoded.
    pub(crate) async fn insert_rows<'q, T: Sync>(
        tx: &mut Tx<'_, E>,
        insert: &str,
        rows: &'q [T],
        mut row: impl FnMut(&mut ValuesRow<'_, 'q, E>, &'q T) + Send,
    ) -> Result<(), sqlx::Error> {
        let mut chunks = rows.chunks(rows_per_insert(columns_named(insert)));
        let mut statement = |chunk| {
            let mut qb = Sql::<E>::pushed(insert);
            qb.push_values(chunk, &mut row);
            qb
        };
        let mut next = chunks.next().map(&mut statement);
        while let Some(current) = next {
            // `join!` starts the statement first, which sends it, then binds the next.
            let (ran, following) = tokio::join!(current.execute(&mut **tx), async {
                chunks.next().map(&mut statement)
            });
            ran?;
            next = following;
        }
        Ok(())
    }

    pub(crate) async fn insert_organisations(
        tx: &mut Tx<'_, E>,
        organisations: &[(Uuid, NewOrganisation)],
    ) -> StoreResult<()> {
        let now = to_db_time(jiff::Timestamp::now());
        Self::insert_rows(
            tx,
            "INSERT INTO organisations (id, kind, name, la_code, urn, phase, school_type, ukprn, \
             local_authority_id, created_at) ",
            organisations,
            |b, (id, new)| {
                b.push_bind(*id)
                    .push_bind(new.kind.as_str())
                    .push_bind(new.name.as_str())
                    .push_bind(new.la_code.as_ref().map(|c| c.to_string()))
                    .push_bind(new.urn.as_ref().map(|u| u.to_string()))
                    .push_bind(new.phase.as_deref())
                    .push_bind(new.school_type.as_deref())
                    .push_bind(new.ukprn.as_ref().map(|u| u.to_string()))
                    .push_bind(new.local_authority_id)
                    .push_bind(now);
            },
        )
        .await
        .map_err(|e| StoreError::from_write(e, &[("la_code", "LA code"), ("urn", "URN")]))
    }

    pub(crate) async fn insert_children(
        tx: &mut Tx<'_, E>,
        children: &[BulkChild],
    ) -> StoreResult<()> {
        let now = to_db_time(jiff::Timestamp::now());
        Self::insert_rows(
            tx,
            "INSERT INTO children (id, given_name, family_name, birth_date, upn, nhs_number, \
             uln, responsible_la_id, created_at) ",
            children,
            |b, c| {
                b.push_bind(c.id)
                    .push_bind(c.child.given_name.as_str())
                    .push_bind(c.child.family_name.as_str())
                    .push_bind(to_db_date(c.child.birth_date))
                    .push_bind(c.child.upn.as_ref().map(|u| u.to_string()))
                    .push_bind(c.child.nhs_number.as_ref().map(|n| n.as_ref().to_owned()))
                    .push_bind(c.child.uln.as_ref().map(|u| u.to_string()))
                    .push_bind(c.child.responsible_la_id)
                    .push_bind(now);
            },
        )
        .await
        .map_err(|e| StoreError::from_write(e, &[("upn", "UPN"), ("nhs_number", "NHS number")]))?;
        let enrolled: Vec<_> = children
            .iter()
            .filter_map(|c| c.child.enrolment.map(|(school, from)| (c.id, school, from)))
            .collect();
        Self::insert_rows(
            tx,
            "INSERT INTO enrolments (child_id, school_id, start_date) ",
            &enrolled,
            |b, (child, school, from)| {
                b.push_bind(*child).push_bind(*school).push_bind(to_db_date(*from));
            },
        )
        .await?;
        let registered: Vec<_> = children
            .iter()
            .filter_map(|c| Some((c.id, c.child.enrolment?, c.register.as_ref()?)))
            .collect();
        Self::insert_rows(
            tx,
            "INSERT INTO sen_register (child_id, school_id, seq, recorded_on, year_group, \
             provision, need1, need2, recorded_at) ",
            &registered,
            |b, (child, (school, from), entry)| {
                b.push_bind(*child)
                    .push_bind(*school)
                    .push_bind(0i32)
                    .push_bind(to_db_date(*from))
                    .push_bind(entry.year_group.as_str())
                    .push_bind(entry.provision.code())
                    .push_bind(entry.needs.0.as_str())
                    .push_bind(entry.needs.1.as_deref())
                    .push_bind(now);
            },
        )
        .await?;
        Ok(())
    }

    pub(crate) async fn insert_requests(
        tx: &mut Tx<'_, E>,
        requests: &[BulkRequest],
    ) -> StoreResult<()> {
        let now = to_db_time(jiff::Timestamp::now());
        Self::insert_rows(
            tx,
            "INSERT INTO ehc_requests (id, child_id, received_on, source, caseworker_user_id, \
             created_at) ",
            requests,
            |b, r| {
                b.push_bind(r.id)
                    .push_bind(r.child_id)
                    .push_bind(to_db_date(r.summary.received_on))
                    .push_bind(r.source.as_str())
                    .push_bind(r.caseworker_user_id)
                    .push_bind(now);
            },
        )
        .await
        .map_err(|e| StoreError::from_write(e, &[]))?;
        let events: Vec<(Uuid, i32, &DatedEvent)> = requests
            .iter()
            .flat_map(|r| r.events.iter().enumerate().map(move |(seq, e)| (r.id, seq as i32, e)))
            .collect();
        Self::insert_rows(
            tx,
            "INSERT INTO case_events (request_id, seq, event_date, event, recorded_at, \
             recorded_by) ",
            &events,
            |b, (request, seq, event)| {
                b.push_bind(*request)
                    .push_bind(*seq)
                    .push_bind(to_db_date(event.date))
                    .push_bind(Json(event.to_json()))
                    .push_bind(now)
                    .push_bind(None::<Uuid>);
            },
        )
        .await?;
        let records: Vec<(Uuid, i32, &NewCaseRecord)> = requests
            .iter()
            .flat_map(|r| r.records.iter().enumerate().map(move |(seq, c)| (r.id, seq as i32, c)))
            .collect();
        Self::write_records(tx, &records, None).await?;
        let versions: Vec<(Uuid, i32, &EhcPlan, Issued)> = requests
            .iter()
            .flat_map(|r| {
                r.plans
                    .iter()
                    .enumerate()
                    .map(move |(i, (plan, issued))| (r.id, i as i32 + 1, plan, *issued))
            })
            .collect();
        Self::insert_rows(
            tx,
            "INSERT INTO plan_versions (request_id, version, plan, issued, issued_on, saved_at, \
             saved_by) ",
            &versions,
            |b, (request, version, plan, issued)| {
                b.push_bind(*request)
                    .push_bind(*version)
                    .push_bind(Json(*plan))
                    .push_bind(issued.map(|(how, _)| how.as_str()))
                    .push_bind(issued.map(|(_, on)| to_db_date(on)))
                    .push_bind(now)
                    .push_bind(None::<Uuid>);
            },
        )
        .await?;
        Ok(())
    }
}
