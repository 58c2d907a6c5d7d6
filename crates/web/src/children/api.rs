//! `/children`: the children the caller may see.

use crate::AppState;
use crate::auth::{ApiCaller, RequestId};
use crate::error::{ApiErrorBody, ApiResult};
use crate::records::{read_child, visible_children};
use axum::Json;
use axum::extract::{Path, State};
use sendcase_store::ChildRecord;
use serde::Serialize;
use uuid::Uuid;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildBody {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    #[schema(value_type = String, format = Date)]
    pub birth_date: jiff::civil::Date,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub uln: Option<String>,
    /// The local authority responsible for the child.
    pub responsible_la_id: Uuid,
    /// Schools or settings the child is on roll at today.
    pub schools_on_roll: Vec<Uuid>,
}

impl From<ChildRecord> for ChildBody {
    fn from(r: ChildRecord) -> Self {
        ChildBody {
            id: r.child.id,
            given_name: r.child.given_name,
            family_name: r.child.family_name,
            birth_date: r.child.birth_date,
            upn: r.child.upn.map(|u| u.to_string()),
            nhs_number: r.child.nhs_number.map(|n| n.as_ref().to_owned()),
            uln: r.child.uln.map(|u| u.to_string()),
            responsible_la_id: r.child.responsible_la_id,
            schools_on_roll: r.relations.schools_on_roll,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildList {
    pub children: Vec<ChildBody>,
}

/// The children and young people the caller may see.
#[utoipa::path(get, path = "/children", tag = "children",
    responses((status = 200, body = ChildList), (status = 401, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
) -> ApiResult<Json<ChildList>> {
    let children =
        visible_children(&state, &user, &rid).await?.into_iter().map(ChildBody::from).collect();
    Ok(Json(ChildList { children }))
}

/// One child's record. 404 when it does not exist or the caller may not know it does.
#[utoipa::path(get, path = "/children/{id}", tag = "children",
    params(("id" = Uuid, Path, description = "The child's id")),
    responses((status = 200, body = ChildBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    rid: RequestId,
    Path(id): Path<String>,
) -> ApiResult<Json<ChildBody>> {
    Ok(Json(read_child(&state, &user, &rid, &id).await?.into()))
}
