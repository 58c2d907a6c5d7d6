//! Annual reviews of an EHC plan (SEND Regulations 2014 regs 18–22; Code 9.166–9.185): what each
//! step of a review records, where the current review stands as the case's events tell it, and
//! which steps that leaves open to whom. The deadlines are the clock's.

use crate::clock::{CaseEvent, DatedEvent, DutyKind, EventName, ReviewOutcome};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::plan::AdulthoodArea;
use super::records::CaseRecordKind;
use super::review_advice::InvitedProfessional;

/// Who must or may be invited to a review meeting (reg 20(3)–(4), reg 21(3)–(4); Code 9.176).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invitee {
    /// The child's parent, or the young person.
    Family,
    /// The school or other institution attended.
    Setting,
    /// An officer of the council's SEN team.
    CouncilOfficer,
    /// Health: the designated clinical officer or the child's health professionals.
    Health,
    /// Social care.
    SocialCare,
}

impl Invitee {
    pub const ALL: [Invitee; 5] = [
        Invitee::Family,
        Invitee::Setting,
        Invitee::CouncilOfficer,
        Invitee::Health,
        Invitee::SocialCare,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Invitee::Family => "family",
            Invitee::Setting => "setting",
            Invitee::CouncilOfficer => "council_officer",
            Invitee::Health => "health",
            Invitee::SocialCare => "social_care",
        }
    }

    pub fn parse(code: &str) -> Option<Invitee> {
        Invitee::ALL.into_iter().find(|i| i.code() == code)
    }

    /// Whom it stands for; the family is the young person once the rights are theirs.
    pub fn label(self, young_person: bool) -> &'static str {
        match self {
            Invitee::Family if young_person => "The young person",
            Invitee::Family => "The child's parents",
            Invitee::Setting => "The school or college",
            Invitee::CouncilOfficer => "An officer of the council's SEN team",
            Invitee::Health => {
                "Health (the designated clinical officer or the child's health professionals)"
            }
            Invitee::SocialCare => "Social care",
        }
    }
}

/// The meeting as arranged (reg 20(2)–(4)): when, and who was invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewArrangement {
    pub meeting_date: Date,
    pub invited: Vec<Invitee>,
    /// Anyone else invited, by name and role.
    pub others: Vec<String>,
    /// Professionals invited through their accounts: they see the review in their own portal
    /// and give their advice for it. Arrangements recorded before this was kept have none.
    #[serde(default)]
    pub professionals: Vec<InvitedProfessional>,
}

impl CaseRecordKind for ReviewArrangement {
    const KIND: &'static str = "review_arrangement";
}

impl ReviewArrangement {
    /// What the regulations require of the invitations: the family and the setting are always
    /// invited (reg 20(3)).
    pub fn problem(&self) -> Option<(Invitee, &'static str)> {
        if !self.invited.contains(&Invitee::Family) {
            Some((
                Invitee::Family,
                "Invite the child's parents or the young person: they must be invited to the review",
            ))
        } else if !self.invited.contains(&Invitee::Setting) {
            Some((
                Invitee::Setting,
                "Invite the school or college: it must be invited to the review",
            ))
        } else {
            None
        }
    }
}

/// The child's, young person's or parents' views for the review (Code 9.166, 9.176).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewViews {
    pub meeting_date: Date,
    pub going_well: String,
    pub to_change: String,
}

impl CaseRecordKind for ReviewViews {
    const KIND: &'static str = "review_views";
}

/// What the review discussed of preparing for adulthood, from Year 9 (Code 8.9, 9.179).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparingForAdulthood {
    pub employment: String,
    pub independent_living: String,
    pub community: String,
    pub health: String,
}

impl PreparingForAdulthood {
    /// The four outcomes, as `(field, heading, what was said)`.
    pub fn areas(&self) -> [(&'static str, &'static str, &str); 4] {
        let [employment, living, community, health] = AdulthoodArea::ALL;
        [
            (employment.code(), employment.label(), &self.employment),
            (living.code(), living.label(), &self.independent_living),
            (community.code(), community.label(), &self.community),
            (health.code(), health.label(), &self.health),
        ]
    }
}

/// From Year 9 every review covers preparing for adulthood (Code 8.9).
pub fn covers_preparing_for_adulthood(nc_year: i8) -> bool {
    nc_year >= 9
}

/// The meeting as held: who came and what was agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewMeeting {
    pub attended: Vec<String>,
    pub agreed: String,
    pub preparing_for_adulthood: Option<PreparingForAdulthood>,
}

impl CaseRecordKind for ReviewMeeting {
    const KIND: &'static str = "review_meeting";
}

impl ReviewMeeting {
    /// What the record of a review of a pupil in national curriculum year `nc_year` lacks, as
    /// `(field, message)`: from Year 9, something said about each preparing-for-adulthood outcome.
    pub fn problem(&self, nc_year: i8) -> Option<(&'static str, String)> {
        if !covers_preparing_for_adulthood(nc_year) {
            return None;
        }
        let blank = PreparingForAdulthood {
            employment: String::new(),
            independent_living: String::new(),
            community: String::new(),
            health: String::new(),
        };
        let pfa = self.preparing_for_adulthood.as_ref().unwrap_or(&blank);
        pfa.areas().into_iter().find(|(_, _, said)| said.trim().is_empty()).map(|(field, heading, _)| {
            let message = format!(
                "From Year 9 the review covers preparing for adulthood: say what was discussed about {}",
                heading.to_lowercase()
            );
            (field, message)
        })
    }
}

/// The report sent after the meeting (reg 20(7)): what the setting or council recommends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewReport {
    pub recommendation: ReviewOutcome,
    pub summary: String,
}

impl CaseRecordKind for ReviewReport {
    const KIND: &'static str = "review_report";
}

/// The council's decision after the review (reg 20(10)), with the reasons its notice gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDecision {
    pub outcome: ReviewOutcome,
    pub reasons: String,
}

impl CaseRecordKind for ReviewDecision {
    const KIND: &'static str = "review_decision";
}

/// One step of an annual review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    Arrange,
    SendInvitations,
    /// An invited professional's advice, which the setting or council then sends round.
    GiveAdvice,
    CirculateAdvice,
    GiveViews,
    RecordMeeting,
    SendReport,
    Decide,
}

/// Whether a duty of the clock belongs to a plan's annual review.
pub fn is_review_duty(kind: DutyKind) -> bool {
    matches!(kind, DutyKind::ReviewPlan | DutyKind::ReviewTransferredPlan)
        || ReviewStep::ALL.into_iter().any(|s| s.duty() == Some(kind))
}

/// Who takes a review step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewParty {
    /// The setting or the council (regs 20–21).
    SettingOrCouncil,
    /// The council alone (reg 20(10)).
    Council,
    /// The child's parents or the young person.
    Family,
    /// A professional invited to the review (Code 9.176).
    Professional,
}

impl ReviewStep {
    pub const ALL: [ReviewStep; 8] = [
        ReviewStep::Arrange,
        ReviewStep::SendInvitations,
        ReviewStep::GiveAdvice,
        ReviewStep::CirculateAdvice,
        ReviewStep::GiveViews,
        ReviewStep::RecordMeeting,
        ReviewStep::SendReport,
        ReviewStep::Decide,
    ];

    /// The clock event the step records; the family's views and a professional's advice are
    /// records without one.
    pub fn event(self) -> Option<EventName> {
        Some(match self {
            ReviewStep::Arrange => EventName::ReviewMeetingScheduled,
            ReviewStep::SendInvitations => EventName::ReviewInvitationsSent,
            ReviewStep::CirculateAdvice => EventName::ReviewAdviceCirculated,
            ReviewStep::GiveViews | ReviewStep::GiveAdvice => return None,
            ReviewStep::RecordMeeting => EventName::ReviewMeetingHeld,
            ReviewStep::SendReport => EventName::ReviewReportSent,
            ReviewStep::Decide => EventName::ReviewDecisionNotified,
        })
    }

    /// The step an event of the clock records, if it is a review's.
    pub fn recording(event: EventName) -> Option<ReviewStep> {
        ReviewStep::ALL.into_iter().find(|s| s.event() == Some(event))
    }

    /// The clock's duty whose deadline the step meets, if it has one of its own.
    pub fn duty(self) -> Option<DutyKind> {
        match self {
            ReviewStep::SendInvitations => Some(DutyKind::SendReviewInvitations),
            ReviewStep::CirculateAdvice => Some(DutyKind::CirculateReviewAdvice),
            ReviewStep::SendReport => Some(DutyKind::SendReviewReport),
            ReviewStep::Decide => Some(DutyKind::NotifyReviewDecision),
            ReviewStep::Arrange
            | ReviewStep::GiveViews
            | ReviewStep::GiveAdvice
            | ReviewStep::RecordMeeting => None,
        }
    }

    pub fn party(self) -> ReviewParty {
        match self {
            ReviewStep::Decide => ReviewParty::Council,
            ReviewStep::GiveViews => ReviewParty::Family,
            ReviewStep::GiveAdvice => ReviewParty::Professional,
            _ => ReviewParty::SettingOrCouncil,
        }
    }
}

/// Where the current review stands, read from the case's events in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewProgress {
    /// A final, transferred or re-assessed plan exists and has not ceased.
    pub plan_in_force: bool,
    /// The council decided to cease the plan: no further review starts (reg 31).
    pub ceasing: bool,
    pub arranged_on: Option<Date>,
    pub meeting_date: Option<Date>,
    pub invitations_sent: Option<Date>,
    pub advice_circulated: Option<Date>,
    pub held: Option<Date>,
    pub report_sent: Option<Date>,
    /// The previous review's decision, if any.
    pub last_decision: Option<(Date, ReviewOutcome)>,
    /// How many reviews the council has decided on this case: the review under way is the next.
    pub reviews_decided: u32,
    /// When the council proposed amendments (its decision to amend), until the amended plan is
    /// issued (reg 22).
    pub amendments_proposed: Option<Date>,
}

impl ReviewProgress {
    pub fn of(events: &[DatedEvent]) -> ReviewProgress {
        let mut p = ReviewProgress::default();
        for e in events {
            let on = Some(e.date);
            match &e.event {
                CaseEvent::ReviewMeetingScheduled { meeting_date } => {
                    p.arranged_on = on;
                    p.meeting_date = Some(*meeting_date);
                }
                CaseEvent::ReviewDecisionNotified(outcome) => {
                    let amend = *outcome == ReviewOutcome::Amend;
                    p = ReviewProgress {
                        plan_in_force: p.plan_in_force,
                        ceasing: p.ceasing || *outcome == ReviewOutcome::Cease,
                        last_decision: Some((e.date, *outcome)),
                        reviews_decided: p.reviews_decided + 1,
                        amendments_proposed: if amend { on } else { p.amendments_proposed },
                        ..ReviewProgress::default()
                    };
                }
                CaseEvent::PlanCeased { .. } => p.plan_in_force = false,
                other => match other.name() {
                    EventName::FinalPlanIssued
                    | EventName::PlanTransferred
                    | EventName::ReassessedPlanIssued => p.plan_in_force = true,
                    EventName::DecidedToCease => p.ceasing = true,
                    EventName::ReviewInvitationsSent => p.invitations_sent = on,
                    EventName::ReviewAdviceCirculated => p.advice_circulated = on,
                    EventName::ReviewMeetingHeld => p.held = on,
                    EventName::ReviewReportSent => p.report_sent = on,
                    EventName::AmendedPlanIssued => p.amendments_proposed = None,
                    _ => {}
                },
            }
        }
        p
    }

    /// Why `step` cannot be taken now, or `None` when it can.
    pub fn problem(&self, step: ReviewStep) -> Option<&'static str> {
        use ReviewStep::*;
        if !self.plan_in_force {
            return Some("There is no plan in force to review");
        }
        if self.ceasing {
            return Some("The council has decided to cease the plan, so no review follows");
        }
        let arranged = self.meeting_date.is_some();
        match step {
            GiveAdvice if self.held.is_some() => {
                Some("The review meeting has been held, so advice for it can no longer be given")
            }
            Arrange | SendInvitations | CirculateAdvice | GiveViews | RecordMeeting
                if self.held.is_some() =>
            {
                Some("The review meeting has been held: send the report and decide")
            }
            SendInvitations | GiveAdvice | CirculateAdvice | GiveViews | RecordMeeting
                if !arranged =>
            {
                Some("Arrange the review meeting first")
            }
            SendInvitations if self.invitations_sent.is_some() => {
                Some("The invitations have been sent")
            }
            CirculateAdvice if self.advice_circulated.is_some() => {
                Some("The advice has been sent round")
            }
            SendReport | Decide if self.held.is_none() => Some("Record the review meeting first"),
            SendReport if self.report_sent.is_some() => Some("The review report has been sent"),
            Decide if self.report_sent.is_none() => {
                Some("Send the review report first: the council decides on it (reg 20(10))")
            }
            _ => None,
        }
    }

    /// Whether a review is under way: arranged and not yet decided, on a plan in force that the
    /// council has not decided to cease.
    pub fn under_way(&self) -> bool {
        self.plan_in_force && !self.ceasing && self.meeting_date.is_some()
    }

    /// Whether the council may change the plan in force: it prepares amendments once a review
    /// meeting has been held, and answers the family's comments until the amended plan is issued.
    pub fn may_amend_plan(&self) -> bool {
        self.plan_in_force
            && !self.ceasing
            && (self.held.is_some() || self.amendments_proposed.is_some())
    }

    /// Why the family cannot comment on amendments, or the council issue the amended plan, now.
    pub fn amendment_problem(&self) -> Option<&'static str> {
        match self.amendments_proposed {
            Some(_) if self.plan_in_force => None,
            _ => Some(
                "No amendments have been proposed: the council proposes them when it decides to amend the plan after a review",
            ),
        }
    }

    /// The steps open now, in the order a review takes them.
    pub fn open(&self) -> Vec<ReviewStep> {
        ReviewStep::ALL.into_iter().filter(|s| self.problem(*s).is_none()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::CeaseReason;
    use ReviewStep::*;
    use jiff::civil::date;

    fn on(d: i8, event: CaseEvent) -> DatedEvent {
        DatedEvent { date: date(2026, 3, d), event }
    }

    fn plain(d: i8, name: EventName) -> DatedEvent {
        DatedEvent::plain(name, date(2026, 3, d))
    }

    fn issued() -> Vec<DatedEvent> {
        vec![plain(1, EventName::RequestReceived), plain(2, EventName::FinalPlanIssued)]
    }

    #[test]
    fn a_review_opens_its_steps_in_order() {
        let mut events = issued();
        let progress = ReviewProgress::of(&events);
        assert_eq!(progress.open(), vec![Arrange]);
        assert_eq!(progress.problem(RecordMeeting), Some("Arrange the review meeting first"));

        events.push(on(3, CaseEvent::ReviewMeetingScheduled { meeting_date: date(2026, 3, 30) }));
        let arranged = ReviewProgress::of(&events);
        assert_eq!(arranged.meeting_date, Some(date(2026, 3, 30)));
        assert_eq!(
            arranged.open(),
            vec![Arrange, SendInvitations, GiveAdvice, CirculateAdvice, GiveViews, RecordMeeting]
        );
        assert!(arranged.under_way());

        events.push(plain(4, EventName::ReviewInvitationsSent));
        events.push(plain(5, EventName::ReviewMeetingHeld));
        let held = ReviewProgress::of(&events);
        assert_eq!(held.open(), vec![SendReport]);
        assert!(held.problem(Decide).unwrap().contains("reg 20(10)"));
        assert!(held.problem(GiveAdvice).unwrap().contains("can no longer be given"));
        assert!(held.under_way(), "until the council decides");

        events.push(plain(6, EventName::ReviewReportSent));
        assert_eq!(ReviewProgress::of(&events).open(), vec![Decide]);

        events.push(on(7, CaseEvent::ReviewDecisionNotified(ReviewOutcome::Maintain)));
        let next = ReviewProgress::of(&events);
        assert_eq!(next.open(), vec![Arrange], "a decision starts the next review afresh");
        assert_eq!(next.last_decision, Some((date(2026, 3, 7), ReviewOutcome::Maintain)));
        assert_eq!(next.meeting_date, None);
        assert!(!next.under_way());
        assert_eq!((progress.reviews_decided, next.reviews_decided), (0, 1));
    }

    #[test]
    fn amendments_are_prepared_after_the_meeting_and_end_with_the_amended_plan() {
        let mut events = issued();
        assert!(!ReviewProgress::of(&events).may_amend_plan(), "the plan in force stands");
        events.extend([
            on(3, CaseEvent::ReviewMeetingScheduled { meeting_date: date(2026, 3, 4) }),
            plain(4, EventName::ReviewMeetingHeld),
        ]);
        let held = ReviewProgress::of(&events);
        assert!(held.may_amend_plan() && held.amendment_problem().is_some());
        events.extend([
            plain(5, EventName::ReviewReportSent),
            on(6, CaseEvent::ReviewDecisionNotified(ReviewOutcome::Amend)),
        ]);
        let proposed = ReviewProgress::of(&events);
        assert_eq!(proposed.amendments_proposed, Some(date(2026, 3, 6)));
        assert!(proposed.may_amend_plan() && proposed.amendment_problem().is_none());
        events.push(plain(20, EventName::AmendedPlanIssued));
        let amended = ReviewProgress::of(&events);
        assert!(!amended.may_amend_plan() && amended.amendment_problem().is_some());
    }

    #[test]
    fn no_review_without_a_plan_or_once_it_is_ceasing() {
        let received = [plain(1, EventName::RequestReceived)];
        assert!(ReviewProgress::of(&received).open().is_empty());

        let mut events = issued();
        events.push(plain(3, EventName::DecidedToCease));
        let ceasing = ReviewProgress::of(&events);
        assert!(ceasing.open().is_empty());
        assert!(!ceasing.under_way());
        assert!(ceasing.problem(Arrange).unwrap().contains("cease"));

        let mut decided = issued();
        decided.extend([
            on(3, CaseEvent::ReviewMeetingScheduled { meeting_date: date(2026, 3, 4) }),
            plain(4, EventName::ReviewMeetingHeld),
            plain(5, EventName::ReviewReportSent),
            on(6, CaseEvent::ReviewDecisionNotified(ReviewOutcome::Cease)),
        ]);
        assert!(ReviewProgress::of(&decided).ceasing);
        decided.push(on(7, CaseEvent::PlanCeased { reason: CeaseReason::HigherEducation }));
        assert!(!ReviewProgress::of(&decided).plan_in_force);
    }

    #[test]
    fn each_step_but_the_views_and_advice_records_its_own_event() {
        for step in ReviewStep::ALL {
            match step.event() {
                Some(name) => assert_eq!(ReviewStep::recording(name), Some(step)),
                None => assert!(matches!(step, GiveViews | GiveAdvice), "{step:?}"),
            }
        }
        assert_eq!(GiveAdvice.party(), ReviewParty::Professional);
        assert_eq!(ReviewStep::recording(EventName::FinalPlanIssued), None);
        assert!(is_review_duty(DutyKind::ReviewTransferredPlan));
        assert!(is_review_duty(DutyKind::SendReviewReport));
        assert!(!is_review_duty(DutyKind::IssueFinalPlan));
    }

    #[test]
    fn a_transferred_plan_is_reviewed_by_its_new_council() {
        let events = [on(1, CaseEvent::PlanTransferred { last_review: None })];
        assert_eq!(ReviewProgress::of(&events).open(), vec![Arrange]);
    }

    #[test]
    fn the_family_and_the_setting_are_always_invited() {
        let mut a = ReviewArrangement {
            meeting_date: date(2026, 3, 30),
            invited: vec![Invitee::Setting],
            others: vec![],
            professionals: vec![],
        };
        assert_eq!(a.problem().unwrap().0, Invitee::Family);
        a.invited = vec![Invitee::Family, Invitee::Health];
        assert!(a.problem().unwrap().1.contains("school or college"));
        a.invited.push(Invitee::Setting);
        assert_eq!(a.problem(), None);
        assert_eq!(Invitee::Family.label(true), "The young person");
        for i in Invitee::ALL {
            assert_eq!(Invitee::parse(i.code()), Some(i));
            assert_eq!(serde_json::to_value(i).unwrap(), i.code(), "the API spells it as the form");
        }
    }

    #[test]
    fn preparing_for_adulthood_from_year_9() {
        assert!(!covers_preparing_for_adulthood(8));
        assert!(covers_preparing_for_adulthood(9));
        assert!(covers_preparing_for_adulthood(13));
        let mut meeting = ReviewMeeting {
            attended: vec!["Mrs Okafor".into()],
            agreed: "Keep the speech therapy".into(),
            preparing_for_adulthood: None,
        };
        assert_eq!(meeting.problem(8), None);
        assert_eq!(meeting.problem(9).map(|p| p.0), Some("employment"));
        meeting.preparing_for_adulthood = Some(PreparingForAdulthood {
            employment: "Work experience at the garden centre".into(),
            independent_living: "Travel training".into(),
            community: " ".into(),
            health: "Annual health check".into(),
        });
        let (field, message) = meeting.problem(10).unwrap();
        assert_eq!(field, "community");
        assert!(message.ends_with("friends, relationships and community"), "{message}");
        meeting.preparing_for_adulthood.as_mut().unwrap().community = "Youth club".into();
        assert_eq!(meeting.problem(10), None);
    }
}
