//! Any bytes as a case history: reading and replaying must return a result or an input error,
//! never panic, whatever the events, dates or field types.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::read_history;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(history) = read_history(text)
        && let Ok(output) = history.duties(jiff::civil::date(2026, 11, 23), Calendar::england_and_wales())
    {
        for duty in &output.duties {
            assert!(duty.target <= duty.due);
        }
    }
});
