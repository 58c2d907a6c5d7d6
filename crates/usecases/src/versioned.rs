//! The one way every versioned record is saved (a one-page profile, an information report): an
//! edit made from version `based_on` is merged with what others saved since, and written only
//! if no other save landed in between; if one did, it is merged again with that one.

use crate::Refused;
use async_trait::async_trait;
use sendcase_store::{StoreError, StoreResult};

/// A record kept in numbered versions.
#[async_trait]
pub trait Versioned: Sync {
    type Record: Clone + Send + Sync;
    /// The record before its first version.
    fn blank(&self) -> Self::Record;
    /// Stored version `which` (the newest for `None`), with its number.
    async fn version(&self, which: Option<i32>) -> StoreResult<Option<(i32, Self::Record)>>;
    /// `mine`, edited from `base` while `theirs` was saved, or why the two cannot both stand.
    fn merge(
        &self,
        mine: &Self::Record,
        base: &Self::Record,
        theirs: &Self::Record,
    ) -> Result<Self::Record, String>;
    /// Writes `record` as the version after `newest`, or fails as stale.
    async fn write(&self, record: &Self::Record, newest: i32) -> StoreResult<i32>;
}

/// Saves `edit`, made from version `based_on` (the newest if not said; 0 is before the first);
/// the version written.
pub async fn save_edit<V: Versioned>(
    kept: &V,
    edit: &V::Record,
    based_on: Option<i32>,
) -> Result<i32, Refused> {
    loop {
        let theirs = kept.version(None).await?;
        let newest = theirs.as_ref().map_or(0, |(v, _)| *v);
        let based_on = based_on.unwrap_or(newest);
        let record = match theirs {
            Some((_, theirs)) if based_on != newest => {
                let base = match based_on {
                    0 => kept.blank(),
                    n => kept.version(Some(n)).await?.ok_or(Refused::NotFound)?.1,
                };
                kept.merge(edit, &base, &theirs)
                    .map_err(|message| Refused::Stale { message, newest })?
            }
            _ => edit.clone(),
        };
        match kept.write(&record, newest).await {
            Err(StoreError::Stale { .. }) => continue,
            written => return Ok(written?),
        }
    }
}
