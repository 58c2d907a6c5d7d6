//! The policy's decisions, role by role and record by record.

use super::*;
use jiff::civil::date;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}
const LA: u128 = 1;
const OTHER_LA: u128 = 2;
const SCHOOL: u128 = 3;
const OTHER_SCHOOL: u128 = 4;
const PARENT: u128 = 10;
const YP: u128 = 11;
const EP: u128 = 12;
const TODAY: Date = date(2026, 12, 4);

fn child(birth: Date) -> ChildRelations {
    ChildRelations {
        birth_date: birth,
        responsible_la: id(LA),
        schools_on_roll: vec![id(SCHOOL)],
        parents: vec![id(PARENT)],
        own_account: Some(id(YP)),
        open_advice_requests_to: vec![id(EP)],
        invited_to_review: vec![],
        consulted: vec![],
        family_decisions: vec![],
    }
}

fn actor(user: u128, role: Role, org: Option<u128>) -> Actor {
    Actor {
        user_id: id(user),
        memberships: vec![Membership { role, organisation_id: org.map(id) }],
    }
}

#[test]
fn the_family_is_told_as_it_may_act_the_young_person_from_the_end_of_school_age() {
    let at_fourteen = child(date(2012, 3, 1));
    assert_eq!(family_to_tell(&at_fourteen, date(2026, 11, 23)), vec![id(PARENT)]);
    let mut at_seventeen = child(date(2009, 3, 1));
    assert_eq!(family_to_tell(&at_seventeen, date(2026, 11, 23)), vec![id(YP)]);
    // A parent the young person agreed may take part is told too.
    at_seventeen.family_decisions.push(RecordedDecision {
        decision: crate::people::young_person_rights::FamilyDecision::ParentAccess {
            parent: id(PARENT),
            agreed: true,
        },
        decided_on: date(2026, 1, 5),
    });
    assert_eq!(family_to_tell(&at_seventeen, date(2026, 11, 23)), vec![id(PARENT), id(YP)]);
}

fn decide(a: &Actor, action: ChildAction) -> Decision {
    decide_child(a, action, &child(date(2012, 3, 1)), date(2026, 11, 23))
}

#[test]
fn each_role_sees_what_the_code_gives_it() {
    use ChildAction::*;
    use Decision::*;
    let cases = [
        (actor(100, Role::LaCaseworker, Some(LA)), Change, Allowed(Role::LaCaseworker)),
        (actor(100, Role::LaManager, Some(OTHER_LA)), Read, Refused(Refusal::NotFound)),
        (actor(100, Role::Senco, Some(SCHOOL)), Change, Allowed(Role::Senco)),
        (actor(100, Role::Senco, Some(OTHER_SCHOOL)), Read, Refused(Refusal::NotFound)),
        (actor(100, Role::SchoolStaff, Some(SCHOOL)), Read, Allowed(Role::SchoolStaff)),
        (actor(100, Role::SchoolStaff, Some(SCHOOL)), Change, Refused(Refusal::Forbidden)),
        (actor(PARENT, Role::Parent, None), Change, Allowed(Role::Parent)),
        (actor(101, Role::Parent, None), Read, Refused(Refusal::NotFound)),
        (actor(EP, Role::Professional, None), Read, Allowed(Role::Professional)),
        (actor(EP, Role::Professional, None), Change, Refused(Refusal::Forbidden)),
        (actor(102, Role::Professional, None), Read, Refused(Refusal::NotFound)),
        (actor(103, Role::Admin, None), Read, Refused(Refusal::Forbidden)),
        (actor(100, Role::LaCaseworker, Some(LA)), InviteFamily, Allowed(Role::LaCaseworker)),
        (actor(100, Role::LaManager, Some(LA)), InviteFamily, Allowed(Role::LaManager)),
        (actor(100, Role::LaManager, Some(OTHER_LA)), InviteFamily, Refused(Refusal::NotFound)),
        (actor(100, Role::Senco, Some(SCHOOL)), InviteFamily, Refused(Refusal::Forbidden)),
        (actor(PARENT, Role::Parent, None), InviteFamily, Refused(Refusal::Forbidden)),
    ];
    for (a, action, expected) in cases {
        assert_eq!(decide(&a, action), expected, "{:?} {:?}", a.memberships, action);
    }
}

#[test]
fn case_actions_belong_to_the_role_the_code_gives_them_to() {
    use CaseAction::*;
    let c = child(date(2012, 3, 1));
    let today = date(2026, 11, 23);
    let cases = [
        (
            actor(100, Role::LaCaseworker, Some(LA)),
            RecordStatutoryEvent,
            Decision::Allowed(Role::LaCaseworker),
        ),
        (
            actor(100, Role::Senco, Some(SCHOOL)),
            RecordStatutoryEvent,
            Decision::Refused(Refusal::Forbidden),
        ),
        (actor(100, Role::Senco, Some(SCHOOL)), Read, Decision::Allowed(Role::Senco)),
        (actor(100, Role::Senco, Some(SCHOOL)), ConductReview, Decision::Allowed(Role::Senco)),
        (
            actor(100, Role::LaCaseworker, Some(LA)),
            ConductReview,
            Decision::Allowed(Role::LaCaseworker),
        ),
        (
            actor(100, Role::SchoolStaff, Some(SCHOOL)),
            ConductReview,
            Decision::Refused(Refusal::Forbidden),
        ),
        (actor(PARENT, Role::Parent, None), ConductReview, Decision::Refused(Refusal::Forbidden)),
        (actor(PARENT, Role::Parent, None), GiveFamilyViews, Decision::Allowed(Role::Parent)),
        (actor(PARENT, Role::Parent, None), RequestAssessment, Decision::Allowed(Role::Parent)),
        (
            actor(100, Role::LaCaseworker, Some(LA)),
            RequestAssessment,
            Decision::Refused(Refusal::Forbidden),
        ),
        (
            actor(100, Role::Senco, Some(SCHOOL)),
            RequestAssessment,
            Decision::Refused(Refusal::Forbidden),
        ),
        (
            actor(PARENT, Role::Parent, None),
            RecordStatutoryEvent,
            Decision::Refused(Refusal::Forbidden),
        ),
        (actor(101, Role::Parent, None), Read, Decision::Refused(Refusal::NotFound)),
        (actor(EP, Role::Professional, None), SubmitAdvice, Decision::Allowed(Role::Professional)),
        (
            actor(EP, Role::Professional, None),
            GiveFamilyViews,
            Decision::Refused(Refusal::Forbidden),
        ),
        (actor(102, Role::Professional, None), SubmitAdvice, Decision::Refused(Refusal::NotFound)),
        (
            actor(100, Role::LaCaseworker, Some(LA)),
            SubmitAdvice,
            Decision::Refused(Refusal::Forbidden),
        ),
    ];
    for (a, action, expected) in cases {
        assert_eq!(decide_case(&a, action, &c, today), expected, "{:?} {action:?}", a.memberships);
    }
}

#[test]
fn a_professional_invited_to_a_review_under_way_reads_the_record_and_gives_advice() {
    const SALT: u128 = 13;
    let salt = actor(SALT, Role::Professional, None);
    let today = date(2026, 11, 23);
    let mut c = child(date(2012, 3, 1));
    assert_eq!(
        decide_case(&salt, CaseAction::Read, &c, today),
        Decision::Refused(Refusal::NotFound),
        "not invited, not told the case exists"
    );
    c.invited_to_review = vec![id(SALT)];
    assert_eq!(
        decide_case(&salt, CaseAction::Read, &c, today),
        Decision::Allowed(Role::Professional)
    );
    assert_eq!(
        decide_case(&salt, CaseAction::SubmitAdvice, &c, today),
        Decision::Allowed(Role::Professional)
    );
    for action in [CaseAction::ConductReview, CaseAction::RecordStatutoryEvent] {
        assert_eq!(decide_case(&salt, action, &c, today), Decision::Refused(Refusal::Forbidden));
    }
    assert_eq!(
        decide_child(&salt, ChildAction::Change, &c, today),
        Decision::Refused(Refusal::Forbidden)
    );
    // The invitation is a professional's: an invited id held in another role gives nothing.
    let parent_elsewhere = actor(SALT, Role::Parent, None);
    assert_eq!(
        decide_case(&parent_elsewhere, CaseAction::Read, &c, today),
        Decision::Refused(Refusal::NotFound)
    );
    assert_eq!(
        child_scopes(&salt),
        vec![ChildScope::AdviceRequestedFrom(id(SALT)), ChildScope::InvitedToReview(id(SALT))]
    );
}

#[test]
fn a_young_person_acts_for_themselves_only_from_the_end_of_compulsory_school_age() {
    let yp = actor(YP, Role::YoungPerson, None);
    // Born 10 March 2010: turns 16 in the 2025/26 school year, so the age ends on Friday 26 June 2026.
    let c = child(date(2010, 3, 10));
    assert_eq!(
        decide_child(&yp, ChildAction::Read, &c, date(2026, 6, 25)),
        Decision::Refused(Refusal::Forbidden)
    );
    assert_eq!(
        decide_child(&yp, ChildAction::Read, &c, date(2026, 6, 26)),
        Decision::Allowed(Role::YoungPerson)
    );
}

#[test]
fn from_the_end_of_compulsory_school_age_a_parent_takes_part_as_the_young_person_decides() {
    use crate::people::young_person_rights::FamilyDecision;
    let parent = actor(PARENT, Role::Parent, None);
    let mut c = child(date(2010, 3, 10));
    let before = date(2026, 6, 25);
    let after = date(2026, 6, 26);
    assert_eq!(decide(&parent, ChildAction::Change), Decision::Allowed(Role::Parent));
    assert_eq!(
        decide_child(&parent, ChildAction::Change, &c, before),
        Decision::Allowed(Role::Parent)
    );
    // Nobody has asked the young person yet: the parent knows of the record, nothing more.
    for action in [ChildAction::Read, ChildAction::Change] {
        assert_eq!(decide_child(&parent, action, &c, after), Decision::Refused(Refusal::Forbidden));
    }
    assert!(!may_read_pupil_support(&parent, id(SCHOOL), &c, after));
    let agreed = |agreed| RecordedDecision {
        decision: FamilyDecision::ParentAccess { parent: id(PARENT), agreed },
        decided_on: after,
    };
    c.family_decisions.push(agreed(true));
    assert_eq!(
        decide_case(&parent, CaseAction::GiveFamilyViews, &c, after),
        Decision::Allowed(Role::Parent)
    );
    assert!(may_read_pupil_support(&parent, id(SCHOOL), &c, after));
    c.family_decisions.push(agreed(false));
    assert_eq!(
        decide_case(&parent, CaseAction::Read, &c, after),
        Decision::Refused(Refusal::Forbidden)
    );
    // Told where they stand, even so; a stranger is not.
    assert_eq!(decide_who_takes_part(&parent, &c, after), Decision::Allowed(Role::Parent));
    assert_eq!(
        decide_who_takes_part(&actor(101, Role::Parent, None), &c, after),
        Decision::Refused(Refusal::NotFound)
    );
    c.family_decisions.push(RecordedDecision {
        decision: FamilyDecision::Capacity { lacks_capacity: true },
        decided_on: after,
    });
    assert_eq!(
        decide_case(&parent, CaseAction::RequestAssessment, &c, after),
        Decision::Allowed(Role::Parent)
    );
}

#[test]
fn the_young_person_and_the_council_record_who_takes_part() {
    let c = child(date(2010, 3, 10));
    let after = date(2026, 6, 26);
    let yp = actor(YP, Role::YoungPerson, None);
    let caseworker = actor(100, Role::LaCaseworker, Some(LA));
    let access = FamilyDecisionKind::ParentAccess;
    let capacity = FamilyDecisionKind::Capacity;
    assert_eq!(
        decide_family_decision(&yp, access, &c, after),
        Decision::Allowed(Role::YoungPerson)
    );
    assert_eq!(
        decide_family_decision(&yp, access, &c, date(2026, 6, 25)),
        Decision::Refused(Refusal::Forbidden)
    );
    assert_eq!(
        decide_family_decision(&yp, capacity, &c, after),
        Decision::Refused(Refusal::Forbidden)
    );
    for kind in [access, capacity] {
        assert_eq!(
            decide_family_decision(&caseworker, kind, &c, after),
            Decision::Allowed(Role::LaCaseworker)
        );
        for other in [
            actor(PARENT, Role::Parent, None),
            actor(101, Role::Senco, Some(SCHOOL)),
            actor(102, Role::LaCaseworker, Some(OTHER_LA)),
            actor(EP, Role::Professional, None),
        ] {
            assert!(
                decide_family_decision(&other, kind, &c, after).allowed().is_err(),
                "{other:?} {kind:?}"
            );
        }
    }
}

#[test]
fn only_the_child_s_council_s_manager_answers_a_subject_access_request() {
    // A young person, so that every family tie is full and still does not suffice.
    let c = child(date(2009, 3, 1));
    for role in Role::ALL {
        let user = match role {
            Role::Parent => PARENT,
            Role::YoungPerson => YP,
            Role::Professional => EP,
            _ => 100,
        };
        let org = match role {
            Role::LaManager | Role::LaCaseworker => Some(LA),
            Role::Senco | Role::SchoolStaff => Some(SCHOOL),
            _ => None,
        };
        let expected = match role {
            Role::LaManager => Decision::Allowed(Role::LaManager),
            // No tie to the child's record at all: its existence is not given away.
            Role::DesignatedClinicalOfficer => Decision::Refused(Refusal::NotFound),
            _ => Decision::Refused(Refusal::Forbidden),
        };
        assert_eq!(decide_subject_access(&actor(user, role, org), &c, TODAY), expected, "{role:?}");
    }
    let elsewhere = actor(100, Role::LaManager, Some(OTHER_LA));
    assert_eq!(decide_subject_access(&elsewhere, &c, TODAY), Decision::Refused(Refusal::NotFound));
}

#[test]
fn the_widest_granting_role_is_the_one_acted_in() {
    let mut a = actor(PARENT, Role::Parent, None);
    a.memberships.push(Membership { role: Role::Senco, organisation_id: Some(id(SCHOOL)) });
    assert_eq!(decide(&a, ChildAction::Read), Decision::Allowed(Role::Senco));
}

#[test]
fn scopes_follow_memberships() {
    let mut a = actor(PARENT, Role::Parent, None);
    a.memberships.push(Membership { role: Role::LaCaseworker, organisation_id: Some(id(LA)) });
    assert_eq!(
        child_scopes(&a),
        vec![ChildScope::ParentOf(id(PARENT)), ChildScope::ResponsibleLa(id(LA))]
    );
    assert!(child_scopes(&actor(1, Role::Admin, None)).is_empty());
    assert!(may_manage_users(&actor(1, Role::Admin, None)));
    assert!(!may_manage_users(&actor(1, Role::LaManager, Some(LA))));
    assert!(may_register_child(&actor(1, Role::LaCaseworker, Some(LA)), id(LA)));
    assert!(!may_register_child(&actor(1, Role::LaCaseworker, Some(LA)), id(OTHER_LA)));
    assert!(!may_register_child(&actor(1, Role::Senco, Some(SCHOOL)), id(SCHOOL)));
    assert!(may_view_directory(&actor(1, Role::LaManager, Some(LA))));
    assert!(!may_view_directory(&actor(PARENT, Role::Parent, None)));
    assert!(!may_hold_children(&actor(1, Role::Admin, None)));
    assert!(may_hold_children(&actor(EP, Role::Professional, None)));
    let (kent, medway) = (id(LA), id(OTHER_LA));
    let officer = actor(1, Role::LaCaseworker, Some(LA));
    assert!(may_manage_local_offer(&officer, kent));
    assert!(!may_manage_local_offer(&officer, medway));
    assert!(!may_manage_local_offer(&actor(1, Role::Senco, Some(SCHOOL)), kent));
    assert!(may_edit_local_offer_service(&officer, kent, id(SCHOOL)));
    assert!(!may_edit_local_offer_service(&officer, medway, id(SCHOOL)));
    let senco = actor(1, Role::Senco, Some(SCHOOL));
    assert!(may_edit_local_offer_service(&senco, medway, id(SCHOOL)));
    assert!(!may_edit_local_offer_service(&senco, kent, id(OTHER_SCHOOL)));
    assert!(!may_edit_local_offer_service(&actor(PARENT, Role::Parent, None), kent, id(SCHOOL)));
}

#[test]
fn a_listing_takes_whole_authorities_only_where_every_child_may_be_read() {
    let mut a = actor(PARENT, Role::Parent, None);
    a.memberships.push(Membership { role: Role::LaCaseworker, organisation_id: Some(id(LA)) });
    let reach = listing_reach(&a);
    assert_eq!(
        reach,
        ListingReach { whole_las: vec![id(LA)], to_check: vec![ChildScope::ParentOf(id(PARENT))] }
    );
    // Whatever else is true of a child of a whole authority, its staff may read the case.
    for role in [Role::LaCaseworker, Role::LaManager] {
        let staff = actor(1, role, Some(LA));
        assert_eq!(listing_reach(&staff).whole_las, vec![id(LA)]);
        let mut stranger = child(date(2012, 3, 1));
        (
            stranger.schools_on_roll,
            stranger.parents,
            stranger.own_account,
            stranger.open_advice_requests_to,
            stranger.invited_to_review,
        ) = (vec![], vec![], None, vec![], vec![]);
        for c in [child(date(2012, 3, 1)), child(date(2003, 1, 1)), stranger] {
            assert_eq!(
                decide_case(&staff, CaseAction::Read, &c, date(2026, 11, 23)),
                Decision::Allowed(role)
            );
        }
    }
    for role in
        [Role::Senco, Role::SchoolStaff, Role::Professional, Role::Parent, Role::YoungPerson]
    {
        assert!(listing_reach(&actor(PARENT, role, Some(SCHOOL))).whole_las.is_empty(), "{role:?}");
    }
}

#[test]
fn a_list_of_children_takes_whole_rolls_only_where_every_pupil_may_be_read() {
    let today = date(2026, 11, 23);
    let mut stranger = child(date(2012, 3, 1));
    (stranger.parents, stranger.own_account, stranger.open_advice_requests_to) =
        (vec![], None, vec![]);
    for role in [Role::Senco, Role::SchoolStaff] {
        let staff = actor(1, role, Some(SCHOOL));
        let reach = children_reach(&staff);
        let mut to_check = vec![ChildScope::ConsultedAt(id(SCHOOL))];
        if role == Role::Senco {
            to_check.push(ChildScope::AdviceRequestedFrom(id(1)));
        }
        assert_eq!(
            reach,
            ChildrenReach { whole_las: vec![], school_rolls: vec![id(SCHOOL)], to_check }
        );
        // Any pupil on roll that day, whoever their council or family.
        let mut elsewhere = stranger.clone();
        elsewhere.responsible_la = id(OTHER_LA);
        for c in [&stranger, &elsewhere] {
            assert_eq!(decide_child(&staff, ChildAction::Read, c, today), Decision::Allowed(role));
        }
    }
    let la = children_reach(&actor(1, Role::LaManager, Some(LA)));
    assert_eq!((la.whole_las, la.school_rolls), (vec![id(LA)], vec![]));
    for (role, scopes) in [(Role::Parent, 1), (Role::YoungPerson, 1), (Role::Professional, 2)] {
        let reach = children_reach(&actor(PARENT, role, None));
        assert!(reach.whole_las.is_empty() && reach.school_rolls.is_empty(), "{role:?}");
        assert_eq!(reach.to_check.len(), scopes, "{role:?}");
    }
    assert_eq!(
        children_reach(&actor(1, Role::Admin, None)),
        ChildrenReach { whole_las: vec![], school_rolls: vec![], to_check: vec![] }
    );
}

#[test]
fn only_a_council_manager_prepares_its_return() {
    assert_eq!(sen2_councils(&actor(1, Role::LaManager, Some(LA))), vec![id(LA)]);
    assert!(sen2_councils(&actor(1, Role::LaCaseworker, Some(LA))).is_empty());
    assert!(sen2_councils(&actor(1, Role::Senco, Some(SCHOOL))).is_empty());
}

#[test]
fn only_la_staff_see_timeliness() {
    assert_eq!(councils_of(&actor(1, Role::LaManager, Some(LA))), vec![id(LA)]);
    assert_eq!(councils_of(&actor(1, Role::LaCaseworker, Some(OTHER_LA))), vec![id(OTHER_LA)]);
    for role in [
        Role::Senco,
        Role::SchoolStaff,
        Role::Professional,
        Role::Parent,
        Role::YoungPerson,
        Role::Admin,
    ] {
        assert!(councils_of(&actor(1, role, Some(SCHOOL))).is_empty(), "{role:?}");
    }
}

#[test]
fn a_school_sees_its_whole_register_and_a_council_only_its_own_children() {
    let (school, la, other_la) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
    let actor = |role, org| Actor {
        user_id: Uuid::from_u128(9),
        memberships: vec![Membership { role, organisation_id: Some(org) }],
    };
    assert_eq!(register_schools(&actor(Role::Senco, school)), vec![school]);
    assert!(may_read_register_entry(&actor(Role::SchoolStaff, school), school, other_la));
    assert!(may_read_register_entry(&actor(Role::LaCaseworker, la), school, la));
    assert!(!may_read_register_entry(&actor(Role::LaCaseworker, la), school, other_la));
    assert!(!may_read_register_entry(&actor(Role::Senco, Uuid::from_u128(4)), school, la));
    assert!(register_schools(&actor(Role::LaManager, la)).is_empty());
    assert!(may_lead_sen_support(&actor(Role::Senco, school), school));
    assert!(!may_lead_sen_support(&actor(Role::SchoolStaff, school), school));
    assert!(may_deliver_sen_support(&actor(Role::SchoolStaff, school), school));
    assert!(!may_deliver_sen_support(&actor(Role::SchoolStaff, Uuid::from_u128(4)), school));
    assert!(!may_deliver_sen_support(&actor(Role::LaCaseworker, la), school));
}

#[test]
fn staff_record_sessions_and_only_the_senco_the_rest_of_a_cycle() {
    let school = Uuid::from_u128(1);
    let staff = Actor {
        user_id: Uuid::from_u128(9),
        memberships: vec![Membership { role: Role::SchoolStaff, organisation_id: Some(school) }],
    };
    let senco = Actor {
        memberships: vec![Membership { role: Role::Senco, organisation_id: Some(school) }],
        ..staff.clone()
    };
    assert!(may_record_support_step(StepKind::Session)(&staff, school));
    for kind in [StepKind::Assess, StepKind::Plan, StepKind::Review] {
        assert!(!may_record_support_step(kind)(&staff, school), "{kind:?}");
        assert!(may_record_support_step(kind)(&senco, school), "{kind:?}");
    }
}

#[test]
fn the_senco_keeps_profiles_and_the_report_and_the_family_reads_their_child_s_profile() {
    let c = child(date(2016, 3, 1));
    let senco = actor(100, Role::Senco, Some(SCHOOL));
    for may_edit in [may_edit_one_page_profile, may_edit_information_report] {
        assert!(may_edit(&senco, id(SCHOOL)));
        assert!(!may_edit(&senco, id(OTHER_SCHOOL)));
        assert!(!may_edit(&actor(100, Role::SchoolStaff, Some(SCHOOL)), id(SCHOOL)));
        assert!(!may_edit(&actor(PARENT, Role::Parent, None), id(SCHOOL)));
    }
    let readers = [
        senco.clone(),
        actor(101, Role::SchoolStaff, Some(SCHOOL)),
        actor(102, Role::LaCaseworker, Some(LA)),
        actor(PARENT, Role::Parent, None),
    ];
    for a in &readers {
        assert!(may_read_pupil_support(a, id(SCHOOL), &c, TODAY), "{:?}", a.memberships);
    }
    let strangers = [
        actor(103, Role::SchoolStaff, Some(OTHER_SCHOOL)),
        actor(104, Role::LaManager, Some(OTHER_LA)),
        actor(105, Role::Parent, None),
        actor(EP, Role::Professional, None),
        actor(YP, Role::YoungPerson, None),
        actor(106, Role::Admin, None),
    ];
    for a in &strangers {
        assert!(!may_read_pupil_support(a, id(SCHOOL), &c, TODAY), "{:?}", a.memberships);
    }
    // Being a parent of this child is what counts, not holding the parent role.
    assert!(!may_read_pupil_support(
        &actor(PARENT, Role::SchoolStaff, Some(OTHER_SCHOOL)),
        id(SCHOOL),
        &c,
        TODAY
    ));
}

#[test]
fn whoever_reaches_many_children_and_only_they_must_use_a_second_factor() {
    for role in Role::ALL {
        let must = matches!(
            role,
            Role::LaManager | Role::LaCaseworker | Role::DesignatedClinicalOfficer | Role::Admin
        );
        assert_eq!(must_use_second_factor(&actor(1, role, Some(2))), must, "{role:?}");
    }
    let mut both = actor(1, Role::Parent, Some(2));
    both.memberships.extend(actor(1, Role::LaCaseworker, Some(3)).memberships);
    assert!(must_use_second_factor(&both), "any membership that reaches many children counts");
}

#[test]
fn a_providers_assertion_of_a_second_factor_stands_for_the_code() {
    let caseworker = actor(1, Role::LaCaseworker, Some(2));
    let parent = actor(1, Role::Parent, None);
    assert_eq!(second_step(&caseworker, true, true), SecondStep::None);
    assert_eq!(second_step(&caseworker, false, true), SecondStep::None);
    assert_eq!(second_step(&caseworker, true, false), SecondStep::Code);
    assert_eq!(second_step(&caseworker, false, false), SecondStep::Enrol);
    assert_eq!(second_step(&parent, true, false), SecondStep::Code);
    assert_eq!(second_step(&parent, false, false), SecondStep::None);
}

#[test]
fn a_setting_consulted_reads_the_case_until_it_answers_and_only_its_senco_answers() {
    let mut consulted = child(date(2012, 3, 1));
    consulted.consulted = vec![id(OTHER_SCHOOL)];
    let today = date(2026, 11, 23);
    let senco = actor(1, Role::Senco, Some(OTHER_SCHOOL));
    let staff = actor(2, Role::SchoolStaff, Some(OTHER_SCHOOL));
    let own_senco = actor(3, Role::Senco, Some(SCHOOL));
    let answer = CaseAction::AnswerConsultation;
    assert_eq!(
        decide_case(&senco, CaseAction::Read, &consulted, today),
        Decision::Allowed(Role::Senco)
    );
    assert_eq!(decide_case(&senco, answer, &consulted, today), Decision::Allowed(Role::Senco));
    assert_eq!(
        decide_case(&senco, CaseAction::ConductReview, &consulted, today),
        Decision::Refused(Refusal::Forbidden)
    );
    assert_eq!(
        decide_case(&staff, CaseAction::Read, &consulted, today),
        Decision::Allowed(Role::SchoolStaff)
    );
    assert_eq!(
        decide_case(&staff, answer, &consulted, today),
        Decision::Refused(Refusal::Forbidden)
    );
    assert_eq!(
        decide_child(&senco, ChildAction::Change, &consulted, today),
        Decision::Refused(Refusal::Forbidden)
    );
    // Which setting's answer it is: the consulted one's SENCO only, not the pupil's own school's.
    assert!(may_answer_consultation(&senco, id(OTHER_SCHOOL)));
    assert!(!may_answer_consultation(&own_senco, id(OTHER_SCHOOL)));
    assert!(!may_answer_consultation(&staff, id(OTHER_SCHOOL)));
    // Once it has answered, the record closes to it again.
    assert_eq!(
        decide_case(&senco, CaseAction::Read, &child(date(2012, 3, 1)), today),
        Decision::Refused(Refusal::NotFound)
    );
    assert_eq!(
        child_scopes(&senco),
        vec![
            ChildScope::OnRollAt(id(OTHER_SCHOOL)),
            ChildScope::ConsultedAt(id(OTHER_SCHOOL)),
            ChildScope::AdviceRequestedFrom(id(1)),
        ]
    );
}

#[test]
fn a_senco_asked_for_the_school_s_advice_gives_it_and_no_other_school_staff_do() {
    let today = date(2026, 11, 23);
    let mut asked = child(date(2012, 3, 1));
    asked.open_advice_requests_to.push(id(1));
    let senco = actor(1, Role::Senco, Some(SCHOOL));
    let other_senco = actor(2, Role::Senco, Some(SCHOOL));
    let staff = actor(1, Role::SchoolStaff, Some(SCHOOL));
    let give = CaseAction::SubmitAdvice;
    assert_eq!(decide_case(&senco, give, &asked, today), Decision::Allowed(Role::Senco));
    assert_eq!(
        decide_case(&other_senco, give, &asked, today),
        Decision::Refused(Refusal::Forbidden)
    );
    assert_eq!(decide_case(&staff, give, &asked, today), Decision::Refused(Refusal::Forbidden));
    // Asked about a child not on the school's roll, the SENCO reads the record until they answer.
    let elsewhere = actor(1, Role::Senco, Some(OTHER_SCHOOL));
    assert_eq!(decide_case(&elsewhere, give, &asked, today), Decision::Allowed(Role::Senco));
    assert_eq!(
        decide_case(&elsewhere, CaseAction::Read, &child(date(2012, 3, 1)), today),
        Decision::Refused(Refusal::NotFound)
    );
    let membership = |role| vec![Membership { role, organisation_id: Some(id(SCHOOL)) }];
    assert!(may_be_asked_for_advice(&membership(Role::Senco)));
    assert!(may_be_asked_for_advice(&membership(Role::Professional)));
    assert!(!may_be_asked_for_advice(&membership(Role::SchoolStaff)));
    assert!(!may_be_asked_for_advice(&membership(Role::LaCaseworker)));
}

#[test]
fn the_designated_clinical_officer_reads_the_health_part_of_their_area_s_plans_only() {
    const ICB: u128 = 20;
    const OTHER_ICB: u128 = 21;
    let bodies = [
        HealthBody { id: id(ICB), area: id(LA) },
        HealthBody { id: id(OTHER_ICB), area: id(OTHER_LA) },
    ];
    let dco = actor(30, Role::DesignatedClinicalOfficer, Some(ICB));
    assert_eq!(health_areas(&dco, &bodies), vec![id(LA)]);
    assert_eq!(
        decide_health_part(&dco, &bodies, id(LA)),
        Decision::Allowed(Role::DesignatedClinicalOfficer)
    );
    assert_eq!(
        decide_health_part(&dco, &bodies, id(OTHER_LA)),
        Decision::Refused(Refusal::NotFound)
    );
    // The council's own staff and the child's professionals read the whole record instead.
    for other in [actor(31, Role::LaCaseworker, Some(LA)), actor(EP, Role::Professional, None)] {
        assert_eq!(
            decide_health_part(&other, &bodies, id(LA)),
            Decision::Refused(Refusal::NotFound)
        );
    }
    // The rest of the record stays closed, unseen.
    assert_eq!(decide(&dco, ChildAction::Read), Decision::Refused(Refusal::NotFound));
    let case = decide_case(&dco, CaseAction::Read, &child(date(2012, 3, 1)), TODAY);
    assert_eq!(case, Decision::Refused(Refusal::NotFound));
    assert!(child_scopes(&dco).is_empty());
    assert!(!may_hold_children(&dco));
    assert!(must_use_second_factor(&dco));
}

#[test]
fn the_documents_of_a_case_are_read_by_the_council_the_family_and_the_advice_s_author() {
    const ICB: u128 = 20;
    let c = child(date(2012, 3, 1));
    let bodies = [HealthBody { id: id(ICB), area: id(LA) }];
    let health = AdviceGiven { author: id(EP), health: true };
    let education = AdviceGiven { health: false, ..health };
    let read = |a: &Actor, advice| decide_document_read(a, &c, TODAY, advice, &bodies);
    let caseworker = actor(31, Role::LaCaseworker, Some(LA));
    let parent = actor(PARENT, Role::Parent, None);
    for advice in [None, Some(health)] {
        assert_eq!(read(&caseworker, advice), Decision::Allowed(Role::LaCaseworker));
        assert_eq!(read(&parent, advice), Decision::Allowed(Role::Parent));
    }
    // The school reads the record, not the family's evidence or the advice.
    let senco = actor(40, Role::Senco, Some(SCHOOL));
    assert_eq!(read(&senco, None), Decision::Refused(Refusal::Forbidden));
    // The author reads their own advice's documents, not the family's.
    let author = actor(EP, Role::Professional, None);
    assert_eq!(read(&author, Some(education)), Decision::Allowed(Role::Professional));
    assert_eq!(read(&author, None), Decision::Refused(Refusal::Forbidden));
    let other = actor(41, Role::Professional, None);
    assert_eq!(read(&other, Some(education)), Decision::Refused(Refusal::NotFound));
    // The area's designated clinical officer reads health advice only.
    let dco = actor(42, Role::DesignatedClinicalOfficer, Some(ICB));
    assert_eq!(read(&dco, Some(health)), Decision::Allowed(Role::DesignatedClinicalOfficer));
    assert_eq!(read(&dco, Some(education)), Decision::Refused(Refusal::NotFound));
    assert_eq!(read(&dco, None), Decision::Refused(Refusal::NotFound));
}
