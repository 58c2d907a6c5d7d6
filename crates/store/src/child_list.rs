//! Lists of children a page at a time, searched and counted in the database, so a council's
//! tens of thousands of records never travel to a page that shows fifty.

use crate::convert::{from_db_date, to_db_date};
use crate::directory::ChildRow;
use crate::engine::{Engine, Sql, SqlStore};
use crate::error::StoreResult;
use crate::model::{Child, ChildRecord};
use crate::register::RegisterChange;
use async_trait::async_trait;
use jiff::civil::Date;
use sendcase_domain::people::search::ChildSearch;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Which children to list, as they stand on `on`, and which page of them, by name.
#[derive(Debug, Clone)]
pub struct ChildListQuery {
    /// Every child these authorities are responsible for.
    pub whole_las: Vec<Uuid>,
    /// Every pupil on roll at these schools on `on`.
    pub school_rolls: Vec<Uuid>,
    /// And these children.
    pub child_ids: Vec<Uuid>,
    pub on: Date,
    pub search: Option<ChildSearch>,
    pub limit: u32,
    pub offset: u32,
}

/// One page of a list, and how many match in all.
#[derive(Debug, Clone)]
pub struct ListPage<T> {
    pub rows: Vec<T>,
    pub total: u64,
}

/// A pupil on a school's list of everyone on roll: who they are and their latest register
/// entry there, if they have one.
#[derive(Debug, Clone)]
pub struct PupilOnRoll {
    pub child: Child,
    /// Their latest register entry and the day it was recorded.
    pub register: Option<(RegisterChange, Date)>,
}

#[async_trait]
pub trait ChildListStore: Send + Sync {
    /// One page of the children the query reaches, with their relations on `on`. Not audited:
    /// the caller records the listing.
    async fn children_page(&self, query: &ChildListQuery) -> StoreResult<ListPage<ChildRecord>>;
    /// One page of the pupils on roll at `school` on `query.on` (its other reaches are ignored),
    /// each with their latest entry on the school's SEN register.
    async fn pupils_page(
        &self,
        school: Uuid,
        query: &ChildListQuery,
    ) -> StoreResult<ListPage<PupilOnRoll>>;
}

#[derive(sqlx::FromRow)]
struct LatestEntry {
    child_id: Uuid,
    recorded_on: time::Date,
    #[sqlx(flatten)]
    change: RegisterChange,
}

/// `word` as a pattern that finds it anywhere, with LIKE's own characters taken literally.
pub(crate) fn anywhere(word: &str) -> String {
    let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

impl<E: Engine> SqlStore<E> {
    /// The WHERE clause (on children aliased `c`) of a list: its reach and its search.
    fn push_list_filter(qb: &mut Sql<'static, E>, q: &ChildListQuery) {
        qb.push("(");
        let mut reached = false;
        let mut either = |qb: &mut Sql<'static, E>| {
            qb.push(if std::mem::replace(&mut reached, true) { " OR " } else { "" });
        };
        if !q.whole_las.is_empty() {
            either(qb);
            qb.push("c.responsible_la_id IN (").push_list(q.whole_las.clone()).push(")");
        }
        if !q.school_rolls.is_empty() {
            either(qb);
            let on = to_db_date(q.on);
            qb.push(
                "EXISTS (SELECT 1 FROM enrolments e WHERE e.child_id = c.id AND e.school_id IN (",
            )
            .push_list(q.school_rolls.clone())
            .push(") AND e.start_date <= ")
            .push_bind(on)
            .push(" AND (e.end_date IS NULL OR e.end_date >= ")
            .push_bind(on)
            .push("))");
        }
        if !q.child_ids.is_empty() {
            either(qb);
            qb.push("c.id IN (").push_list(q.child_ids.clone()).push(")");
        }
        if !reached {
            qb.push("1 = 0");
        }
        qb.push(")");
        Self::push_child_search(qb, q.search.as_ref());
    }

    /// ` AND` what `search` asks of a child (on children aliased `c`), if anything.
    pub(crate) fn push_child_search(qb: &mut Sql<'static, E>, search: Option<&ChildSearch>) {
        match search {
            None => {}
            Some(ChildSearch::BirthDate(d)) => {
                qb.push(" AND c.birth_date = ").push_bind(to_db_date(*d));
            }
            Some(ChildSearch::UpnPrefix(start)) => {
                qb.push(" AND c.upn LIKE ").push_bind(format!("{start}%"));
            }
            Some(ChildSearch::Name(words)) => {
                for word in words {
                    let pattern = anywhere(word);
                    qb.push(" AND (LOWER(c.given_name) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\' OR LOWER(c.family_name) LIKE ")
                        .push_bind(pattern)
                        .push(" ESCAPE '\\')");
                }
            }
        }
    }

    /// The ids of one page of the list, by name, and how many match in all.
    async fn page_of_ids(&self, q: &ChildListQuery) -> StoreResult<(Vec<ChildRow>, u64)> {
        let mut count = Sql::<E>::new("SELECT COUNT(*) FROM children c WHERE ");
        Self::push_list_filter(&mut count, q);
        let total: i64 = count.scalar(&mut *self.read().await?).await?;
        let mut page =
            Sql::<E>::new(format!("SELECT {} FROM children c WHERE ", ChildRow::COLUMNS));
        Self::push_list_filter(&mut page, q);
        page.push(" ORDER BY c.family_name, c.given_name, c.id").push_page(q.limit, q.offset);
        let rows = page.fetch_all(&mut *self.read().await?).await?;
        Ok((rows, total as u64))
    }
}

#[async_trait]
impl<E: Engine> ChildListStore for SqlStore<E> {
    async fn children_page(&self, q: &ChildListQuery) -> StoreResult<ListPage<ChildRecord>> {
        let (rows, total) = self.page_of_ids(q).await?;
        let ids: Vec<Uuid> = rows.iter().map(ChildRow::id).collect();
        let mut found = BTreeMap::new();
        if !ids.is_empty() {
            let matching = |mut qb: Sql<'static, E>| {
                qb.push("c.id IN (").push_list(ids.clone()).push(")");
                qb
            };
            Self::load_children_where(&mut *self.read().await?, matching, q.on, &mut found).await?;
        }
        let rows = ids.iter().filter_map(|id| found.remove(id)).collect();
        Ok(ListPage { rows, total })
    }

    async fn pupils_page(
        &self,
        school: Uuid,
        q: &ChildListQuery,
    ) -> StoreResult<ListPage<PupilOnRoll>> {
        let on_roll = ChildListQuery {
            whole_las: vec![],
            school_rolls: vec![school],
            child_ids: vec![],
            ..q.clone()
        };
        let (rows, total) = self.page_of_ids(&on_roll).await?;
        let mut latest = BTreeMap::new();
        if !rows.is_empty() {
            let mut qb = Sql::<E>::new(
                "SELECT r.child_id, r.recorded_on, r.year_group, r.out_of_cohort_reason, \
                 r.provision, r.need1, r.need2 \
                 FROM sen_register r WHERE r.school_id = ",
            );
            qb.push_bind(school)
                .push(
                    " AND r.seq = (SELECT MAX(l.seq) FROM sen_register l \
                     WHERE l.child_id = r.child_id AND l.school_id = r.school_id) \
                     AND r.child_id IN (",
                )
                .push_list(rows.iter().map(ChildRow::id))
                .push(")");
            let entries: Vec<LatestEntry> = qb.fetch_all(&mut *self.read().await?).await?;
            for e in entries {
                latest.insert(e.child_id, (e.change, from_db_date(e.recorded_on)?));
            }
        }
        let rows = rows
            .into_iter()
            .map(|row| {
                let child = row.into_child()?;
                Ok(PupilOnRoll { register: latest.remove(&child.id), child })
            })
            .collect::<StoreResult<_>>()?;
        Ok(ListPage { rows, total })
    }
}
