//! Two people editing one plan: a save made from an older version keeps the sections it changed
//! on top of what others saved since, so edits to different sections both stand, and is refused
//! only where both changed the same section differently, since keeping either would lose the
//! other's words without anyone seeing them.

use super::{EhcPlan, Section};

impl EhcPlan {
    /// Replaces `section` with the same section of `from`.
    pub fn take_section(&mut self, section: Section, from: &EhcPlan) {
        match section {
            Section::A => self.a = from.a.clone(),
            Section::B => self.b = from.b.clone(),
            Section::C => self.c = from.c.clone(),
            Section::D => self.d = from.d.clone(),
            Section::E => self.e = from.e.clone(),
            Section::F => self.f = from.f.clone(),
            Section::G => self.g = from.g.clone(),
            Section::H1 => self.h1 = from.h1.clone(),
            Section::H2 => self.h2 = from.h2.clone(),
            Section::I => self.i = from.i.clone(),
            Section::J => self.j = from.j.clone(),
            Section::K => self.k = from.k.clone(),
        }
    }
}

fn changed(from: &EhcPlan, to: &EhcPlan) -> impl Iterator<Item = Section> {
    Section::ALL.into_iter().filter(move |s| from.section_lines(*s) != to.section_lines(*s))
}

/// `mine` was edited from `base` while `newest` was saved by someone else: the plan to save, or
/// the sections both changed in different ways.
pub fn merge_edit(
    base: &EhcPlan,
    newest: &EhcPlan,
    mine: &EhcPlan,
) -> Result<EhcPlan, Vec<Section>> {
    let theirs: Vec<Section> = changed(base, newest).collect();
    let mut merged = newest.clone();
    let mut clashes = vec![];
    for section in changed(base, mine) {
        if !theirs.contains(&section) {
            merged.take_section(section, mine);
        } else if newest.section_lines(section) != mine.section_lines(section) {
            clashes.push(section);
        }
    }
    if clashes.is_empty() { Ok(merged) } else { Err(clashes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ehc::plan::Need;

    fn need(id: &str, text: &str) -> Need {
        Need { id: id.into(), description: text.into(), area: None }
    }

    #[test]
    fn edits_to_different_sections_both_stand() {
        let base = EhcPlan { b: vec![need("B1", "reading")], ..EhcPlan::default() };
        let newest = EhcPlan { c: vec![need("C1", "epilepsy")], ..base.clone() };
        let mine = EhcPlan { b: vec![need("B1", "reading and spelling")], ..base.clone() };
        let merged = merge_edit(&base, &newest, &mine).unwrap();
        assert_eq!(merged.b, mine.b);
        assert_eq!(merged.c, newest.c);
    }

    #[test]
    fn the_same_section_changed_twice_is_a_clash_unless_both_wrote_the_same() {
        let base = EhcPlan { b: vec![need("B1", "reading")], ..EhcPlan::default() };
        let newest = EhcPlan { b: vec![need("B1", "spelling")], ..base.clone() };
        let mine = EhcPlan { b: vec![need("B1", "writing")], ..base.clone() };
        assert_eq!(merge_edit(&base, &newest, &mine), Err(vec![Section::B]));
        assert_eq!(merge_edit(&base, &newest, &newest), Ok(newest.clone()));
        assert_eq!(merge_edit(&base, &base, &mine), Ok(mine));
    }

    #[test]
    fn every_section_can_be_taken_from_another_plan() {
        let full = EhcPlan {
            b: vec![need("B1", "x")],
            c: vec![need("C1", "x")],
            d: vec![need("D1", "x")],
            ..EhcPlan::default()
        };
        for section in Section::ALL {
            let mut plan = EhcPlan::default();
            plan.take_section(section, &full);
            assert_eq!(plan.section_lines(section), full.section_lines(section), "{section:?}");
        }
    }
}
