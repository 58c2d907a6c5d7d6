//! The steps of an EHC case: the council's (decide, seek advice, claim an exception, draft,
//! consult, finalise, edit the plan), the family's (views, comments on the draft), the
//! professionals' (advice), and a bare clock event from the API. [`take_step`] locks the case,
//! asks the policy, applies the step's rules and the clock to the case as it stands, and writes.

use super::advice_invitations::AdviceInvitation;
use super::case_documents::{Upload, attachments};
use super::disagreements::DisagreementTaken;
use super::file::{
    duties, final_plan, issued_draft, open_consultation, open_consultations, record, records,
    setting_named, working_plan,
};
use super::plan_life;
use super::reviews::ReviewTaken;
use super::tell;
use crate::{Acting, Refused};
use jiff::civil::Date;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{CaseEvent, DatedEvent, EventName, ExceptionGround, Named, summarise};
use sendcase_domain::clock::{CeaseReason, PhaseTransferKind};
use sendcase_domain::ehc::ceasing::{CeaseDecision, EndProblem, end_problem};
use sendcase_domain::ehc::moves::CouncilMove;
use sendcase_domain::ehc::open_steps::open_steps;
use sendcase_domain::ehc::phase_transfer::{move_consultation_problem, open_transfer};
use sendcase_domain::ehc::placements;
use sendcase_domain::ehc::plan::{
    EhcPlan, Placement, Section, adulthood_check, content_check, draft_check, finalise_check,
    merge_edit,
};
use sendcase_domain::ehc::reassessment::{
    Reassessment, ReassessmentDecision, ReassessmentRequest, may_change_plan,
};
use sendcase_domain::ehc::records::{
    Advice, AdviceKind, AssessmentDecision, Consultation, ConsultationResponse, ExceptionRecord,
    FamilyViews, NoPlanDecision, Representation,
};
use sendcase_domain::ehc::reviews::{ReviewDecision, ReviewProgress, ReviewStep};
use sendcase_domain::ehc::step_rules::{
    AMEND_THROUGH_REVIEW, CASE_CLOSED, FINAL_PLAN_ISSUED, UNKNOWN_SETTING, amended_plan_too_soon,
    consultation_answer_problem, consultation_problem, consultation_ref, date_problem,
    draft_problem, final_plan_too_soon, placement_problem, stale_plan_edit,
};
use sendcase_domain::people::roles::{OrganisationKind, Role};
use sendcase_domain::people::school_age::national_curriculum_year;
use sendcase_domain::policy::{
    CaseAction, decide_case, may_answer_consultation, may_be_asked_for_advice,
};
use sendcase_store::{
    AcceptedStep, AdviceChange, AuditMeta, CaseChange, CaseStep, ConsultationMark, LockedCase,
    NewAccount, NewCaseRecord, PlanChange, Store,
};
use uuid::Uuid;

/// One step as the person taking it describes it, before the case is consulted.
#[derive(Debug, Clone)]
pub enum Step {
    /// Whether to carry out an EHC needs assessment (section 36(8)), with the reasons.
    Decide { to_assess: bool, on: Date, reasons: String },
    /// After assessing, not to issue a plan (s36(9), reg 10), with the reasons.
    DecideNoPlan { on: Date, reasons: String },
    /// Advice sought from a professional (reg 6–8); `invited` is the account made for someone
    /// invited by email to give it ([`Step::InviteForAdvice`], as judged).
    RequestAdvice {
        professional_user_id: Uuid,
        kind: AdviceKind,
        on: Date,
        invited: Option<Box<NewAccount>>,
    },
    /// Advice sought from someone without an account, invited by email to give it.
    InviteForAdvice { invitation: Box<AdviceInvitation>, kind: AdviceKind, on: Date },
    /// An exception to the time limits (reg 10(4)).
    ClaimException { ground: ExceptionGround, on: Date, note: String, family_told_on: Option<Date> },
    /// The newest saved version of the plan, sent to the family as the draft.
    IssueDraft { on: Date },
    /// A school or other institution consulted on the draft (Code 9.83); `setting` is found from
    /// its name when the step is judged.
    Consult { institution: String, on: Date, setting: Option<Uuid> },
    /// An institution's answer to its consultation, by the consultation's clock reference:
    /// recorded by the council, or given by the setting itself.
    RecordResponse {
        consultation: String,
        on: Date,
        response: String,
        agrees_to_be_named: Option<bool>,
        by_setting: bool,
    },
    /// The final plan, naming the placement in section I.
    IssueFinal { placement: Placement, on: Date },
    /// A new version of the working plan, edited from version `based_on`.
    SavePlan { plan: Box<EhcPlan>, based_on: i32 },
    /// The family's views for section A.
    GiveViews { views: FamilyViews },
    /// The family's representations on the draft, and the setting they ask for.
    CommentOnDraft { comments: Vec<(Section, String)>, requested_setting: String, on: Date },
    /// A professional's answer to the advice request `advice_request`, with the documents they
    /// attach.
    AnswerAdvice { advice_request: Uuid, advice: Advice, on: Date, files: Vec<Upload> },
    /// Advice that reached the council by post or email, recorded by the council with the day
    /// it arrived and the documents that came with it.
    RecordAdviceReceived { advice_request: Uuid, advice: Advice, on: Date, files: Vec<Upload> },
    /// A step of an annual review (regs 18–22).
    Review(ReviewTaken),
    /// The amended plan: the newest version, issued after the family's time to comment on the
    /// proposed amendments (reg 22).
    IssueAmended { on: Date },
    /// The council's decision to cease the plan outside a review (reg 31).
    DecideToCease { decision: CeaseDecision, on: Date },
    /// The day the plan ended, and why (s45; SEN2's cease reason).
    EndPlan { reason: CeaseReason, on: Date },
    /// A move to the next phase on `transfer_on`, whose plan must be amended in time (reg 18).
    PlanTransfer { transfer_on: Date, kind: PhaseTransferKind, on: Date },
    /// The setting the family would like named after the move, as they or the council record it.
    RecordPreference { setting: String, by_council: bool },
    /// The plan amended for the move, naming the new setting in section I.
    AmendForTransfer { placement: Placement, on: Date },
    /// The family is moving to another council (reg 15).
    RecordMove { to: CouncilMove, on: Date },
    /// The plan handed to the new council on the day of the move: it becomes responsible for
    /// the child and the case.
    TransferPlan { on: Date },
    /// A request to re-assess the child's needs (reg 24), from the family in their portal or
    /// recorded by the council.
    RequestReassessment { request: ReassessmentRequest, on: Date, by_family: bool },
    /// Whether the council will re-assess (reg 25), with its reasons.
    DecideReassessment { decision: ReassessmentDecision, on: Date },
    /// The re-assessed plan: the newest version, issued (reg 27).
    IssueReassessed { on: Date },
    /// A setting named in section I, as the SEN2 return counts it.
    RecordPlacement { placement: placements::Placement },
    /// The last day of the plan's placement `number`.
    EndPlacement { number: u32, ends: Date },
    /// A step of mediation or an appeal (regs 32–45).
    Disagreement(DisagreementTaken),
    /// One event of the clock contract, as the API takes it.
    Event(DatedEvent),
}

impl Step {
    pub fn action(&self) -> CaseAction {
        match self {
            Step::GiveViews { .. } | Step::CommentOnDraft { .. } => CaseAction::GiveFamilyViews,
            Step::AnswerAdvice { .. } => CaseAction::SubmitAdvice,
            Step::RecordResponse { by_setting: true, .. } => CaseAction::AnswerConsultation,
            Step::RecordPreference { by_council: false, .. }
            | Step::RequestReassessment { by_family: true, .. } => CaseAction::GiveFamilyViews,
            Step::Review(taken) => taken.action(),
            Step::Disagreement(taken) => taken.action(),
            _ => CaseAction::RecordStatutoryEvent,
        }
    }

    /// The step a bare clock event stands for where the pages take it with more than a date, so
    /// the API meets the same rules: a draft is the plan's newest version, a consultation names
    /// a known setting (the event's `ref`), and a final plan names its setting in section I.
    fn in_full(self) -> Result<Step, Refused> {
        let Step::Event(dated) = self else { return Ok(self) };
        let on = dated.date;
        let named = dated.event.reference().map(str::to_owned);
        Ok(match (dated.event.name(), named) {
            (EventName::DraftPlanIssued, _) => Step::IssueDraft { on },
            (EventName::InstitutionConsulted, Some(institution)) => {
                Step::Consult { institution, on, setting: None }
            }
            (EventName::InstitutionResponded, Some(named)) => Step::RecordResponse {
                consultation: consultation_ref(&named, None),
                on,
                response: String::new(),
                agrees_to_be_named: None,
                by_setting: false,
            },
            (EventName::FinalPlanIssued, _) => {
                return Err(Refused::rule(
                    "",
                    "The final plan names its setting in section I: issue it with the school or other institution",
                ));
            }
            (EventName::AmendedPlanIssued, _) => Step::IssueAmended { on },
            (EventName::PlanTransferred, _) => Step::TransferPlan { on },
            (EventName::ReassessedPlanIssued, _) => Step::IssueReassessed { on },
            (EventName::ReviewDecisionNotified, _) => {
                let CaseEvent::ReviewDecisionNotified(outcome) = dated.event else {
                    unreachable!("matched by its name")
                };
                let decision = ReviewDecision { outcome, reasons: String::new() };
                Step::Review(ReviewTaken::Decide { decision, on })
            }
            _ => Step::Event(dated),
        })
    }

    /// What the step writes on this case, or the rule it breaks.
    fn on_case(self, case: &LockedCase, by: Option<Uuid>) -> Result<CaseStep, Refused> {
        let event = CaseStep::event;
        // Only its author answers a request in their portal; the council records advice that
        // reached it otherwise.
        let by_author = matches!(self, Step::AnswerAdvice { .. });
        Ok(match self {
            Step::Decide { to_assess, on, reasons } => {
                let name = if to_assess {
                    EventName::DecidedToAssess
                } else {
                    EventName::DecidedNotToAssess
                };
                CaseStep {
                    records: vec![record(&AssessmentDecision { to_assess, reasons })],
                    ..event(DatedEvent::plain(name, on))
                }
            }
            Step::DecideNoPlan { on, reasons } => CaseStep {
                records: vec![record(&NoPlanDecision { reasons })],
                ..event(DatedEvent::plain(EventName::DecidedNotToIssuePlan, on))
            },
            Step::RequestAdvice { professional_user_id, kind, on, invited } => {
                let taken: Vec<&str> = case.advice.iter().map(|a| a.clock_ref.as_str()).collect();
                let clock_ref = kind.clock_ref(&taken);
                CaseStep {
                    advice: Some(AdviceChange::Request {
                        professional_user_id,
                        advice_kind: kind.code().into(),
                        clock_ref: clock_ref.clone(),
                        requested_on: on,
                        invited,
                    }),
                    ..event(DatedEvent::referenced(EventName::AdviceRequested, clock_ref, on))
                }
            }
            // The judge makes it a request with the invitee's account first (`invited_adviser`).
            Step::InviteForAdvice { .. } => {
                return Err(Refused::rule("email", "Invite them from the request for advice"));
            }
            Step::ClaimException { ground, on, note, family_told_on } => CaseStep {
                records: vec![record(&ExceptionRecord {
                    ground: ground.as_str().to_owned(),
                    note,
                    family_told_on,
                })],
                ..event(DatedEvent { date: on, event: CaseEvent::ExceptionClaimed(ground) })
            },
            Step::IssueDraft { on } => {
                let (version, plan) = working_plan(&case.versions);
                let newest_issued = case.versions.last().is_some_and(|v| v.issued.is_some());
                if let Some(why) = draft_problem(version, newest_issued) {
                    return Err(Refused::rule("", why));
                }
                issuable(case, &plan, on)?;
                draft_check(&plan).map_err(|why| Refused::rule("", why))?;
                CaseStep {
                    plan: Some(PlanChange::IssueDraft { version, on }),
                    ..event(DatedEvent::plain(EventName::DraftPlanIssued, on))
                }
            }
            Step::Consult { institution, on, setting } => {
                let Some(setting) = setting else {
                    return Err(Refused::rule("institution", UNKNOWN_SETTING));
                };
                let consulted = records::<Consultation>(&case.records)?;
                let history = case.case.history();
                let for_move = open_transfer(&history);
                if let Some(why) = consultation_problem(&institution, for_move, &consulted) {
                    return Err(Refused::rule("institution", why));
                }
                if let Some(why) = move_consultation_problem(&history, on) {
                    return Err(Refused::rule("date-day", why));
                }
                let clock_ref = consultation_ref(&institution, for_move);
                let opens = ConsultationMark::Opens { setting, clock_ref: clock_ref.clone() };
                CaseStep {
                    records: vec![NewCaseRecord {
                        consultation: Some(opens),
                        ..record(&Consultation { clock_ref: clock_ref.clone(), institution })
                    }],
                    ..event(DatedEvent::referenced(EventName::InstitutionConsulted, clock_ref, on))
                }
            }
            Step::RecordResponse { consultation, on, response, agrees_to_be_named, .. } => {
                if !open_consultations(&case.records)?.iter().any(|c| c.clock_ref == consultation) {
                    return Err(Refused::rule(
                        "consultation",
                        "Choose the institution that responded",
                    ));
                }
                if let Some(why) = consultation_answer_problem(agrees_to_be_named, &response) {
                    return Err(Refused::rule("response", why));
                }
                let answers = ConsultationMark::Answers { clock_ref: consultation.clone() };
                CaseStep {
                    records: vec![NewCaseRecord {
                        consultation: Some(answers),
                        ..record(&ConsultationResponse {
                            clock_ref: consultation.clone(),
                            response,
                            agrees_to_be_named,
                        })
                    }],
                    ..event(DatedEvent::referenced(
                        EventName::InstitutionResponded,
                        consultation,
                        on,
                    ))
                }
            }
            Step::IssueFinal { placement, on } => {
                let Some(draft) = issued_draft(&case.versions) else {
                    return Err(Refused::rule(
                        "",
                        "Issue a draft plan to the family before the final plan",
                    ));
                };
                let draft = &draft.plan;
                let (_, mut plan) = working_plan(&case.versions);
                let institution = placement.institution.clone();
                plan.i = Some(placement);
                let represented: Vec<Section> = records::<Representation>(&case.records)?
                    .into_iter()
                    .flat_map(|r| r.comments.into_iter().map(|(s, _)| s))
                    .collect();
                if let Err(sections) = finalise_check(draft, &plan, &represented) {
                    let names: Vec<&str> = sections.iter().map(|s| s.letter()).collect();
                    return Err(Refused::rule(
                        "",
                        format!(
                            "Section {} changed since the draft without a representation from the family: issue a new draft instead",
                            names.join(", ")
                        ),
                    ));
                }
                let consulted = records::<Consultation>(&case.records)?;
                if let Some(why) = placement_problem(&institution, None, &consulted) {
                    return Err(Refused::rule("institution", why));
                }
                issuable(case, &plan, on)?;
                CaseStep {
                    plan: Some(PlanChange::IssueFinal { plan: Box::new(plan), on }),
                    ..event(DatedEvent::plain(EventName::FinalPlanIssued, on))
                }
            }
            Step::SavePlan { plan, based_on } => {
                if let Some((field, why)) = plan.j.problem(&plan) {
                    return Err(Refused::rule(field, why));
                }
                let in_force = final_plan(&case.versions).is_some();
                if in_force && !may_change_plan(&case.case.history()) {
                    return Err(Refused::rule("", AMEND_THROUGH_REVIEW));
                }
                CaseStep {
                    plan: Some(PlanChange::Save(Box::new(kept_edit(case, *plan, based_on)?))),
                    ..CaseStep::default()
                }
            }
            Step::GiveViews { views } => {
                CaseStep { records: vec![record(&views)], ..CaseStep::default() }
            }
            Step::CommentOnDraft { comments, requested_setting, on } => {
                let draft = issued_draft(&case.versions).ok_or(Refused::NotFound)?;
                // Once a plan is in force, the draft the family comments on is the council's
                // proposed amendments.
                let name = if final_plan(&case.versions).is_some() {
                    let progress = ReviewProgress::of(&case.case.history());
                    if let Some(why) = progress.amendment_problem() {
                        return Err(Refused::rule("", why));
                    }
                    EventName::AmendmentCommentsReceived
                } else {
                    EventName::DraftCommentsReceived
                };
                CaseStep {
                    records: vec![record(&Representation {
                        draft_version: draft.version,
                        comments,
                        requested_setting,
                    })],
                    ..event(DatedEvent::plain(name, on))
                }
            }
            Step::DecideToCease { decision, on } => plan_life::decide_to_cease(case, decision, on)?,
            Step::EndPlan { reason, on } => plan_life::end_plan(case, reason, on)?,
            Step::PlanTransfer { transfer_on, kind, on } => {
                plan_life::plan_transfer(case, transfer_on, kind, on)?
            }
            Step::RecordPreference { setting, .. } => plan_life::record_preference(case, setting)?,
            Step::AmendForTransfer { placement, on } => {
                plan_life::amend_for_transfer(case, placement, on)?
            }
            Step::RecordMove { to, on } => plan_life::record_move(case, to, on)?,
            Step::TransferPlan { on } => plan_life::transfer_plan(case, on)?,
            Step::RequestReassessment { request, on, .. } => {
                plan_life::request_reassessment(case, request, on)?
            }
            Step::DecideReassessment { decision, on } => {
                plan_life::decide_reassessment(case, decision, on)?
            }
            Step::IssueReassessed { on } => plan_life::issue_reassessed(case, on)?,
            Step::IssueAmended { on } => plan_life::issue_amended(case, on)?,
            Step::RecordPlacement { placement } => {
                super::placements::record_placement(case, placement)?
            }
            Step::EndPlacement { number, ends } => {
                super::placements::end_placement(case, number, ends)?
            }
            Step::AnswerAdvice { advice_request, advice, on, files }
            | Step::RecordAdviceReceived { advice_request, advice, on, files } => {
                let asked = case
                    .advice
                    .iter()
                    .find(|a| {
                        a.id == advice_request
                            && a.answered_on.is_none()
                            && (!by_author || Some(a.professional_user_id) == by)
                    })
                    .ok_or(Refused::NotFound)?;
                CaseStep {
                    advice: Some(AdviceChange::Answer {
                        id: asked.id,
                        advice,
                        on,
                        attachments: attachments(files)?,
                    }),
                    ..event(DatedEvent::referenced(
                        EventName::AdviceReceived,
                        asked.clock_ref.clone(),
                        on,
                    ))
                }
            }
            Step::Review(taken) => taken.on_case(case, by)?,
            Step::Disagreement(taken) => taken.written()?,
            Step::Event(dated) => {
                // A review's event from the API keeps the review's order as the pages do.
                let review = ReviewStep::recording(dated.event.name());
                let progress = ReviewProgress::of(&case.case.history());
                if let Some(why) = review.and_then(|step| progress.problem(step)) {
                    return Err(Refused::rule("", why));
                }
                event(dated)
            }
        })
    }
}

/// May `plan` go to the family on `on`? It must say something, and from Year 9 aim an outcome
/// at each area of preparing for adulthood.
pub(super) fn issuable(case: &LockedCase, plan: &EhcPlan, on: Date) -> Result<(), Refused> {
    content_check(plan).map_err(|why| Refused::rule("", why))?;
    let year = national_curriculum_year(case.child.child.birth_date, on);
    adulthood_check(plan, year).map_err(|why| Refused::rule("", why))
}

/// The plan to save for an edit made from version `based_on`: the edit itself if nobody saved
/// since, else the edit's sections on top of the newest version, unless they clash.
fn kept_edit(case: &LockedCase, mine: EhcPlan, based_on: i32) -> Result<EhcPlan, Refused> {
    let newest = case.versions.last().map_or(0, |v| v.version);
    if based_on == newest {
        return Ok(mine);
    }
    let plan_of = |version: i32| case.versions.iter().find(|v| v.version == version);
    let base = match based_on {
        0 => EhcPlan::default(),
        n => plan_of(n)
            .ok_or_else(|| Refused::rule("", format!("There is no version {n} of the plan")))?
            .plan
            .clone(),
    };
    let theirs = plan_of(newest).map(|v| v.plan.clone()).unwrap_or_default();
    merge_edit(&base, &theirs, &mine)
        .map_err(|clashes| Refused::Stale { message: stale_plan_edit(&clashes), newest })
}

/// Takes `step` on the case `request_id`: the policy decides on the child's relations as they
/// stand, the step's rules and the clock judge the case as it stands, and only then is anything
/// written, all under the case's lock. The position of the step's event in the history, if it
/// has one.
pub async fn take_step(
    acting: Acting<'_>,
    request_id: Uuid,
    step: Step,
) -> Result<Option<i32>, Refused> {
    let change =
        acting.store.change_case(request_id, acting.today).await?.ok_or(Refused::NotFound)?;
    let case = change.case();
    let role =
        decide_case(acting.actor, step.action(), &case.child.relations, acting.today).allowed()?;
    let judge = Judge { store: acting.store, calendar: acting.calendar, today: acting.today };
    // A setting answers only its own consultation, though its SENCO may read others'.
    if let Step::RecordResponse { consultation, by_setting: true, .. } = &step {
        let setting = judge.consulted_setting(case, consultation).await?;
        if !may_answer_consultation(acting.actor, setting) {
            return Err(Refused::Forbidden);
        }
    }
    let written = judge.judge(case, step, Some(acting.actor.user_id)).await?;
    write_judged(judge, change, written, acting.audit(Some(role))).await
}

/// Takes `step` for a command-line tool (the demo): no person acts, so no policy applies, but
/// every rule of the step and the clock does, as for [`take_step`].
pub async fn take_system_step(
    judge: Judge<'_>,
    request_id: Uuid,
    step: Step,
    meta: AuditMeta,
) -> Result<Option<i32>, Refused> {
    let change =
        judge.store.change_case(request_id, judge.today).await?.ok_or(Refused::NotFound)?;
    let written = judge.judge(change.case(), step, None).await?;
    write_judged(judge, change, written, meta).await
}

/// What the steps' rules are judged against: the stored settings, the calendar and today.
#[derive(Clone, Copy)]
pub struct Judge<'a> {
    pub store: &'a dyn Store,
    pub calendar: &'a Calendar,
    pub today: Date,
}

impl Judge<'_> {
    /// What `step`, taken by the user `by` (none for the system), writes on the case as it
    /// stands, or the rule it breaks.
    async fn judge(
        &self,
        case: &LockedCase,
        step: Step,
        by: Option<Uuid>,
    ) -> Result<CaseStep, Refused> {
        let mut step = match step.in_full()? {
            Step::InviteForAdvice { invitation, kind, on } => {
                self.invited_adviser(case, *invitation, kind, on).await?
            }
            step => step,
        };
        let after_the_request = match &step {
            Step::Event(_)
            | Step::Review(_)
            | Step::Disagreement(_)
            | Step::IssueAmended { .. }
            | Step::DecideToCease { .. }
            | Step::EndPlan { .. }
            | Step::PlanTransfer { .. }
            | Step::RecordPreference { .. }
            | Step::AmendForTransfer { .. }
            | Step::RecordMove { .. }
            | Step::TransferPlan { .. }
            | Step::RequestReassessment { .. }
            | Step::DecideReassessment { .. }
            | Step::IssueReassessed { .. }
            | Step::RecordPlacement { .. }
            | Step::EndPlacement { .. } => true,
            // A re-assessment seeks advice as an assessment does.
            Step::RequestAdvice { .. } => {
                Reassessment::of(&case.case.history()) == Some(Reassessment::Reassessing)
            }
            // Settings are consulted again about a move to the next phase.
            Step::Consult { .. } | Step::RecordResponse { .. } => {
                open_transfer(&case.case.history()).is_some()
            }
            // With a plan in force these amend it, under the rules of amendment.
            Step::SavePlan { .. } | Step::CommentOnDraft { .. } => {
                final_plan(&case.versions).is_some()
            }
            _ => false,
        };
        if !after_the_request && case_closed(case) {
            // After the final plan the plan lives on through reviews, so say that, not "ended".
            let final_issued = final_plan(&case.versions).is_some();
            let why = if final_issued { FINAL_PLAN_ISSUED } else { CASE_CLOSED };
            return Err(Refused::rule("", why));
        }
        if let Step::Consult { institution, setting, .. } = &mut step {
            *setting = Some(self.known_setting(institution).await?);
        }
        if let Step::RequestAdvice { professional_user_id, invited: None, .. } = &step {
            self.may_be_asked(*professional_user_id).await?;
        }
        if let Step::Review(ReviewTaken::Arrange { arrangement, .. }) = &mut step {
            let mut named_once = std::collections::HashSet::new();
            arrangement.professionals.retain(|p| named_once.insert(p.user_id));
            for invited in &mut arrangement.professionals {
                invited.name = self.professional_named(invited.user_id).await?;
            }
        }
        if let Step::RecordMove { to: CouncilMove { to_council: Some(council), .. }, .. } = &step {
            self.known_council(*council).await?;
        }
        let written = step.on_case(case, by)?;
        if let Some(event) = &written.event {
            self.when_allowed(case, event)?;
        }
        Ok(written)
    }

    /// A move names a council sendcase knows, or none.
    async fn known_council(&self, council: Uuid) -> Result<(), Refused> {
        match self.store.organisation(council).await? {
            Some(o) if o.kind == OrganisationKind::LocalAuthority => Ok(()),
            _ => Err(Refused::rule("council", "Choose the council from the list")),
        }
    }

    /// Advice is asked through their accounts only of those who may give it, in use.
    async fn may_be_asked(&self, user: Uuid) -> Result<(), Refused> {
        match self.store.user_account(user).await? {
            Some(a) if !a.disabled && may_be_asked_for_advice(&a.memberships) => Ok(()),
            _ => Err(Refused::rule(
                "professional",
                "Choose a professional, or a school's SENCO, from the list",
            )),
        }
    }

    /// A review invites through their accounts only professionals, named as their account is.
    async fn professional_named(&self, user: Uuid) -> Result<String, Refused> {
        match self.store.user_account(user).await? {
            Some(a)
                if !a.disabled && a.memberships.iter().any(|m| m.role == Role::Professional) =>
            {
                Ok(a.user.display_name)
            }
            _ => Err(Refused::rule(
                "professionals",
                "Choose the professionals to invite from the list of professionals' accounts",
            )),
        }
    }

    /// Only a setting sendcase knows can be consulted, so section I names an organisation.
    async fn known_setting(&self, institution: &str) -> Result<Uuid, Refused> {
        setting_named(self.store, institution)
            .await?
            .ok_or_else(|| Refused::rule("institution", UNKNOWN_SETTING))
    }

    /// The setting consulted as `clock_ref` on the case; a consultation that reached no setting
    /// sendcase knows is not found.
    async fn consulted_setting(&self, case: &LockedCase, clock_ref: &str) -> Result<Uuid, Refused> {
        let open = open_consultation(self.store, &case.records, clock_ref).await?;
        open.map(|(_, setting)| setting).ok_or(Refused::NotFound)
    }

    /// The rules on when `event` may be recorded on the case, whichever step records it: its
    /// date, one final plan, and the family's 15 days on the draft first.
    fn when_allowed(&self, case: &LockedCase, event: &DatedEvent) -> Result<(), Refused> {
        if let Some(why) = date_problem(event.date, case.case.request.received_on, self.today) {
            return Err(Refused::rule("date-day", why));
        }
        if let CaseEvent::PlanCeased { reason } = event.event {
            let duties = duties(&case.case, None, self.today, self.calendar)?;
            let problem = end_problem(&case.case.history(), &duties, reason, event.date);
            return match problem {
                None => Ok(()),
                Some(p) => {
                    let field = match p {
                        EndProblem::AppealWindow(_) => "date-day",
                        _ => "",
                    };
                    Err(Refused::rule(field, p.message()))
                }
            };
        }
        if event.event.name() == EventName::AmendedPlanIssued {
            let duties = duties(&case.case, None, self.today, self.calendar)?;
            return match amended_plan_too_soon(&duties, event.date) {
                Some(why) => Err(Refused::rule("date-day", why)),
                None => Ok(()),
            };
        }
        if event.event.name() != EventName::FinalPlanIssued {
            return Ok(());
        }
        let issued_before =
            case.case.events.iter().any(|e| e.event.event.name() == EventName::FinalPlanIssued);
        if issued_before || final_plan(&case.versions).is_some() {
            return Err(Refused::rule("", FINAL_PLAN_ISSUED));
        }
        let duties = duties(&case.case, None, self.today, self.calendar)?;
        match final_plan_too_soon(&duties, event.date) {
            Some(why) => Err(Refused::rule("date-day", why)),
            None => Ok(()),
        }
    }
}

/// Whether the request has ended, as the domain reads its history.
fn case_closed(case: &LockedCase) -> bool {
    let names = case.case.events.iter().map(|e| e.event.event.name());
    open_steps(names, issued_draft(&case.versions).is_some(), final_plan(&case.versions).is_some())
        .closed
}

/// Records a step for a command-line tool (demo data, imports): no person acts, so no policy
/// applies, but the clock still judges the event.
pub async fn record_as_system(
    store: &dyn Store,
    calendar: &Calendar,
    request_id: Uuid,
    today: Date,
    step: CaseStep,
    meta: AuditMeta,
) -> Result<Option<i32>, Refused> {
    let change = store.change_case(request_id, today).await?.ok_or(Refused::NotFound)?;
    write_judged(Judge { store, calendar, today }, change, step, meta).await
}

/// Writes `written`, with the messages it sends, if the clock accepts the case's history
/// followed by its event.
async fn write_judged(
    judge: Judge<'_>,
    change: Box<dyn CaseChange>,
    mut written: CaseStep,
    meta: AuditMeta,
) -> Result<Option<i32>, Refused> {
    let Judge { store, calendar, today } = judge;
    let case = change.case();
    if let Some(notice) = tell::notice(case, &written, calendar, today)? {
        let parties = tell::Parties::of(store, case, &written, notice.to).await?;
        written.messages = tell::messages(case, &notice, parties, meta.actor_user_id, today);
    }
    let summary = match &written.event {
        None => None,
        Some(event) => {
            let mut history = change.case().case.history();
            history.push(event.clone());
            Some(summarise(&history, calendar).map_err(Refused::Clock)?)
        }
    };
    Ok(change.write(AcceptedStep { step: written, summary, meta }).await?)
}
