//! Who can see a young person's record and act on it, said to each person in their own terms:
//! the young person decides about each parent from the end of compulsory school age, the
//! council records decisions given to it and those under the Mental Capacity Act 2005, and a
//! parent is told where they stand (Code 8.13–8.15).

use crate::AppState;
use crate::auth::{CurrentUser, RequestId, SignedIn, acting};
use crate::children::pages::{names_of, organisations_by_id};
use crate::error::{AppError, FieldError};
use crate::page::forms::FormValues;
use crate::page::{PageContext, PageResult, render};
use crate::records::{read_child_if, today};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use jiff::civil::Date;
use sendcase_domain::clock::long_date;
use sendcase_domain::people::roles::Role;
use sendcase_domain::people::school_age::compulsory_school_age_ends;
use sendcase_domain::people::young_person_rights::{
    FamilyDecision, ParentStanding, lacks_capacity,
};
use sendcase_domain::policy::{
    ChildAction, FamilyDecisionKind, decide_child, decide_family_decision, decide_who_takes_part,
};
use sendcase_store::ChildRecord;
use sendcase_usecases::young_person_rights::record_family_decision;
use uuid::Uuid;

/// A parent as the page lists them.
struct ParentRow {
    id: Uuid,
    name: String,
    status: String,
    /// The young person's button: whether pressing it agrees, and what it says.
    change: Option<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "children/who_can_see.html")]
struct WhoCanSeePage {
    page: PageContext,
    title: String,
    caption: String,
    said: Vec<String>,
    /// Who else sees the record: the council and the settings.
    others: Vec<String>,
    parents: Vec<ParentRow>,
    /// The young person's own page posts here.
    action: String,
    /// Where the council records a decision given to it.
    record_href: Option<String>,
    iass: Option<String>,
    back: String,
}

pub(super) async fn read(
    state: &AppState,
    user: &CurrentUser,
    rid: &RequestId,
    id: &str,
) -> Result<ChildRecord, AppError> {
    read_child_if(state, user, rid, id, |relations, today| {
        decide_who_takes_part(&user.actor, relations, today)
    })
    .await
}

pub(super) async fn parent_name(state: &AppState, parent: Uuid) -> Result<String, AppError> {
    Ok(state.store.user_account(parent).await?.map(|u| u.user.display_name).unwrap_or_default())
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
) -> PageResult {
    let record = read(&state, &user, &rid, &id).await?;
    let (child, relations) = (&record.child, &record.relations);
    let today = today();
    let rights_pass = compulsory_school_age_ends(child.birth_date);
    let first = child.given_name.clone();
    let is_young_person = relations.own_account == Some(user.actor.user_id);
    let my_standing = relations.parent_standing(user.actor.user_id, today);
    let young_person_decides =
        decide_family_decision(&user.actor, FamilyDecisionKind::ParentAccess, relations, today)
            .allowed()
            .is_ok_and(|role| role == Role::YoungPerson);
    let lacks_capacity = today >= rights_pass && lacks_capacity(&relations.family_decisions, today);
    let said = if is_young_person {
        young_person_said(today, rights_pass, lacks_capacity)
    } else if let Some(standing) = my_standing {
        parent_said(&first, standing)
    } else {
        staff_said(&child.full_name(), today, rights_pass)
    };
    // Only those who may read the record learn who else takes part in it.
    let sees_others =
        decide_child(&user.actor, ChildAction::Read, relations, today).allowed().is_ok();
    let mut parents = vec![];
    if sees_others {
        for parent in &relations.parents {
            let standing = relations.parent_standing(*parent, today);
            let Some(standing) = standing else { continue };
            let name = parent_name(&state, *parent).await?;
            let change = (young_person_decides && !lacks_capacity).then(|| {
                if standing.takes_part() {
                    ("no", format!("Stop {name} seeing your record"))
                } else {
                    ("yes", format!("Let {name} see your record and help you"))
                }
            });
            parents.push(ParentRow {
                id: *parent,
                status: standing_label(standing).to_owned(),
                name,
                change,
            });
        }
    }
    let others = if sees_others {
        let orgs = organisations_by_id(&state).await?;
        let mut others = vec![format!(
            "{}: the SEND team can see the record and change it",
            names_of(&[child.responsible_la_id], &orgs)
        )];
        for school in &relations.schools_on_roll {
            others.push(format!(
                "{}: the special educational needs co-ordinator can see the record",
                names_of(&[*school], &orgs)
            ));
        }
        others
    } else {
        vec![]
    };
    let council_records =
        decide_family_decision(&user.actor, FamilyDecisionKind::Capacity, relations, today)
            .allowed()
            .is_ok();
    let iass = state
        .store
        .la_contacts(child.responsible_la_id)
        .await?
        .map(|c| c.information_advice_support);
    let path = format!("/children/{}/who-can-see", child.id);
    Ok(render(&WhoCanSeePage {
        page: PageContext::new(Some(&user), "/children"),
        title: if is_young_person {
            "Who can see your record".into()
        } else {
            format!("Who can see {first}'s record")
        },
        caption: child.full_name(),
        said,
        others,
        parents,
        record_href: (council_records && today >= rights_pass).then(|| format!("{path}/record")),
        action: path,
        iass,
        back: if sees_others { format!("/children/{}", child.id) } else { "/".into() },
    })?)
}

fn standing_label(standing: ParentStanding) -> &'static str {
    match standing {
        ParentStanding::ParentDecides { .. } => "Can see the record and makes the decisions",
        ParentStanding::Agreed => "Can see the record and help, because the young person agreed",
        ParentStanding::ActsUnderMentalCapacityAct => {
            "Can see the record and acts for the young person (Mental Capacity Act decision)"
        }
        ParentStanding::NotAgreed => "Cannot see the record: the young person has not agreed",
        ParentStanding::Withdrawn => "Cannot see the record: the young person said no",
    }
}

fn young_person_said(today: Date, rights_pass: Date, lacks_capacity: bool) -> Vec<String> {
    if today < rights_pass {
        return vec![
            format!("Until {}, your parents make decisions about your support.", long_date(rights_pass)),
            "After that, you decide. You can choose if your parents can see your record and help you.".into(),
        ];
    }
    if lacks_capacity {
        return vec![
            "The council has decided that you need help to make decisions about your support. This is a decision under the Mental Capacity Act.".into(),
            "Your parents make these decisions with you. Tell the council if you think this is wrong.".into(),
        ];
    }
    vec![
        "You are old enough to make your own decisions about your support.".into(),
        "You choose if each of your parents can see your record and help you. You can change your mind at any time.".into(),
    ]
}

fn parent_said(first: &str, standing: ParentStanding) -> Vec<String> {
    match standing {
        ParentStanding::ParentDecides { until } => vec![
            format!("You make decisions about {first}'s support until {}.", long_date(until)),
            format!(
                "After that, {first} decides. {first} can choose to let you keep seeing their record and helping them."
            ),
        ],
        ParentStanding::Agreed => vec![
            format!("{first} is old enough to make their own decisions."),
            format!(
                "{first} has agreed that you can see their record and help them. {first} can change this at any time."
            ),
        ],
        ParentStanding::ActsUnderMentalCapacityAct => vec![
            format!(
                "The council has decided that {first} needs help to make decisions about their support. This is a decision under the Mental Capacity Act."
            ),
            format!("You can see {first}'s record and make these decisions with them."),
        ],
        ParentStanding::NotAgreed => vec![
            format!("{first} is old enough to make their own decisions."),
            format!(
                "{first} has not said that you can see their record. Ask {first}, or contact the council."
            ),
        ],
        ParentStanding::Withdrawn => vec![
            format!("{first} is old enough to make their own decisions."),
            format!(
                "{first} has decided that you cannot see their record now. {first} can change this at any time."
            ),
        ],
    }
}

fn staff_said(name: &str, today: Date, rights_pass: Date) -> Vec<String> {
    let when = long_date(rights_pass);
    if today < rights_pass {
        vec![format!(
            "Until {when}, {name}'s parents make the decisions. From then, {name} decides who takes part."
        )]
    } else {
        vec![format!(
            "Since {when}, the end of compulsory school age, {name} decides whether each parent takes part, unless a decision under the Mental Capacity Act says otherwise."
        )]
    }
}

/// The young person's button beside one parent.
pub async fn decide_parent(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    rid: RequestId,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let Ok(child) = id.parse::<Uuid>() else { return Err(AppError::NotFound.into()) };
    let v = FormValues::new(pairs);
    let parent = v.text("parent").parse::<Uuid>().map_err(|_| {
        AppError::invalid(vec![FieldError::new("parent", "Choose a parent or carer")])
    })?;
    let agreed = match v.text("agreed").as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            let wrong = FieldError::new("agreed", "Say whether the parent may see the record");
            return Err(AppError::invalid(vec![wrong]).into());
        }
    };
    let decision = FamilyDecision::ParentAccess { parent, agreed };
    record_family_decision(acting(&state, &user, &rid), child, decision, today()).await?;
    Ok(Redirect::to(&format!("/children/{child}/who-can-see")).into_response())
}
