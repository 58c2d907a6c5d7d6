//! Text no field can hold, refused once for every form and JSON body before any handler reads
//! it: control characters (which PostgreSQL cannot store and no person types) and values longer
//! than any field needs. The answer is a 422 naming the field, as a page or as the API's JSON.

use crate::error::{AppError, FieldError};
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

/// The longest value any field takes, in characters; a plan section or a service description
/// fits with room to spare.
pub const MAX_FIELD: usize = 20_000;

/// Why `value` cannot be stored in any field, if it cannot.
pub fn value_problem(value: &str) -> Option<String> {
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Some("contains a control character: remove it and try again".into())
    } else if value.chars().count() > MAX_FIELD {
        Some(format!("is longer than {MAX_FIELD} characters"))
    } else {
        None
    }
}

pub async fn refuse_unstorable_text(req: Request, next: Next) -> Response {
    let kind = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let form = kind.starts_with("application/x-www-form-urlencoded");
    let json = kind.starts_with("application/json");
    if req.method().is_safe() || !(form || json) {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::MAX_BODY).await else {
        return AppError::BadRequest("the request was too large".into()).into_html();
    };
    let mut problems = vec![];
    if form {
        for (name, value) in form_urlencoded::parse(&bytes) {
            if let Some(why) = value_problem(&value) {
                problems.push(FieldError::new(name.clone(), format!("{name} {why}")));
            }
        }
    } else if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
        json_problems(&value, "", &mut problems);
    }
    if problems.is_empty() {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    }
    let refused = AppError::invalid(problems);
    if api { refused.into_json() } else { refused.into_html() }
}

/// Every string in `value`, named by its path (`services[0].name`), that no field can hold.
fn json_problems(value: &Value, path: &str, out: &mut Vec<FieldError>) {
    match value {
        Value::String(text) => {
            if let Some(why) = value_problem(text) {
                out.push(FieldError::new(path, format!("{path} {why}")));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                json_problems(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                let inner = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                json_problems(member, &inner, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_characters_and_overlong_values_are_named() {
        assert_eq!(value_problem("Ada Ashby\r\n\tline two"), None);
        assert!(value_problem("Ada\0Ashby").unwrap().contains("control character"));
        assert!(value_problem("\u{1b}[31m").is_some());
        assert!(value_problem(&"x".repeat(MAX_FIELD + 1)).unwrap().contains("longer than"));
        let mut found = vec![];
        let body =
            json!({"given_name": "A\u{0}", "services": [{"name": "ok"}, {"name": "b\u{7}"}]});
        json_problems(&body, "", &mut found);
        let fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["given_name", "services[1].name"]);
    }
}
