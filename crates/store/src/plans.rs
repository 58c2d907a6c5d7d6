//! The plans in force, for the council: each plan with its child, setting and caseworker as they
//! stand today, filtered, searched and paged in the database, a council's 25,000 plans being
//! too many to bring to a page that shows fifty.

use crate::caseload::CaseloadStore;
use crate::child_list::anywhere;
use crate::convert::{from_db_date, parse_stored, to_db_date};
use crate::counts::{AtVersion, LISTS_AT, VersionedPage};
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::full_name;
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::clock::{Named, PlanStatus, TransferSummary};
use sendcase_domain::ehc::phase_transfer::TransferPreference;
use sendcase_domain::ehc::records::CaseRecordKind;
use sendcase_domain::people::identifiers::Upn;
use sendcase_domain::people::search::ChildSearch;
use uuid::Uuid;

/// Which plans to list, as they stand on `on`, and which page of them, earliest review first.
#[derive(Debug, Clone)]
pub struct PlansQuery {
    pub la_ids: Vec<Uuid>,
    pub on: Date,
    pub search: Option<ChildSearch>,
    /// Reviews due in this span (inclusive).
    pub review_due: Option<(Date, Date)>,
    /// Only plans whose review is owed and past due on `on`.
    pub overdue: bool,
    /// Children on roll on `on` at a setting whose name holds these words, or whose URN this is.
    pub setting: Option<String>,
    /// Children born in this span (inclusive): one national curriculum year.
    pub born: Option<(Date, Date)>,
    pub caseworker: Option<Uuid>,
    /// Ended plans instead of those in force.
    pub ended: bool,
    /// By the child's name rather than the next review (or, for ended plans, the end).
    pub by_name: bool,
    pub limit: u32,
    pub offset: u32,
}

/// What a list of plans' total depends on: everything but its order and page, with the
/// settings its setting's name was found to mean.
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct PlansCountKey {
    la_ids: Vec<Uuid>,
    on: Date,
    search: Option<ChildSearch>,
    review_due: Option<(Date, Date)>,
    overdue: bool,
    settings: Option<Vec<Uuid>>,
    born: Option<(Date, Date)>,
    caseworker: Option<Uuid>,
    ended: bool,
}

impl PlansCountKey {
    fn of(q: &PlansQuery, settings: Option<&[Uuid]>) -> Self {
        PlansCountKey {
            la_ids: q.la_ids.clone(),
            on: q.on,
            search: q.search.clone(),
            review_due: q.review_due,
            overdue: q.overdue,
            settings: settings.map(<[Uuid]>::to_vec),
            born: q.born,
            caseworker: q.caseworker,
            ended: q.ended,
        }
    }
}

/// How far a year group's moves to the next phase on one day have gone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransferCounts {
    pub plans: u64,
    pub planned: u64,
    /// Planned moves with the family's preference for that move.
    pub preferences: u64,
    pub consulted: u64,
    pub amended: u64,
}

/// The child a plan is for, as a list of plans shows them.
#[derive(Debug, Clone)]
pub struct PlanChild {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Date,
    pub upn: Option<Upn>,
}

impl PlanChild {
    pub fn full_name(&self) -> String {
        full_name(&self.given_name, &self.family_name)
    }
}

/// One plan on the list.
#[derive(Debug, Clone)]
pub struct PlanRow {
    pub request_id: Uuid,
    pub child: PlanChild,
    /// The setting the child is on roll at on the day asked about.
    pub setting: Option<String>,
    pub caseworker: Option<String>,
    pub issued_on: Date,
    pub status: PlanStatus,
    pub review_due: Option<Date>,
    pub phase_transfer_due: Option<Date>,
    pub ended_on: Option<Date>,
    pub transfer: Option<TransferSummary>,
}

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// One page of the plans the query reaches, and how many in all. Not audited: the caller
    /// records the listing.
    async fn plans_in_force(&self, query: &PlansQuery) -> StoreResult<VersionedPage<PlanRow>>;
    /// How far the moves on `transfer_on` of the plans the query reaches have gone, counted in
    /// the database (paging is ignored).
    async fn transfer_counts(
        &self,
        query: &PlansQuery,
        transfer_on: Date,
    ) -> StoreResult<TransferCounts>;
}

#[derive(sqlx::FromRow)]
struct Row {
    request_id: Uuid,
    issued_on: time::Date,
    status: String,
    review_due: Option<time::Date>,
    phase_transfer_due: Option<time::Date>,
    ended_on: Option<time::Date>,
    transfer_on: Option<time::Date>,
    transfer_consulted_on: Option<time::Date>,
    transfer_amended_on: Option<time::Date>,
    setting: Option<String>,
    caseworker_user_id: Option<Uuid>,
    child_id: Uuid,
    given_name: String,
    family_name: String,
    birth_date: time::Date,
    upn: Option<String>,
}

impl Row {
    fn into_plan_row(self, caseworker: Option<String>) -> StoreResult<PlanRow> {
        Ok(PlanRow {
            request_id: self.request_id,
            child: PlanChild {
                id: self.child_id,
                given_name: self.given_name,
                family_name: self.family_name,
                birth_date: from_db_date(self.birth_date)?,
                upn: self.upn.map(|u| parse_stored("UPN", &u)).transpose()?,
            },
            setting: self.setting,
            caseworker,
            issued_on: from_db_date(self.issued_on)?,
            status: Named::parse(&self.status)
                .ok_or_else(|| StoreError::Corrupt(format!("plan status \"{}\"", self.status)))?,
            review_due: self.review_due.map(from_db_date).transpose()?,
            phase_transfer_due: self.phase_transfer_due.map(from_db_date).transpose()?,
            ended_on: self.ended_on.map(from_db_date).transpose()?,
            transfer: match self.transfer_on {
                None => None,
                Some(on) => Some(TransferSummary {
                    on: from_db_date(on)?,
                    consulted_on: self.transfer_consulted_on.map(from_db_date).transpose()?,
                    amended_on: self.transfer_amended_on.map(from_db_date).transpose()?,
                }),
            },
        })
    }
}

/// The columns of a page of plans (aliased `p`) that the plan keeps itself, the child as it
/// keeps them included.
const PLAN_COLUMNS: &str = "p.request_id, p.issued_on, p.status, p.review_due, \
    p.phase_transfer_due, p.ended_on, p.transfer_on, p.transfer_consulted_on, \
    p.transfer_amended_on, p.child_id, p.given_name, p.family_name, p.birth_date, p.upn";

/// On enrolments aliased `e`: a place held on the day (`$1`).
const CURRENT: &str = "e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1)";

impl<E: Engine> SqlStore<E> {
    /// The settings whose name holds the words of the query's setting, or whose URN it is: found
    /// first, so the database plans the plans' filter knowing how many children they hold.
    async fn settings_named(&self, q: &PlansQuery) -> StoreResult<Option<Vec<Uuid>>> {
        let Some(setting) = &q.setting else { return Ok(None) };
        let mut qb = Sql::<E>::new("SELECT o.id FROM organisations o WHERE o.urn = ");
        qb.push_bind(setting.clone()).push(" OR (1 = 1");
        for word in setting.split_whitespace() {
            qb.push(" AND LOWER(o.name) LIKE ")
                .push_bind(anywhere(&word.to_lowercase()))
                .push(" ESCAPE '\\'");
        }
        qb.push(")");
        let ids: Vec<(Uuid,)> = qb.fetch_all(&mut *self.read().await?).await?;
        Ok(Some(ids.into_iter().map(|(id,)| id).collect()))
    }

    /// The WHERE clause of a list of plans (aliased `p`) at `settings`, if named; `$1` is the day.
    fn push_plan_filter(qb: &mut Sql<'static, E>, q: &PlansQuery, settings: Option<&[Uuid]>) {
        qb.push(" AND p.la_id IN (").push_list(q.la_ids.clone()).push(")");
        qb.push(if q.ended { " AND p.status = 'ended'" } else { " AND p.status <> 'ended'" });
        if let Some((from, until)) = q.review_due {
            qb.push(" AND p.review_due >= ").push_bind(to_db_date(from));
            qb.push(" AND p.review_due <= ").push_bind(to_db_date(until));
        }
        if q.overdue {
            qb.push(" AND p.review_due < $1");
        }
        // Each filter on the child, their setting or the caseworker is a set of ids worked out
        // once, so the count reads only the plans' own index.
        if let Some(settings) = settings {
            qb.push(" AND p.child_id IN (SELECT e.child_id FROM enrolments e WHERE ")
                .push(CURRENT)
                .push(" AND e.school_id IN (");
            if settings.is_empty() {
                qb.push("NULL");
            } else {
                qb.push_list(settings.to_vec());
            }
            qb.push("))");
        }
        if q.search.is_some() || q.born.is_some() {
            qb.push(" AND p.child_id IN (SELECT c.id FROM children c WHERE 1 = 1");
            if let Some((first, last)) = q.born {
                qb.push(" AND c.birth_date >= ").push_bind(to_db_date(first));
                qb.push(" AND c.birth_date <= ").push_bind(to_db_date(last));
            }
            Self::push_child_search(qb, q.search.as_ref());
            qb.push(")");
        }
        if let Some(caseworker) = q.caseworker {
            qb.push(
                " AND p.request_id IN (SELECT id FROM ehc_requests WHERE caseworker_user_id = ",
            )
            .push_bind(caseworker)
            .push(")");
        }
    }

    /// How many plans the query reaches.
    fn plans_counted(q: &PlansQuery, settings: Option<&[Uuid]>) -> Sql<'static, E> {
        let mut qb = Sql::<E>::new("SELECT COUNT(*) FROM ehc_plans p WHERE p.issued_on <= $1")
            .bind(to_db_date(q.on));
        Self::push_plan_filter(&mut qb, q, settings);
        qb
    }
}

#[async_trait]
impl<E: Engine> PlanStore for SqlStore<E> {
    async fn plans_in_force(&self, q: &PlansQuery) -> StoreResult<VersionedPage<PlanRow>> {
        if q.la_ids.is_empty() {
            return VersionedPage::empty::<E>(&mut *self.read().await?).await;
        }
        let settings = self.settings_named(q).await?;
        let settings = settings.as_deref();
        let key = PlansCountKey::of(q, settings);
        let counted = Self::plans_counted(q, settings);
        let mut conn = self.read_planned_once().await?;
        // The setting's name is looked up for the one current place, not for each place before
        // choosing. The child is as the plan keeps them; the caseworker is named after the page
        // is read (`caseworkers_named`).
        let select = format!(
            "SELECT {PLAN_COLUMNS}, \
             (SELECT o.name FROM enrolments e JOIN organisations o ON o.id = e.school_id \
              WHERE e.child_id = p.child_id AND {CURRENT} \
              ORDER BY e.start_date DESC LIMIT 1) AS setting, \
             p.caseworker_user_id, {LISTS_AT}"
        );
        let order = format!(
            " ORDER BY {}p.family_name, p.given_name, p.request_id",
            match (q.by_name, q.ended) {
                (true, _) => "",
                (false, true) => "p.ended_on DESC, ",
                (false, false) => "p.review_due, ",
            }
        );
        // The page is chosen on the plans alone, which keep the child's name for the order, and
        // read whole as it is chosen; the setting and caseworker are looked up for its rows only,
        // not for every row the offset passes over. Choosing the plans' ids first and reading
        // each again by its key cost PostgreSQL twice as long for a first page (0.33 against
        // 0.16 ms for 25 plans of the scale demo); a page 200 deep, which reads the plans it
        // passes over, 2.6 ms against 1.3. SQLite reads both depths faster this way.
        let mut page = Sql::<E>::new(format!(
            "{select} FROM (SELECT {PLAN_COLUMNS}, p.caseworker_user_id \
             FROM ehc_plans p WHERE p.issued_on <= $1"
        ))
        .bind(to_db_date(q.on));
        Self::push_plan_filter(&mut page, q, settings);
        page.push(&order).push_page(q.limit, q.offset).push(") p").push(&order);
        let rows: Vec<AtVersion<Row>> = page.fetch_all(&mut *conn).await?;
        let at = rows.first().map(|r| r.lists_at);
        let (total, lists_at) = self.plans_counts.count(&mut *conn, key, counted, at).await?;
        drop(conn);
        let ids = rows.iter().filter_map(|r| r.row.caseworker_user_id);
        let staff = self.la_staff(&q.la_ids, lists_at).await?;
        let names = self.caseworkers_named(&staff, ids.collect()).await?;
        let rows = rows
            .into_iter()
            .map(|r| {
                let name = r.row.caseworker_user_id.and_then(|id| names.get(&id).cloned());
                r.row.into_plan_row(name)
            })
            .collect::<StoreResult<_>>()?;
        Ok(VersionedPage { rows, total, lists_at })
    }

    async fn transfer_counts(
        &self,
        q: &PlansQuery,
        transfer_on: Date,
    ) -> StoreResult<TransferCounts> {
        if q.la_ids.is_empty() {
            return Ok(TransferCounts::default());
        }
        let preference = format!(
            "EXISTS (SELECT 1 FROM case_records cr WHERE cr.request_id = p.request_id \
             AND cr.kind = '{}' AND {} = $3)",
            TransferPreference::KIND,
            E::json_text("cr.body", "transfer_on")
        );
        let count = |when: &str| format!("COALESCE(SUM(CASE WHEN {when} THEN 1 ELSE 0 END), 0)");
        let select = format!(
            "SELECT COUNT(*), {}, {}, {}, {}",
            count("p.transfer_on = $2"),
            count(&format!("p.transfer_on = $2 AND {preference}")),
            count("p.transfer_on = $2 AND p.transfer_consulted_on IS NOT NULL"),
            count("p.transfer_on = $2 AND p.transfer_amended_on IS NOT NULL"),
        );
        let mut qb = Sql::<E>::new(format!("{select} FROM ehc_plans p WHERE p.issued_on <= $1"))
            .bind(to_db_date(q.on))
            .bind(to_db_date(transfer_on))
            .bind(transfer_on.to_string());
        Self::push_plan_filter(&mut qb, q, self.settings_named(q).await?.as_deref());
        let (plans, planned, preferences, consulted, amended): (i64, i64, i64, i64, i64) =
            qb.fetch_one(&mut *self.read().await?).await?;
        let n = |v: i64| u64::try_from(v).unwrap_or_default();
        Ok(TransferCounts {
            plans: n(plans),
            planned: n(planned),
            preferences: n(preferences),
            consulted: n(consulted),
            amended: n(amended),
        })
    }
}
