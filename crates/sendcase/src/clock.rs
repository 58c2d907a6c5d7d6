//! `sendcase clock`: one case history as JSON on stdin, its duties as JSON on stdout.

use crate::CliError;
use sendcase_domain::clock::calendar::Calendar;
use sendcase_domain::clock::{Layout, read_history};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args, Clone)]
pub struct BankHolidaysArg {
    /// A `date,name` CSV of England and Wales bank holidays replacing the built-in table
    #[arg(long, env = "SENDCASE_BANK_HOLIDAYS")]
    bank_holidays: Option<PathBuf>,
}

impl BankHolidaysArg {
    pub fn calendar(&self) -> Result<Arc<Calendar>, CliError> {
        let Some(path) = &self.bank_holidays else {
            return Ok(Arc::new(Calendar::england_and_wales().clone()));
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!("cannot read bank holidays from {}: {e}", path.display()))
        })?;
        Calendar::from_csv_str(&text)
            .map(Arc::new)
            .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
    }
}

#[derive(clap::Args)]
pub struct ClockArgs {
    #[command(flatten)]
    bank_holidays: BankHolidaysArg,
}

pub fn run(args: ClockArgs) -> Result<(), CliError> {
    let calendar = args.bank_holidays.calendar()?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| CliError::Usage(format!("cannot read the case history from stdin: {e}")))?;
    let output = read_history(&input)
        .and_then(|history| history.duties(sendcase_web::today(), &calendar))
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&output.to_json(Layout::Indented))?;
    writeln!(stdout)?;
    Ok(())
}
