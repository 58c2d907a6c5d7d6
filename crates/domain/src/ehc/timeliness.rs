//! How many final EHC plans were issued within 20 weeks of the request (reg 13(2)), the figure
//! the DfE publishes for each local authority: counted by the month the plan was issued, with
//! and without the cases where a reg 10(4) exception applied. The DfE's own figure leaves
//! exception cases out of both the count on time and the count issued.

use jiff::civil::Date;

/// One final plan, as the clock judged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedPlan {
    pub issued_on: Date,
    pub within_20_weeks: bool,
    pub exception_recorded: bool,
}

/// Plans issued within the time limit out of all plans issued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    pub within: u32,
    pub issued: u32,
}

impl Share {
    /// The share as a whole-number percentage, rounded half up; `None` when nothing was issued.
    pub fn percent(self) -> Option<u32> {
        (self.issued > 0).then(|| (self.within * 200 + self.issued) / (self.issued * 2))
    }

    fn add(&mut self, within: bool) {
        self.issued += 1;
        self.within += u32::from(within);
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Every final plan issued.
    pub all: Share,
    /// The DfE's measure: plans whose case recorded an exception are left out entirely.
    pub excluding_exceptions: Share,
}

impl Figures {
    fn add(&mut self, plan: &IssuedPlan) {
        self.all.add(plan.within_20_weeks);
        if !plan.exception_recorded {
            self.excluding_exceptions.add(plan.within_20_weeks);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeliness {
    pub year: i16,
    /// January first; a month with no plans has zero counts.
    pub months: [Figures; 12],
    pub whole_year: Figures,
}

/// The figures for plans issued in calendar year `year`; plans issued in other years are ignored.
pub fn timeliness(year: i16, plans: &[IssuedPlan]) -> Timeliness {
    let mut t =
        Timeliness { year, months: [Figures::default(); 12], whole_year: Figures::default() };
    for plan in plans.iter().filter(|p| p.issued_on.year() == year) {
        // Months run 1 to 12, so the index is always in range.
        t.months[usize::from(plan.issued_on.month() as u8) - 1].add(plan);
        t.whole_year.add(plan);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn plan(issued_on: Date, within_20_weeks: bool, exception_recorded: bool) -> IssuedPlan {
        IssuedPlan { issued_on, within_20_weeks, exception_recorded }
    }

    #[test]
    fn exception_cases_leave_both_numerator_and_denominator() {
        let plans = [
            plan(date(2026, 3, 2), true, false),
            plan(date(2026, 3, 9), false, false),
            plan(date(2026, 3, 20), false, true),
            plan(date(2026, 3, 31), true, true),
            plan(date(2026, 7, 1), true, false),
        ];
        let t = timeliness(2026, &plans);
        assert_eq!(t.months[2].all, Share { within: 2, issued: 4 });
        assert_eq!(t.months[2].excluding_exceptions, Share { within: 1, issued: 2 });
        assert_eq!(t.months[6].all, Share { within: 1, issued: 1 });
        assert_eq!(t.whole_year.all, Share { within: 3, issued: 5 });
        assert_eq!(t.whole_year.excluding_exceptions, Share { within: 2, issued: 3 });
        assert_eq!(t.months[0], Figures::default());
    }

    #[test]
    fn only_the_asked_year_counts() {
        let plans = [
            plan(date(2025, 12, 31), true, false),
            plan(date(2027, 1, 1), true, false),
            plan(date(2026, 1, 1), false, false),
        ];
        let t = timeliness(2026, &plans);
        assert_eq!(t.whole_year.all, Share { within: 0, issued: 1 });
        assert_eq!(t.months[0].all.issued, 1);
        assert_eq!(t.months[11].all.issued, 0);
    }

    #[test]
    fn percentages_round_half_up_and_are_absent_without_plans() {
        assert_eq!(Share { within: 0, issued: 0 }.percent(), None);
        assert_eq!(Share { within: 1, issued: 3 }.percent(), Some(33));
        assert_eq!(Share { within: 2, issued: 3 }.percent(), Some(67));
        assert_eq!(Share { within: 1, issued: 8 }.percent(), Some(13));
        assert_eq!(Share { within: 5, issued: 5 }.percent(), Some(100));
        assert_eq!(Share { within: 0, issued: 7 }.percent(), Some(0));
    }
}
