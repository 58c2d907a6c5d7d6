//! Text no field can hold, refused once for every form and JSON body before any handler reads
//! it: control characters (which PostgreSQL cannot store and no person types) and values longer
//! than any field needs. The answer is a 422 naming the field, as a page or as the API's JSON.

use crate::error::{AppError, FieldError};
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::Response;
use sendcase_domain::input_limits::{field_words, max_chars};
use serde_json::Value;

/// Why `value` cannot be stored in the field `field`, if it cannot.
pub fn value_problem(field: &str, value: &str) -> Option<String> {
    let words = field_words(field);
    let most = max_chars(field);
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Some(format!("{words} contains a control character: remove it and try again"))
    } else if value.chars().count() > most {
        Some(format!("{words} must be {most} characters or fewer"))
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
            if let Some(why) = value_problem(&name, &value) {
                problems.push(FieldError::new(name, why));
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
            if let Some(why) = value_problem(path, text) {
                out.push(FieldError::new(path, why));
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
        assert_eq!(value_problem("notes", "Ada Ashby\r\n\tline two"), None);
        let nul = value_problem("given_name", "Ada\0Ashby").unwrap();
        assert_eq!(nul, "Given name contains a control character: remove it and try again");
        assert!(value_problem("notes", "\u{1b}[31m").is_some());
        assert_eq!(value_problem("given_name", &"x".repeat(100)), None);
        let long = value_problem("given_name", &"x".repeat(101)).unwrap();
        assert_eq!(long, "Given name must be 100 characters or fewer");
        assert!(value_problem("notes", &"x".repeat(20_001)).unwrap().contains("20000 characters"));
        let mut found = vec![];
        let body =
            json!({"given_name": "A\u{0}", "services": [{"name": "ok"}, {"name": "b\u{7}"}]});
        json_problems(&body, "", &mut found);
        let fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["given_name", "services[1].name"]);
    }
}
