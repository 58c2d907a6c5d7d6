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
    /// Professionals, and schools' SENCOs for their schools, with an advice request for this
    /// child that they have not yet answered.
    pub open_advice_requests_to: Vec<Uuid>,
    /// Professionals invited to a review of the child's plan that is under way
    /// ([`crate::ehc::review_advice::invited_while_under_way`]).
    pub invited_to_review: Vec<Uuid>,
    /// Schools and colleges consulted about being named in the child's plan that have not yet
    /// answered (Code 9.78–9.83): they read the draft plan they are asked about.
    pub consulted: Vec<Uuid>,
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
    /// Link a parent or carer, or the young person themselves, to the child's record: the
    /// council's, which holds the record and knows who the family are.
    InviteFamily,
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
        ChildAction::InviteFamily => {
            tie == Tie::Full && matches!(role, Role::LaManager | Role::LaCaseworker)
        }
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
    /// Answer, for a school or college, the council's consultation about naming it in the plan
    /// (Code 9.83): its SENCO's, where [`may_answer_consultation`] for that setting.
    AnswerConsultation,
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
        // A school's educational advice is its SENCO's to give, when asked of them (reg 6(1)(b)).
        CaseAction::SubmitAdvice => {
            tie >= Tie::ReadOnly
                && (role == Role::Professional
                    || role == Role::Senco
                        && child.open_advice_requests_to.contains(&actor.user_id))
        }
        CaseAction::ConductReview => {
            tie == Tie::Full && matches!(role, Role::LaManager | Role::LaCaseworker | Role::Senco)
        }
        CaseAction::RequestAssessment => {
            tie == Tie::Full && matches!(role, Role::Parent | Role::YoungPerson)
        }
        CaseAction::AnswerConsultation => tie >= Tie::ReadOnly && role == Role::Senco,
    })
}

/// May `actor` read the advice given for an assessment of the child with these relations, and
/// the documents it carries? The council and the family, who use it to draft and check the plan
/// (Code 9.49–9.52); others who read the record read the plan it went into, not the advice.
pub fn reads_advice(actor: &Actor, child: &ChildRelations, today: Date) -> Decision {
    decide(actor, child, today, |role, tie| {
        tie == Tie::Full
            && matches!(
                role,
                Role::LaManager | Role::LaCaseworker | Role::Parent | Role::YoungPerson
            )
    })
}

/// One piece of advice, as who may read it depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdviceGiven {
    /// Whom it was asked of: they may read it again, though the record closes to them.
    pub author: Uuid,
    /// Health advice, which the area's designated clinical officer reads too.
    pub health: bool,
}

/// May `actor` read a document of a case about the child with these relations: one that came
/// with `advice`, or with the request itself when that is `None`? Whoever [`reads_advice`] (the
/// council and the family, whose evidence the request's documents are); for advice, also its
/// author, and for health advice the designated clinical officer of the child's council's area
/// ([`decide_health_part`]).
pub fn decide_document_read(
    actor: &Actor,
    child: &ChildRelations,
    today: Date,
    advice: Option<AdviceGiven>,
    bodies: &[HealthBody],
) -> Decision {
    let party = reads_advice(actor, child, today);
    let Some(advice) = advice.filter(|_| matches!(party, Decision::Refused(_))) else {
        return party;
    };
    let author = actor
        .memberships
        .iter()
        .map(|m| m.role)
        .find(|r| matches!(r, Role::Professional | Role::Senco));
    if let (true, Some(role)) = (advice.author == actor.user_id, author) {
        return Decision::Allowed(role);
    }
    let officer = decide_health_part(actor, bodies, child.responsible_la);
    if advice.health && matches!(officer, Decision::Allowed(_)) {
        return officer;
    }
    party
}

/// May `actor` answer for `setting` when the council consults it about being named: the
/// setting's SENCO, whether or not the child is on its roll yet.
pub fn may_answer_consultation(actor: &Actor, setting: Uuid) -> bool {
    is_senco_of(actor, setting)
}

/// May `actor` answer a subject access request for the child with these relations: give out
/// everything held about them (UK GDPR article 15)? The Code has no data protection officer, so
/// this is the council's SEN manager's, who already prepares its returns from every record; a
/// caseworker, a school or a family may not, whatever else they may read.
pub fn decide_subject_access(actor: &Actor, child: &ChildRelations, today: Date) -> Decision {
    decide(actor, child, today, |role, tie| tie == Tie::Full && role == Role::LaManager)
}

/// The councils whose children `actor` may answer subject access requests for
/// ([`decide_subject_access`]): those they manage.
pub fn subject_access_councils(actor: &Actor) -> Vec<Uuid> {
    organisations_held(actor, &[Role::LaManager])
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
            // A SENCO asked for their school's advice reads the record until they give it.
            Role::Senco if child.open_advice_requests_to.contains(&user) => Tie::ReadOnly,
            // A setting consulted about being named reads the draft it is asked about until it
            // answers (Code 9.83).
            Role::Senco | Role::SchoolStaff if child.consulted.iter().copied().any(in_org) => {
                Tie::ReadOnly
            }
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
    /// Children whose council consulted this school or college about naming it, and which it has
    /// not yet answered.
    ConsultedAt(Uuid),
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
            (Role::Senco, Some(org)) => vec![
                ChildScope::OnRollAt(org),
                ChildScope::ConsultedAt(org),
                ChildScope::AdviceRequestedFrom(user),
            ],
            (Role::SchoolStaff, Some(org)) => {
                vec![ChildScope::OnRollAt(org), ChildScope::ConsultedAt(org)]
            }
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

/// Children's records are for everyone but the administrator, who manages accounts only, and the
/// designated clinical officer, who reads only the health part of plans ([`decide_health_part`]).
pub fn may_hold_children(actor: &Actor) -> bool {
    actor
        .memberships
        .iter()
        .any(|m| !matches!(m.role, Role::Admin | Role::DesignatedClinicalOfficer))
}

/// A health body and the council whose local area it serves: the one it is recorded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthBody {
    pub id: Uuid,
    pub area: Uuid,
}

/// The health bodies `actor` is the designated clinical or medical officer of.
pub fn designated_for(actor: &Actor) -> Vec<Uuid> {
    organisations_held(actor, &[Role::DesignatedClinicalOfficer])
}

/// The councils whose plans `actor` oversees the health part of, given the areas of the health
/// bodies they are designated for (`bodies`, as the store records them).
pub fn health_areas(actor: &Actor, bodies: &[HealthBody]) -> Vec<Uuid> {
    let designated = designated_for(actor);
    let mut areas: Vec<Uuid> =
        bodies.iter().filter(|b| designated.contains(&b.id)).map(|b| b.area).collect();
    areas.sort();
    areas.dedup();
    areas
}

/// May `actor` read the health part of a plan (its health needs and provision, sections C and G,
/// and the health advice behind them) for a child `responsible_la` is responsible for? The
/// designated clinical or medical officer of a health body serving that council's area (Code
/// 3.46–3.47), who answers for the health provision the area's plans specify. Nobody else reads
/// it this way; the rest of the record stays closed to them, so a refusal does not say whether
/// the plan exists.
pub fn decide_health_part(actor: &Actor, bodies: &[HealthBody], responsible_la: Uuid) -> Decision {
    if health_areas(actor, bodies).contains(&responsible_la) {
        Decision::Allowed(Role::DesignatedClinicalOfficer)
    } else {
        Decision::Refused(Refusal::NotFound)
    }
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
    organisations_held(actor, &[Role::LaManager, Role::LaCaseworker])
}

/// The organisations where `actor` holds one of `roles`, once each.
fn organisations_held(actor: &Actor, roles: &[Role]) -> Vec<Uuid> {
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

/// Whom the council may ask for advice through their account: a professional, or a school's
/// SENCO for the school's educational advice (reg 6(1)(b)).
pub fn may_be_asked_for_advice(memberships: &[Membership]) -> bool {
    memberships.iter().any(|m| matches!(m.role, Role::Professional | Role::Senco))
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
    organisations_held(actor, &[Role::LaManager])
}

/// Managing accounts is the administrator's job, and only theirs.
pub fn may_manage_users(actor: &Actor) -> bool {
    actor.holds(Role::Admin)
}

/// Council staff, designated clinical officers and administrators reach many children's records
/// (or the accounts that do), so a password alone is not enough for them: they must also give a
/// code from an authenticator.
pub fn must_use_second_factor(actor: &Actor) -> bool {
    actor.memberships.iter().any(|m| {
        matches!(
            m.role,
            Role::LaManager | Role::LaCaseworker | Role::DesignatedClinicalOfficer | Role::Admin
        )
    })
}

/// What comes after the first step of signing in (a password, or an identity provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    None,
    /// A code from the authenticator the person set up.
    Code,
    /// Setting up an authenticator, which the person must have and has not.
    Enrol,
}

/// An identity provider that asserts it checked a second factor (`single_sign_on::asserts_mfa`)
/// has done what the code would do, so nobody is asked for one after it; otherwise whoever set up
/// an authenticator gives its code, and whoever must have one and has not sets one up.
pub fn second_step(
    actor: &Actor,
    has_authenticator: bool,
    provider_asserted_mfa: bool,
) -> SecondStep {
    if provider_asserted_mfa {
        SecondStep::None
    } else if has_authenticator {
        SecondStep::Code
    } else if must_use_second_factor(actor) {
        SecondStep::Enrol
    } else {
        SecondStep::None
    }
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
mod tests;
