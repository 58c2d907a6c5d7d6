//! The JSON API under `/api/v1`, authenticated with bearer tokens (`sendcase token issue`).
//! Each feature keeps its own API handlers; this gathers them and generates the OpenAPI document
//! from their annotations.

use crate::AppState;
use crate::children::api as children;
use crate::deadlines::api as clock;
use crate::ehc::api::{events, plan, requests};
use crate::error::{ApiError, ApiErrorBody, AppError};
use crate::plans::api as plans;
use crate::plans::review_api;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "sendcase API", version = "1", description = "Children's SEND records and statutory duties, for callers with a bearer token."),
    servers((url = "/api/v1")),
    components(schemas(ApiErrorBody)),
    security(("bearer" = [])),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn openapi_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(children::list, requests::create_child))
        .routes(routes!(children::show))
        .routes(routes!(requests::create_request))
        .routes(routes!(clock::calculate))
        .routes(routes!(events::record_event))
        .routes(routes!(events::duties_of_request))
        .routes(routes!(plan::read_plan, plan::save_plan))
        .routes(routes!(events::caseload))
        .routes(routes!(plans::list))
        .routes(routes!(review_api::read_advice, review_api::give_advice))
        .routes(routes!(review_api::invited_to))
        .routes(routes!(crate::messages::list))
}

pub fn routes() -> Router<AppState> {
    let (router, doc) = openapi_router().split_for_parts();
    let doc = Arc::new(doc);
    router
        .route("/openapi.json", get(move || std::future::ready(Json(doc.as_ref().clone()))))
        .fallback(|| async { ApiError(AppError::NotFound) })
}
