//! The service form's fields: what each shows of a stored entry, and the entry a filled-in form
//! describes. The form edits every part a family sees: the first place, contact, cost option and
//! weekly session of an entry (others, from an import, are kept as they are).

use crate::AppState;
use crate::error::FieldError;
use crate::records::today;
use jiff::civil::Time;
use sendcase_domain::local_offer::quality::publish_problems;
use sendcase_domain::local_offer::when::days_mask;
use sendcase_domain::local_offer::{
    Contact, CostOption, LocalOfferService, OpeningSchedule, ServiceLocation, normalise_postcode,
    web_address_problem,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The form's checkbox and radio groups: each sends one name, perhaps many times.
pub const CHOICES: [&str; 7] =
    ["categories", "needs", "online", "published", "reviewed", "days", "cost_kind"];

/// The BYDAY codes the days checkboxes send, with their labels.
pub const DAYS: [(&str, &str); 7] = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
];

fn time_text(t: Option<Time>) -> String {
    t.map(|t| t.strftime("%H:%M").to_string()).unwrap_or_default()
}

/// The text fields and the ticked choices (`name=value`) that show `s` as stored.
pub fn shown(s: &LocalOfferService) -> (HashMap<String, String>, Vec<String>) {
    let first = s.locations.first();
    let contact = s.contacts.first();
    let cost = s.cost_options.first();
    let session = s.schedules.first();
    let text = |v: Option<&String>| v.cloned().unwrap_or_default();
    let accessibility = first.and_then(|l| l.accessibility.as_ref()).or(s.accessibility.as_ref());
    let values = [
        ("name", s.name.clone()),
        ("description", s.description.clone()),
        ("minimum_age", s.minimum_age.map(|a| a.to_string()).unwrap_or_default()),
        ("maximum_age", s.maximum_age.map(|a| a.to_string()).unwrap_or_default()),
        ("address_1", text(first.map(|l| &l.address_1))),
        ("city", text(first.map(|l| &l.city))),
        ("postcode", text(first.map(|l| &l.postcode))),
        ("contact_name", text(contact.and_then(|c| c.name.as_ref()))),
        ("contact_email", text(contact.and_then(|c| c.email.as_ref()))),
        ("contact_phone", text(contact.and_then(|c| c.phone.as_ref()))),
        ("url", text(s.url.as_ref())),
        ("cost_option", text(cost.map(|c| &c.option))),
        ("cost_amount", cost.and_then(|c| c.amount).map(|a| format!("{a:.2}")).unwrap_or_default()),
        ("opens_at", time_text(session.and_then(|h| h.opens_at))),
        ("closes_at", time_text(session.and_then(|h| h.closes_at))),
        ("schedule_description", text(session.map(|h| &h.description))),
        ("eligibility", text(s.eligibility.as_ref())),
        ("accessibility", text(accessibility)),
        ("languages", s.languages.join(", ")),
    ];
    let mut checked: Vec<String> =
        s.categories.iter().map(|c| format!("categories={}", c.code())).collect();
    checked.extend(s.needs.iter().map(|n| format!("needs={}", n.code())));
    checked.extend(s.online.then(|| "online=yes".to_owned()));
    checked.extend(s.published.then(|| "published=yes".to_owned()));
    let mask = session.and_then(|h| h.byday.as_deref()).map_or(0, days_mask);
    checked.extend(
        DAYS.iter()
            .filter(|(code, _)| mask & days_mask(code) != 0)
            .map(|(c, _)| format!("days={c}")),
    );
    let kind = match s.cost() {
        sendcase_domain::local_offer::Cost::Free => "free",
        sendcase_domain::local_offer::Cost::Charges => "charges",
        sendcase_domain::local_offer::Cost::NotGiven => "unknown",
    };
    checked.push(format!("cost_kind={kind}"));
    (values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(), checked)
}

/// What one form's pairs say, field by field.
struct Sent<'a>(&'a [(String, String)]);

impl Sent<'_> {
    fn get(&self, k: &str) -> String {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    }

    fn all(&self, k: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == k).map(|(_, v)| v.as_str()).collect()
    }

    fn optional(&self, k: &str) -> Option<String> {
        Some(self.get(k)).filter(|v| !v.is_empty())
    }
}

/// Replaces the first of `items` with `item`, or adds it; the others stay.
fn set_first<T>(items: &mut Vec<T>, item: Option<T>) {
    let first = ..items.len().min(1);
    items.splice(first, item);
}

fn time_field(sent: &Sent, field: &str, errors: &mut Vec<FieldError>) -> Option<Time> {
    let text = sent.get(field);
    if text.is_empty() {
        return None;
    }
    text.parse().ok().or_else(|| {
        errors.push(FieldError::new(field, "Enter a time like 09:30 or 17:00"));
        None
    })
}

/// The service as the form describes it, or what to fix.
pub async fn apply(
    state: &AppState,
    mut s: LocalOfferService,
    form: &[(String, String)],
) -> Result<LocalOfferService, Vec<FieldError>> {
    let sent = Sent(form);
    let mut errors = vec![];
    s.name = sent.get("name");
    if s.name.is_empty() {
        errors.push(FieldError::new("name", "Enter the name of the service"));
    }
    s.description = sent.get("description");
    s.categories = sent.all("categories").into_iter().filter_map(|c| c.parse().ok()).collect();
    s.needs = sent.all("needs").into_iter().filter_map(|n| n.parse().ok()).collect();
    ages(&sent, &mut s, &mut errors);
    s.online = !sent.all("online").is_empty();
    place(state, &sent, &mut s, &mut errors).await;
    contact(&sent, &mut s, &mut errors);
    cost(&sent, &mut s, &mut errors);
    session(&sent, &mut s, &mut errors);
    s.eligibility = sent.optional("eligibility");
    s.languages = sent
        .get("languages")
        .split(',')
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    match (sent.optional("accessibility"), s.locations.first_mut()) {
        (said, Some(place)) => place.accessibility = said,
        (said, None) => s.accessibility = said,
    }
    if !sent.all("reviewed").is_empty() {
        s.reviewed_on = Some(today());
    }
    s.published = !sent.all("published").is_empty();
    if s.published {
        errors.extend(
            publish_problems(&s, today())
                .into_iter()
                .map(|p| FieldError::new(p.field(), p.message())),
        );
    }
    s.last_modified = jiff::Timestamp::now();
    if errors.is_empty() { Ok(s) } else { Err(errors) }
}

fn ages(sent: &Sent, s: &mut LocalOfferService, errors: &mut Vec<FieldError>) {
    let mut age = |field: &str, what: &str| match sent.get(field).as_str() {
        "" => None,
        text => text.parse::<u8>().ok().filter(|a| *a <= 25).or_else(|| {
            errors.push(FieldError::new(
                field,
                format!("Enter the {what} age as a number from 0 to 25"),
            ));
            None
        }),
    };
    (s.minimum_age, s.maximum_age) = (age("minimum_age", "youngest"), age("maximum_age", "oldest"));
    if let (Some(min), Some(max)) = (s.minimum_age, s.maximum_age)
        && min > max
    {
        errors.push(FieldError::new(
            "maximum_age",
            "The oldest age must be the same as or more than the youngest",
        ));
    }
}

async fn place(
    state: &AppState,
    sent: &Sent<'_>,
    s: &mut LocalOfferService,
    errors: &mut Vec<FieldError>,
) {
    let (address_1, city, postcode) =
        (sent.get("address_1"), sent.get("city"), sent.get("postcode"));
    if address_1.is_empty() && postcode.is_empty() {
        s.locations.clear();
        return;
    }
    let Some(code) = normalise_postcode(&postcode) else {
        errors.push(FieldError::new("postcode", "Enter a full postcode, like ME14 1XQ"));
        return;
    };
    let known = state.store.postcode(&code).await.ok().flatten();
    let mut place = s.locations.first().cloned().unwrap_or_else(|| ServiceLocation {
        id: Uuid::new_v4(),
        service_at_location_id: Uuid::new_v4(),
        address_id: Uuid::new_v4(),
        name: None,
        address_1: String::new(),
        city: String::new(),
        county: "Kent".to_owned(),
        postcode: String::new(),
        latitude: None,
        longitude: None,
        accessibility: None,
    });
    if place.postcode != code {
        (place.latitude, place.longitude) =
            known.map_or((None, None), |(lat, lon)| (Some(lat), Some(lon)));
    }
    (place.address_1, place.city, place.postcode) = (address_1, city, code);
    set_first(&mut s.locations, Some(place));
}

fn contact(sent: &Sent, s: &mut LocalOfferService, errors: &mut Vec<FieldError>) {
    let (email, phone) = (sent.optional("contact_email"), sent.optional("contact_phone"));
    if email.as_ref().is_some_and(|e| !e.contains('@')) {
        errors
            .push(FieldError::new("contact_email", "Enter an email address like name@example.org"));
    }
    let id = s.contacts.first().map_or_else(Uuid::new_v4, |c| c.id);
    set_first(
        &mut s.contacts,
        Some(Contact { id, name: sent.optional("contact_name"), email, phone }),
    );
    s.url = sent.optional("url");
    if let Some(why) = s.url.as_deref().and_then(web_address_problem) {
        errors.push(FieldError::new("url", format!("The website {why}")));
    }
}

fn cost(sent: &Sent, s: &mut LocalOfferService, errors: &mut Vec<FieldError>) {
    let id = s.cost_options.first().map_or_else(Uuid::new_v4, |c| c.id);
    let option = sent.get("cost_option");
    let amount = match sent.get("cost_amount").trim_start_matches('£') {
        "" => None,
        text => text.parse::<f64>().ok().filter(|a| a.is_finite() && *a >= 0.0).or_else(|| {
            errors.push(FieldError::new("cost_amount", "Enter the charge in pounds, like 3.50"));
            None
        }),
    };
    let chosen = match sent.get("cost_kind").as_str() {
        "free" => Some(CostOption { id, option: "Free".to_owned(), amount: Some(0.0) }),
        "charges" if amount.is_some_and(|a| a > 0.0) => Some(CostOption { id, option, amount }),
        "charges" => {
            errors
                .push(FieldError::new("cost_amount", "Enter what it costs, in pounds, like 3.50"));
            None
        }
        _ => None,
    };
    // Only charges sit beside other options (from an import); free or not given is the whole answer.
    if sent.get("cost_kind") != "charges" {
        s.cost_options.clear();
    }
    set_first(&mut s.cost_options, chosen);
}

fn session(sent: &Sent, s: &mut LocalOfferService, errors: &mut Vec<FieldError>) {
    let days: Vec<&str> =
        sent.all("days").into_iter().filter(|d| DAYS.iter().any(|(c, _)| c == d)).collect();
    let (opens_at, closes_at) =
        (time_field(sent, "opens_at", errors), time_field(sent, "closes_at", errors));
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        errors
            .push(FieldError::new("closes_at", "The closing time must be after the opening time"));
    }
    let description = sent.get("schedule_description");
    let said =
        !days.is_empty() || opens_at.is_some() || closes_at.is_some() || !description.is_empty();
    let id = s.schedules.first().map_or_else(Uuid::new_v4, |h| h.id);
    let byday = Some(days.join(",")).filter(|d| !d.is_empty());
    set_first(
        &mut s.schedules,
        said.then_some(OpeningSchedule { id, byday, opens_at, closes_at, description }),
    );
}

/// What a family sees of an entry, a line a part, to set two versions side by side.
pub fn service_lines(s: &LocalOfferService) -> Vec<String> {
    let list =
        |items: Vec<&str>| if items.is_empty() { "none".to_owned() } else { items.join(", ") };
    let mut lines = vec![format!("Name: {}", s.name), format!("Description: {}", s.description)];
    lines.push(format!("Ages: {}", super::pages::ages(s)));
    lines.extend(
        s.locations.iter().map(|l| format!("Address: {}, {}, {}", l.address_1, l.city, l.postcode)),
    );
    for c in &s.contacts {
        lines.extend(c.name.iter().map(|n| format!("Contact: {n}")));
        lines.extend(c.email.iter().map(|e| format!("Email: {e}")));
        lines.extend(c.phone.iter().map(|p| format!("Phone: {p}")));
    }
    lines.extend(s.url.iter().map(|u| format!("Website: {u}")));
    lines.push(format!("Cost: {}", super::pages::cost_of(s)));
    lines.extend(s.schedules.iter().map(|h| format!("When: {}", super::pages::when(h))));
    lines.extend(s.eligibility.iter().map(|e| format!("Who can use it: {e}")));
    lines.push(format!("Languages: {}", list(s.languages.iter().map(String::as_str).collect())));
    lines.push(format!(
        "Kinds of provision: {}",
        list(s.categories.iter().map(|c| c.label()).collect())
    ));
    lines.push(format!("Needs: {}", list(s.needs.iter().map(|n| n.label()).collect())));
    lines.push(format!("Online or by phone: {}", if s.online { "yes" } else { "no" }));
    lines.push(format!("Shown to the public: {}", if s.published { "yes" } else { "no" }));
    lines
}
