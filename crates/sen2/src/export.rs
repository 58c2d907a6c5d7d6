//! The council's people, read a page at a time and built one by one, so a council the size of
//! the largest in England is returned in bounded memory.

use crate::checks::{Problem, SenProvisionByUrn, check};
use crate::derive::{Period, person};
use crate::model::Person;
use sendcase_store::{Store, StoreError};
use uuid::Uuid;

/// Children read from the store at a time.
const PAGE: u32 = 500;

#[derive(Debug)]
pub enum ExportError<E> {
    Store(StoreError),
    /// What the caller's handling of a person failed with.
    Handler(E),
}

impl<E: std::fmt::Display> std::fmt::Display for ExportError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Store(e) => write!(f, "{e}"),
            ExportError::Handler(e) => write!(f, "{e}"),
        }
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for ExportError<E> {}

/// Calls `each` with every person of the council `la_id` in the return for `period`, in a
/// stable order, and `progress` with how many of the council's children were read of how
/// many; the number of people returned.
pub async fn each_person<E>(
    store: &dyn Store,
    la_id: Uuid,
    period: &Period,
    mut each: impl FnMut(Person) -> Result<(), E>,
    progress: impl Fn(u64, u64),
) -> Result<u64, ExportError<E>> {
    let total = store.sen2_people_count(la_id).await.map_err(ExportError::Store)?;
    let (mut after, mut read, mut returned) = (None, 0u64, 0u64);
    loop {
        let page = store.sen2_people(la_id, after, PAGE).await.map_err(ExportError::Store)?;
        let Some(last) = page.last() else { break };
        after = Some(last.child.id);
        read += page.len() as u64;
        for records in &page {
            if let Some(p) = person(records, period) {
                returned += 1;
                each(p).map_err(ExportError::Handler)?;
            }
        }
        progress(read, total);
    }
    Ok(returned)
}

/// Every problem of the council's return for `period`, and how many people it holds.
pub async fn problems(
    store: &dyn Store,
    la_id: Uuid,
    period: &Period,
    progress: impl Fn(u64, u64),
) -> Result<(u64, Vec<Problem>), StoreError> {
    let gias: SenProvisionByUrn = store
        .sen2_sen_provision()
        .await?
        .into_iter()
        .map(|(urn, provision)| (urn.to_string(), provision))
        .collect();
    let mut found = vec![];
    let people = each_person(
        store,
        la_id,
        period,
        |p| {
            found.extend(check(&p, &gias));
            Ok::<(), std::convert::Infallible>(())
        },
        progress,
    )
    .await
    .map_err(|e| match e {
        ExportError::Store(e) => e,
        ExportError::Handler(never) => match never {},
    })?;
    Ok((people, found))
}
