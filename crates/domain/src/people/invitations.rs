//! A council linking a parent or carer, or the young person themselves, to a child's record.
//! Someone new is invited by email: the link sets their first password, as a reset link would.
//! What the email says is the minimum: who invited them, the child's first name and what to do.

use crate::messages::email::Email;
use crate::people::school_age::is_young_person;
use jiff::SignedDuration;
use jiff::civil::Date;

/// How long an invitation's link works: long enough for a family to find the email, short
/// enough that a link in an old inbox no longer opens an account.
pub const LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Who is being linked to the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invitee {
    ParentOrCarer,
    /// The young person, with an account of their own.
    YoungPerson,
}

impl Invitee {
    pub fn parse(value: &str) -> Option<Invitee> {
        match value {
            "parent_or_carer" => Some(Invitee::ParentOrCarer),
            "young_person" => Some(Invitee::YoungPerson),
            _ => None,
        }
    }
}

/// Why `invitee` cannot be linked to a child born on `birth` on `today`, if they cannot; `own`
/// says whether the child already has an account of their own.
pub fn invitee_problem(invitee: Invitee, birth: Date, today: Date, own: bool) -> Option<String> {
    match invitee {
        Invitee::ParentOrCarer => None,
        // The rights are the young person's from the end of compulsory school age (s83(2)):
        // before then the parent acts for the child.
        Invitee::YoungPerson if !is_young_person(birth, today) => Some(
            "A child has an account of their own from the end of compulsory school age, when \
             the decisions become theirs. Until then, invite their parent or carer"
                .into(),
        ),
        Invitee::YoungPerson if own => {
            Some("The young person already has an account linked to their record".into())
        }
        Invitee::YoungPerson => None,
    }
}

/// What is wrong with `name` as the full name of someone invited, if anything.
pub fn invitee_name_problem(name: &str) -> Option<String> {
    let most = crate::input_limits::NAME;
    if name.trim().is_empty() {
        Some("Enter their full name".into())
    } else if name.trim().chars().count() > most {
        Some(format!("Their name must be {most} characters or fewer"))
    } else {
        None
    }
}

/// What is wrong with `email` as an address to send an invitation to, if anything. It checks
/// the shape only: whether the address works is for the email to find out.
pub fn email_address_problem(email: &str) -> Option<&'static str> {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return Some(if email.is_empty() {
            "Enter their email address"
        } else {
            "Enter an email address in the right format, like name@example.com"
        });
    };
    let wrong = local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || email.chars().any(char::is_whitespace)
        || email.len() > 254;
    wrong.then_some("Enter an email address in the right format, like name@example.com")
}

/// The sentence that says who invited the person and why: kept with the email until it is
/// sent, and all the email says besides the link.
pub fn invitation_text(council: &str, child_first_name: &str, invitee: Invitee) -> String {
    match invitee {
        Invitee::ParentOrCarer => format!(
            "{council} has invited you to sendcase, where you can follow {child_first_name}'s \
             support and have your say."
        ),
        Invitee::YoungPerson => format!(
            "{council} has invited you to sendcase, where you can follow your support and have \
             your say."
        ),
    }
}

/// The sentence inviting a professional without an account to give their advice: who asks,
/// about whom (by first name), and nothing of the child's needs.
pub fn advice_invitation_text(council: &str, child_first_name: &str) -> String {
    format!(
        "{council} has asked for your advice about {child_first_name}. Choose a password to          open sendcase, where you can read what the council shares with you and give your advice."
    )
}

/// The invitation email: `text` from [`invitation_text`] or [`advice_invitation_text`], and `url` the link that sets the
/// password.
pub fn invitation_email(text: &str, url: &str) -> Email {
    Email {
        subject: "You are invited to sendcase".to_owned(),
        body: format!(
            "{text}\n\nFollow this link within 7 days to choose your password:\n{url}\n\n\
             Then sign in with this email address. If you were not expecting this email, you \
             do not need to do anything.\n"
        ),
    }
}

/// The message telling someone who already has an account that they were linked.
pub fn linked_text(council: &str, child_first_name: &str, invitee: Invitee) -> String {
    match invitee {
        Invitee::ParentOrCarer => format!(
            "{council} has linked your account to {child_first_name}'s record. You can now \
             follow their support and have your say."
        ),
        Invitee::YoungPerson => format!(
            "{council} has linked your account to your own record. You can now follow your \
             support and have your say."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn an_address_needs_its_shape() {
        for good in ["sam@example.org", " Sam.Parent+ellie@mail.example.co.uk "] {
            assert_eq!(email_address_problem(good), None, "{good}");
        }
        assert_eq!(email_address_problem("  "), Some("Enter their email address"));
        for bad in ["sam", "@example.org", "sam@example", "sam@@example.org", "sam @x.org"] {
            assert!(email_address_problem(bad).unwrap().contains("right format"), "{bad}");
        }
    }

    #[test]
    fn a_young_person_s_own_account_comes_with_their_rights() {
        // Born March 2010: compulsory school age ends on the last Friday of June 2026.
        let born = date(2010, 3, 1);
        let yp = Invitee::YoungPerson;
        assert!(invitee_problem(yp, born, date(2026, 6, 25), false).is_some());
        assert_eq!(invitee_problem(yp, born, date(2026, 6, 26), false), None);
        assert!(invitee_problem(yp, born, date(2026, 6, 26), true).unwrap().contains("already"));
        assert_eq!(invitee_problem(Invitee::ParentOrCarer, born, date(2020, 1, 1), true), None);
        assert_eq!(Invitee::parse("young_person"), Some(yp));
        assert_eq!(Invitee::parse("uncle"), None);
    }

    #[test]
    fn the_email_says_who_invited_them_for_whom_and_what_to_do() {
        let text = invitation_text("Kent County Council", "Ellie", Invitee::ParentOrCarer);
        let e = invitation_email(&text, "https://s/invitation/abc");
        assert_eq!(e.subject, "You are invited to sendcase");
        assert!(e.body.starts_with(
            "Kent County Council has invited you to sendcase, where you can follow Ellie's"
        ));
        assert!(
            e.body.contains("within 7 days to choose your password:\nhttps://s/invitation/abc")
        );
        let own = invitation_text("Kent County Council", "Ellie", Invitee::YoungPerson);
        assert!(!own.contains("Ellie") && own.contains("your support"));
        let linked = linked_text("Kent County Council", "Ellie", Invitee::ParentOrCarer);
        assert!(linked.contains("linked your account to Ellie's record"));
    }

    #[test]
    fn a_name_is_needed_and_not_too_long() {
        assert!(invitee_name_problem("  ").is_some());
        assert!(invitee_name_problem(&"x".repeat(crate::input_limits::NAME + 1)).is_some());
        assert_eq!(invitee_name_problem("Dr Sam Reid"), None);
    }

    #[test]
    fn an_advice_invitation_names_the_council_and_the_child_only() {
        let text = advice_invitation_text("Kent County Council", "Ellie");
        assert!(text.starts_with("Kent County Council has asked for your advice about Ellie."));
    }
}
