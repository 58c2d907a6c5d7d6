//! Which statutory steps a request's history leaves open (SEND Regulations 2014 regs 4–14; Code
//! 9.14–9.134), so that every page and the API offer the same next steps. Read from the events,
//! never stored.

use crate::clock::EventName;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenSteps {
    /// The decision whether to assess is still to be made (reg 4(2)).
    pub decide: bool,
    /// The council is assessing: advice may be sought and the plan drafted (regs 6–8).
    pub assess: bool,
    /// A draft is with the family: settings may be consulted, the family may comment, and the
    /// final plan may follow (regs 13–14).
    pub after_draft: bool,
    /// The request has ended (a decision not to assess or not to issue a plan, the final plan, or
    /// withdrawal); nothing more is recorded on it.
    pub closed: bool,
}

/// The steps open after `events`, given whether a draft has been issued and a final plan too.
pub fn open_steps(
    events: impl IntoIterator<Item = EventName>,
    draft_issued: bool,
    final_issued: bool,
) -> OpenSteps {
    let (mut to_assess, mut not_to_assess, mut ended) = (false, false, false);
    for event in events {
        match event {
            EventName::DecidedToAssess => to_assess = true,
            EventName::DecidedNotToAssess => not_to_assess = true,
            EventName::DecidedNotToIssuePlan | EventName::RequestWithdrawn => ended = true,
            _ => {}
        }
    }
    OpenSteps {
        decide: !to_assess && !not_to_assess,
        assess: to_assess,
        after_draft: draft_issued,
        closed: final_issued || ended || not_to_assess,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventName as E;

    #[test]
    fn each_stage_opens_its_own_steps() {
        let received = open_steps([E::RequestReceived], false, false);
        assert!(received.decide && !received.assess && !received.after_draft && !received.closed);
        let assessing = open_steps([E::RequestReceived, E::DecidedToAssess], false, false);
        assert!(!assessing.decide && assessing.assess);
        let drafted =
            open_steps([E::RequestReceived, E::DecidedToAssess, E::DraftPlanIssued], true, false);
        assert!(drafted.after_draft && !drafted.closed);
        assert!(open_steps([E::RequestReceived, E::DecidedToAssess], true, true).closed);
        assert!(open_steps([E::RequestReceived, E::RequestWithdrawn], false, false).closed);
        let refused = open_steps([E::RequestReceived, E::DecidedNotToAssess], false, false);
        assert!(!refused.decide && !refused.assess);
        assert!(refused.closed, "nothing follows a decision not to assess but a challenge to it");
        let no_plan = [E::RequestReceived, E::DecidedToAssess, E::DecidedNotToIssuePlan];
        assert!(open_steps(no_plan, false, false).closed);
    }
}
