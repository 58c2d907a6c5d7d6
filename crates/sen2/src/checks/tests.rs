use super::*;
use crate::model::ActivePlan;
use jiff::civil::date;

fn school(urn: &str, rank: u8) -> Setting {
    Setting { urn: Some(urn.into()), rank, ..Setting::default() }
}

#[test]
fn outcomes_y_and_n_carry_their_date_and_the_others_none() {
    let day = Some(date(2025, 3, 4));
    assert!(outcome_date_rule("Y", None).is_some());
    assert!(outcome_date_rule("N", None).is_some());
    assert!(outcome_date_rule("A", day).is_some());
    assert!(outcome_date_rule("H", day).is_some());
    assert_eq!(outcome_date_rule("Y", day), None);
    assert_eq!(outcome_date_rule("W", None), None);
}

#[test]
fn a_upn_has_its_check_letter() {
    // From the standards' test vectors: B207000016049 checks to P, not Q.
    assert!(upn_rule("Q207000016049").is_some());
    assert_eq!(upn_rule("P207000016049"), None);
}

#[test]
fn a_uln_passes_its_check() {
    assert!(uln_rule("9276308687").is_some());
    assert_eq!(uln_rule("9276308686"), None);
}

#[test]
fn upn_unknown_only_without_upn_or_uln() {
    assert!(upn_unknown_rule(true, false, Some("UN8")).is_some());
    assert!(upn_unknown_rule(false, true, Some("UN8")).is_some());
    assert!(upn_unknown_rule(false, false, None).is_some());
    assert_eq!(upn_unknown_rule(false, false, Some("UN1")), None);
    assert_eq!(upn_unknown_rule(true, false, None), None);
}

#[test]
fn dates_come_in_order() {
    let (early, late) = (Some(date(2025, 1, 6)), Some(date(2025, 2, 6)));
    assert!(order_rule(("ReceivedDate", late), ("RequestOutcomeDate", early)).is_some());
    assert_eq!(order_rule(("ReceivedDate", early), ("RequestOutcomeDate", late)), None);
    assert_eq!(order_rule(("ReceivedDate", early), ("RequestOutcomeDate", None)), None);
}

#[test]
fn a_cease_reason_needs_a_cease_date() {
    assert!(cease_rule(None, Some("3")).is_some());
    assert!(cease_rule(Some(date(2025, 7, 18)), None).is_some());
    assert_eq!(cease_rule(Some(date(2025, 7, 18)), Some("3")), None);
    assert_eq!(cease_rule(None, None), None);
}

#[test]
fn codes_come_from_their_lists() {
    assert!(code_rule("SENtype", "NSA").is_some());
    assert!(code_rule("SENsetting", "SCH").is_some());
    assert!(code_rule("RequestOutcome", "X").is_some());
    assert_eq!(code_rule("SENtype", "ASD"), None);
    assert_eq!(code_rule("SENsetting", "EHE"), None);
    assert_eq!(code_rule("RequestOutcome", "W"), None);
}

#[test]
fn a_placement_rank_is_unique_within_a_plan() {
    assert!(rank_rule(&[school("100001", 1), school("100002", 1)]).is_some());
    assert_eq!(rank_rule(&[school("100001", 1), school("100002", 2)]), None);
}

#[test]
fn a_setting_is_named_one_way() {
    let mut both = school("100001", 1);
    both.sen_setting = Some("EHE".into());
    assert!(setting_rule(&both).is_some());
    assert!(setting_rule(&Setting { rank: 1, ..Setting::default() }).is_some());
    assert_eq!(setting_rule(&school("100001", 1)), None);
}

#[test]
fn an_active_plan_names_one_or_two_ranked_needs() {
    assert!(needs_rule(&[]).is_some());
    assert!(needs_rule(&[("ASD".into(), 2)]).is_some());
    assert_eq!(needs_rule(&[("ASD".into(), 1), ("SLCN".into(), 2)]), None);
}

/// Alex, with a UPN that passes its check, and one request.
fn alex(request: Request) -> Person {
    Person {
        child_id: uuid::Uuid::now_v7(),
        surname: "Example".into(),
        forename: "Alex".into(),
        birth_date: date(2015, 3, 1),
        upn: Some("P207000016049".into()),
        uln: None,
        upn_unknown: None,
        anonymised_on: None,
        requests: vec![request],
    }
}

/// A request refused, its decision's date not yet given.
fn refused() -> Request {
    Request {
        request_id: uuid::Uuid::now_v7(),
        received: date(2025, 3, 4),
        source: Some("1".into()),
        rya: false,
        outcome_date: None,
        outcome: "N".into(),
        mediation: false,
        tribunal: false,
        assessment: None,
        active: None,
    }
}

#[test]
fn each_problem_names_the_person_module_field_and_rule() {
    let person = alex(refused());
    let (child_id, request_id) = (person.child_id, person.requests[0].request_id);
    let problems = check(&person, &SenProvisionByUrn::new());
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert_eq!((p.child_id, p.request_id), (child_id, Some(request_id)));
    assert_eq!(
        p.to_string(),
        "Alex Example (born 2015-03-01): Requests RequestOutcomeDate: an outcome of N needs its date"
    );
    let mut fixed = person.clone();
    fixed.requests[0].outcome_date = Some(date(2025, 4, 1));
    assert!(check(&fixed, &SenProvisionByUrn::new()).is_empty());
}

#[test]
fn an_anonymised_record_is_said_to_be_one_not_asked_for_a_reason() {
    let mut person = alex(refused());
    person.requests[0].outcome_date = Some(date(2025, 4, 1));
    person.upn = None;
    let rules = |p: &Person| -> Vec<String> {
        check(p, &SenProvisionByUrn::new())
            .iter()
            .map(|p| format!("{}: {}", p.field, p.rule))
            .collect()
    };
    assert_eq!(rules(&person), ["UPNunknown: with no UPN or ULN, UPNunknown must give the reason"]);
    person.anonymised_on = Some(date(2052, 9, 1));
    assert_eq!(
        rules(&person),
        ["UPN: the record was anonymised on 2052-09-01 under the retention schedule: its UPN, \
          names and day of birth are no longer held, so this return cannot be made again as it \
          was sent"]
    );
}

#[test]
fn a_sen_unit_or_resourced_provision_is_claimed_only_where_gias_lists_one() {
    assert!(gias_rule("100001", true, Some(false), "SEN unit").is_some());
    assert_eq!(gias_rule("100001", true, Some(true), "SEN unit"), None);
    assert_eq!(gias_rule("100001", true, None, "SEN unit"), None, "GIAS has not said");
    assert_eq!(gias_rule("100001", false, Some(false), "SEN unit"), None);

    let mut placed = school("100001", 1);
    placed.resourced_provision = true;
    let person = alex(Request {
        request_id: uuid::Uuid::now_v7(),
        received: date(2023, 3, 6),
        source: Some("1".into()),
        rya: false,
        outcome_date: Some(date(2023, 4, 3)),
        outcome: "Y".into(),
        mediation: false,
        tribunal: false,
        assessment: None,
        active: Some(ActivePlan {
            placements: vec![placed],
            needs: vec![("ASD".into(), 1)],
            ..ActivePlan::default()
        }),
    });
    let listed = |sen_unit, resourced_provision| {
        SenProvisionByUrn::from([("100001".into(), SenProvision { sen_unit, resourced_provision })])
    };
    let problems = check(&person, &listed(true, false));
    let found: Vec<(&str, &str, &str)> =
        problems.iter().map(|p| (p.module, p.field, p.rule.as_str())).collect();
    assert_eq!(
        found,
        [(
            "PlacementDetail",
            "ResourcedProvisionIndicator",
            "GIAS lists no resourced provision at URN 100001"
        )]
    );
    assert!(check(&person, &listed(false, true)).is_empty());
}
