//! Who may do what to which record: the one place access is decided.
//!
//! Handlers and the JSON API ask here; storage only narrows queries to the [`ChildScope`]s this
//! module hands out, and every candidate is still checked with [`decide_child`].

use crate::people::roles::Role;
use crate::people::school_age::compulsory_school_age_ends;
use crate::people::young_person_rights::{ParentStanding, RecordedDecision, parent_standing};
use crate::schools::graduated_approach::StepKind;
use jiff::civil::Date;
use uuid::Uuid;

/// A signed-in person and the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub memberships: Vec<Membership>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub role: Role,
    /// The local authority, school or service the role is held in; none for families and admins.
    pub organisation_id: Option<Uuid>,
}

impl Actor {
    pub fn holds(&self, role: Role) -> bool {
        self.memberships.iter().any(|m| m.role == role)
    }

    /// The role shown first: the one with the widest duties under the Code.
    pub fn primary_role(&self) -> Option<Role> {
        self.memberships.iter().map(|m| m.role).min()
    }
}

/// The relationships of one child that decide who may see them, as they stand today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildRelations {
    pub birth_date: Date,
    pub responsible_la: Uuid,
    pub schools_on_roll: Vec<Uuid>,
    pub parents: Vec<Uuid>,
    pub own_account: Option<Uuid>,
    /// Professionals with an advice request for this child that they have not yet answered.
    pub open_advice_requests_to: Vec<Uuid>,
    /// Professionals invited to a review of the child's plan that is under way
    /// ([`crate::ehc::review_advice::invited_while_under_way`]).
    pub invited_to_review: Vec<Uuid>,
    /// Who takes part from the end of compulsory school age, oldest first
    /// ([`crate::people::young_person_rights`]).
    pub family_decisions: Vec<RecordedDecision>,
}

impl ChildRelations {
    /// Where `parent`, a linked parent of this child, stands on `today`; none if they are not
    /// one.
    pub fn parent_standing(&self, parent: Uuid, today: Date) -> Option<ParentStanding> {
        self.parents
            .contains(&parent)
            .then(|| parent_standing(self.birth_date, &self.family_decisions, parent, today))
    }

    /// Whether `user` is a parent who sees the record and acts on it on `today`.
    fn parent_takes_part(&self, user: Uuid, today: Date) -> bool {
        self.parent_standing(user, today).is_some_and(ParentStanding::takes_part)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildAction {
    Read,
    /// Anything that records something on the child's case.
    Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed, acting in this role (recorded in the audit log).
    Allowed(Role),
    Refused(Refusal),
}

impl Decision {
    /// The role acted in, or the refusal to show.
    pub fn allowed(self) -> Result<Role, Refusal> {
        match self {
            Decision::Allowed(role) => Ok(role),
            Decision::Refused(refusal) => Err(refusal),
        }
    }
}

/// How a refusal is shown: never reveal that a record exists to someone with no tie to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    Forbidden,
}

/// May `actor` do `action` to the child with these relations, on `today`?
pub fn decide_child(
    actor: &Actor,
    action: ChildAction,
    child: &ChildRelations,
    today: Date,
) -> Decision {
    decide(actor, child, today, |role, tie| match action {
        ChildAction::Read => tie >= Tie::ReadOnly,
        ChildAction::Change => tie == Tie::Full && role != Role::Professional,
    })
}

/// What can be done on an EHC needs assessment case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    Read,
    /// Record a statutory step (a decision, a request for advice, a draft or final plan): the LA's duty.
    RecordStatutoryEvent,
    /// Give views, comment on a draft, ask for a setting: the parent's, or the young person's from 16.
    GiveFamilyViews,
    /// Answer a request for advice addressed to them, or give advice for a review they are
    /// invited to.
    SubmitAdvice,
    /// Arrange an annual review, invite, circulate advice, record the meeting and send its
    /// report: the setting's or the council's (regs 20–21).
    ConductReview,
    /// Ask the council for an EHC needs assessment: the parent's right, or the young person's
    /// from the end of compulsory school age (s36(1)).
    RequestAssessment,
}

/// May `actor` do `action` on a case about the child with these relations, on `today`?
pub fn decide_case(
    actor: &Actor,
    action: CaseAction,
    child: &ChildRelations,
    today: Date,
) -> Decision {
    decide(actor, child, today, |role, tie| match action {
        CaseAction::Read => tie >= Tie::ReadOnly,
        CaseAction::RecordStatutoryEvent => {
            tie == Tie::Full && matches!(role, Role::LaManager | Role::LaCaseworker)
        }
        CaseAction::GiveFamilyViews => {
            tie == Tie::Full && matches!(role, Role::Parent | Role::YoungPerson)
        }
        CaseAction::SubmitAdvice => tie >= Tie::ReadOnly && role == Role::Professional,
        CaseAction::ConductReview => {
            tie == Tie::Full && matches!(role, Role::LaManager | Role::LaCaseworker | Role::Senco)
        }
        CaseAction::RequestAssessment => {
            tie == Tie::Full && matches!(role, Role::Parent | Role::YoungPerson)
        }
    })
}

/// Who takes part in a young person's case from the end of compulsory school age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyDecisionKind {
    /// Whether a parent sees the record and acts with the young person: the young person's
    /// decision, which the council may record when it is given to them.
    ParentAccess,
    /// A decision under the Mental Capacity Act 2005: the council records it.
    Capacity,
}

/// May `actor` record a decision of `kind` for the young person with these relations?
pub fn decide_family_decision(
    actor: &Actor,
    kind: FamilyDecisionKind,
    child: &ChildRelations,
    today: Date,
) -> Decision {
    decide(actor, child, today, |role, tie| {
        tie == Tie::Full
            && match kind {
                FamilyDecisionKind::ParentAccess => {
                    matches!(role, Role::YoungPerson | Role::LaManager | Role::LaCaseworker)
                }
                FamilyDecisionKind::Capacity => {
                    matches!(role, Role::LaManager | Role::LaCaseworker)
                }
            }
    })
}

/// May `actor` read who takes part in the child's case? Whoever may read the record, and the
/// child's own family even while a young person's decision keeps a parent from the record, or
/// before a young person's rights are theirs, so each can be told where they stand.
pub fn decide_who_takes_part(actor: &Actor, child: &ChildRelations, today: Date) -> Decision {
    decide(actor, child, today, |role, tie| {
        tie >= Tie::ReadOnly
            || (tie == Tie::Known && matches!(role, Role::Parent | Role::YoungPerson))
    })
}

/// The first membership, widest role first, whose tie to the child `permits` the action; the
/// refusal is a 404 unless the actor has some tie to the child (or is an administrator).
fn decide(
    actor: &Actor,
    child: &ChildRelations,
    today: Date,
    permits: impl Fn(Role, Tie) -> bool,
) -> Decision {
    let mut knows_of_child = false;
    // Tried widest role first so the audit names the role that really grants access.
    let mut memberships: Vec<&Membership> = actor.memberships.iter().collect();
    memberships.sort_by_key(|m| m.role);
    for m in memberships {
        let tie = Tie::of(actor.user_id, m, child, today);
        if tie == Tie::None {
            continue;
        }
        if permits(m.role, tie) {
            return Decision::Allowed(m.role);
        }
        knows_of_child = true;
    }
    if knows_of_child || actor.holds(Role::Admin) {
        Decision::Refused(Refusal::Forbidden)
    } else {
        Decision::Refused(Refusal::NotFound)
    }
}

/// What one membership gives over one child, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tie {
    None,
    /// Knows the record exists but may not open it (a young person before the end of compulsory school age).
    Known,
    ReadOnly,
    Full,
}

impl Tie {
    fn of(user: Uuid, m: &Membership, child: &ChildRelations, today: Date) -> Tie {
        let in_org = |org: Uuid| m.organisation_id == Some(org);
        match m.role {
            Role::LaManager | Role::LaCaseworker if in_org(child.responsible_la) => Tie::Full,
            Role::Senco if child.schools_on_roll.iter().copied().any(in_org) => Tie::Full,
            Role::SchoolStaff if child.schools_on_roll.iter().copied().any(in_org) => Tie::ReadOnly,
            // From the end of compulsory school age a parent takes part only as the young
            // person's decisions allow; until then they know the record exists.
            Role::Parent if child.parent_takes_part(user, today) => Tie::Full,
            Role::Parent if child.parents.contains(&user) => Tie::Known,
            // From the end of compulsory school age the young person decides for themselves (CFA s83(2)).
            Role::YoungPerson if child.own_account == Some(user) => {
                if today >= compulsory_school_age_ends(child.birth_date) {
                    Tie::Full
                } else {
                    Tie::Known
                }
            }
            // A professional reads the record while their advice is asked: for an assessment
            // until they answer, for a review until the council decides after it.
            Role::Professional
                if child.open_advice_requests_to.contains(&user)
                    || child.invited_to_review.contains(&user) =>
            {
                Tie::ReadOnly
            }
            _ => Tie::None,
        }
    }
}

/// The sets of children an actor could possibly see, used to narrow a listing query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildScope {
    ResponsibleLa(Uuid),
    OnRollAt(Uuid),
    ParentOf(Uuid),
    OwnRecord(Uuid),
    AdviceRequestedFrom(Uuid),
    /// Children whose plan's review invited this professional; the policy still decides whether
    /// that review is under way.
    InvitedToReview(Uuid),
}

pub fn child_scopes(actor: &Actor) -> Vec<ChildScope> {
    let user = actor.user_id;
    let mut scopes: Vec<ChildScope> = actor
        .memberships
        .iter()
        .flat_map(|m| match (m.role, m.organisation_id) {
            (Role::LaManager | Role::LaCaseworker, Some(org)) => {
                vec![ChildScope::ResponsibleLa(org)]
            }
            (Role::Senco | Role::SchoolStaff, Some(org)) => vec![ChildScope::OnRollAt(org)],
            (Role::Parent, _) => vec![ChildScope::ParentOf(user)],
            (Role::YoungPerson, _) => vec![ChildScope::OwnRecord(user)],
            (Role::Professional, _) => {
                vec![ChildScope::AdviceRequestedFrom(user), ChildScope::InvitedToReview(user)]
            }
            _ => vec![],
        })
        .collect();
    scopes.dedup();
    scopes
}

/// The directory of organisations is for those who run the local area: the LA and administrators.
/// The children an actor is family to, whatever the young person has decided: a parent or young
/// person is told where they stand even when they may not open the record.
pub fn family_scopes(actor: &Actor) -> Vec<ChildScope> {
    child_scopes(actor)
        .into_iter()
        .filter(|s| matches!(s, ChildScope::ParentOf(_) | ChildScope::OwnRecord(_)))
        .collect()
}

pub fn may_view_directory(actor: &Actor) -> bool {
    actor
        .memberships
        .iter()
        .any(|m| matches!(m.role, Role::LaManager | Role::LaCaseworker | Role::Admin))
}

/// Children's records are for everyone but the administrator, who manages accounts only.
pub fn may_hold_children(actor: &Actor) -> bool {
    actor.memberships.iter().any(|m| m.role != Role::Admin)
}

/// Registering a child, or a request for one, is for the local authority that becomes responsible.
pub fn may_register_child(actor: &Actor, local_authority: Uuid) -> bool {
    actor.memberships.iter().any(|m| {
        matches!(m.role, Role::LaManager | Role::LaCaseworker)
            && m.organisation_id == Some(local_authority)
    })
}

/// How a listing of cases reaches the children an actor may read: whole authorities, every one
/// of whose children the actor's LA role may read (its tie is full whatever else is true of the
/// child), and the scopes whose children must each be checked with [`decide_case`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingReach {
    pub whole_las: Vec<Uuid>,
    pub to_check: Vec<ChildScope>,
}

pub fn listing_reach(actor: &Actor) -> ListingReach {
    let mut reach = ListingReach { whole_las: vec![], to_check: vec![] };
    for scope in child_scopes(actor) {
        match scope {
            ChildScope::ResponsibleLa(la) => reach.whole_las.push(la),
            other => reach.to_check.push(other),
        }
    }
    reach
}

/// How a listing of children reaches those an actor may read: whole authorities and the rolls
/// of whole schools, every child of which the actor's LA or school role may read (on the day the
/// roll is taken), and the scopes whose few children must each be checked with [`decide_child`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildrenReach {
    pub whole_las: Vec<Uuid>,
    pub school_rolls: Vec<Uuid>,
    pub to_check: Vec<ChildScope>,
}

pub fn children_reach(actor: &Actor) -> ChildrenReach {
    let mut reach = ChildrenReach { whole_las: vec![], school_rolls: vec![], to_check: vec![] };
    for scope in child_scopes(actor) {
        match scope {
            ChildScope::ResponsibleLa(la) => reach.whole_las.push(la),
            ChildScope::OnRollAt(school) => reach.school_rolls.push(school),
            other => reach.to_check.push(other),
        }
    }
    reach
}

/// The councils `actor` works for as an officer (an LA manager or caseworker): theirs are the
/// timeliness figures, the plans in force and the Local Offer they see to.
pub fn councils_of(actor: &Actor) -> Vec<Uuid> {
    councils_held(actor, &[Role::LaManager, Role::LaCaseworker])
}

/// The organisations where `actor` holds one of `roles`, once each.
fn councils_held(actor: &Actor, roles: &[Role]) -> Vec<Uuid> {
    let mut las: Vec<Uuid> = actor
        .memberships
        .iter()
        .filter(|m| roles.contains(&m.role))
        .filter_map(|m| m.organisation_id)
        .collect();
    las.dedup();
    las
}

/// The local authority whose requests and children `actor` records, if they record any.
pub fn registering_la(actor: &Actor) -> Option<Uuid> {
    actor
        .memberships
        .iter()
        .filter_map(|m| m.organisation_id)
        .find(|la| may_register_child(actor, *la))
}

/// Professionals answer the advice requests addressed to them (reg 6–8).
pub fn may_answer_advice(actor: &Actor) -> bool {
    actor.holds(Role::Professional)
}

/// The schools whose SEN register `actor` works with: their own school, as SENCO or staff.
pub fn register_schools(actor: &Actor) -> Vec<Uuid> {
    actor
        .memberships
        .iter()
        .filter(|m| matches!(m.role, Role::Senco | Role::SchoolStaff))
        .filter_map(|m| m.organisation_id)
        .collect()
}

fn is_senco_of(actor: &Actor, school: Uuid) -> bool {
    actor.memberships.iter().any(|m| m.role == Role::Senco && m.organisation_id == Some(school))
}

/// The school's SENCO leads SEN support (Code 6.87–6.90): meetings with parents, assessing,
/// planning and reviewing, the provision map and requests to the council.
pub fn may_lead_sen_support(actor: &Actor, school: Uuid) -> bool {
    is_senco_of(actor, school)
}

/// A pupil's one-page profile is written by the school's SENCO, with the pupil and their parents.
pub fn may_edit_one_page_profile(actor: &Actor, school: Uuid) -> bool {
    is_senco_of(actor, school)
}

/// The school's SEN information report is kept by its SENCO; anyone may read it.
pub fn may_edit_information_report(actor: &Actor, school: Uuid) -> bool {
    is_senco_of(actor, school)
}

/// May `actor` read what `school` keeps with a pupil's family: the one-page profile and the
/// school's meetings with the parents? Whoever may read the pupil's register entry, and the
/// child's own parents (Code 6.64–6.65: the profile and the meetings are theirs as much as the school's).
pub fn may_read_pupil_support(
    actor: &Actor,
    school: Uuid,
    child: &ChildRelations,
    today: Date,
) -> bool {
    may_read_register_entry(actor, school, child.responsible_la)
        || (actor.holds(Role::Parent) && child.parent_takes_part(actor.user_id, today))
}

/// School staff deliver the planned support and log its sessions; they and the SENCO see the
/// school's provision map.
/// Who may record a step of the graduated approach at a school: a teaching session, whoever
/// delivers SEN support there; anything else, whoever leads it.
pub fn may_record_support_step(kind: StepKind) -> fn(&Actor, Uuid) -> bool {
    match kind {
        StepKind::Session => may_deliver_sen_support,
        _ => may_lead_sen_support,
    }
}

pub fn may_deliver_sen_support(actor: &Actor, school: Uuid) -> bool {
    register_schools(actor).contains(&school)
}

/// May `actor` see a register entry at `school` for a child `responsible_la` is responsible for?
/// The school sees all its pupils; a local authority only the children it is responsible for.
pub fn may_read_register_entry(actor: &Actor, school: Uuid, responsible_la: Uuid) -> bool {
    register_schools(actor).contains(&school)
        || actor.memberships.iter().any(|m| {
            matches!(m.role, Role::LaManager | Role::LaCaseworker)
                && m.organisation_id == Some(responsible_la)
        })
}

/// The councils whose statutory returns (SEN2) `actor` prepares: those they manage. The return
/// reads every child of the council, so caseworkers, who work case by case, do not.
pub fn sen2_councils(actor: &Actor) -> Vec<Uuid> {
    councils_held(actor, &[Role::LaManager])
}

/// Managing accounts is the administrator's job, and only theirs.
pub fn may_manage_users(actor: &Actor) -> bool {
    actor.holds(Role::Admin)
}

/// Each local authority keeps its own Local Offer (CFA s30): its officers answer the comments
/// made on it and may correct any of its services; another council's officers may do neither.
pub fn may_manage_local_offer(actor: &Actor, council: Uuid) -> bool {
    councils_of(actor).contains(&council)
}

/// A provider keeps its own entries: anyone working in the organisation that runs the service.
pub fn may_edit_local_offer_service(actor: &Actor, council: Uuid, provider: Uuid) -> bool {
    may_manage_local_offer(actor, council) || provider_organisations(actor).contains(&provider)
}

/// The organisations whose Local Offer entries `actor` keeps as someone working there.
pub fn provider_organisations(actor: &Actor) -> Vec<Uuid> {
    actor
        .memberships
        .iter()
        .filter(|m| !matches!(m.role, Role::Parent | Role::YoungPerson | Role::Admin))
        .filter_map(|m| m.organisation_id)
        .collect()
}

/// Who is told what the family must act on: each parent and the young person whose tie to the
/// child lets them act for the family on `today` (so the young person from the end of compulsory
/// school age), exactly as [`decide_case`] would let them give the family's views.
pub fn family_to_tell(child: &ChildRelations, today: Date) -> Vec<Uuid> {
    let acts = |user: Uuid, role: Role| {
        let membership = Membership { role, organisation_id: None };
        Tie::of(user, &membership, child, today) == Tie::Full
    };
    let parents = child.parents.iter().copied().filter(|&p| acts(p, Role::Parent));
    let young_person = child.own_account.filter(|&y| acts(y, Role::YoungPerson));
    parents.chain(young_person).collect()
}

#[cfg(test)]
mod tests {
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
            (
                actor(PARENT, Role::Parent, None),
                ConductReview,
                Decision::Refused(Refusal::Forbidden),
            ),
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
            (
                actor(EP, Role::Professional, None),
                SubmitAdvice,
                Decision::Allowed(Role::Professional),
            ),
            (
                actor(EP, Role::Professional, None),
                GiveFamilyViews,
                Decision::Refused(Refusal::Forbidden),
            ),
            (
                actor(102, Role::Professional, None),
                SubmitAdvice,
                Decision::Refused(Refusal::NotFound),
            ),
            (
                actor(100, Role::LaCaseworker, Some(LA)),
                SubmitAdvice,
                Decision::Refused(Refusal::Forbidden),
            ),
        ];
        for (a, action, expected) in cases {
            assert_eq!(
                decide_case(&a, action, &c, today),
                expected,
                "{:?} {action:?}",
                a.memberships
            );
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
            assert_eq!(
                decide_case(&salt, action, &c, today),
                Decision::Refused(Refusal::Forbidden)
            );
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
            assert_eq!(
                decide_child(&parent, action, &c, after),
                Decision::Refused(Refusal::Forbidden)
            );
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
        assert!(!may_edit_local_offer_service(
            &actor(PARENT, Role::Parent, None),
            kent,
            id(SCHOOL)
        ));
    }

    #[test]
    fn a_listing_takes_whole_authorities_only_where_every_child_may_be_read() {
        let mut a = actor(PARENT, Role::Parent, None);
        a.memberships.push(Membership { role: Role::LaCaseworker, organisation_id: Some(id(LA)) });
        let reach = listing_reach(&a);
        assert_eq!(
            reach,
            ListingReach {
                whole_las: vec![id(LA)],
                to_check: vec![ChildScope::ParentOf(id(PARENT))]
            }
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
            assert!(
                listing_reach(&actor(PARENT, role, Some(SCHOOL))).whole_las.is_empty(),
                "{role:?}"
            );
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
            assert_eq!(
                reach,
                ChildrenReach {
                    whole_las: vec![],
                    school_rolls: vec![id(SCHOOL)],
                    to_check: vec![]
                }
            );
            // Any pupil on roll that day, whoever their council or family.
            let mut elsewhere = stranger.clone();
            elsewhere.responsible_la = id(OTHER_LA);
            for c in [&stranger, &elsewhere] {
                assert_eq!(
                    decide_child(&staff, ChildAction::Read, c, today),
                    Decision::Allowed(role)
                );
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
            memberships: vec![Membership {
                role: Role::SchoolStaff,
                organisation_id: Some(school),
            }],
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
}
