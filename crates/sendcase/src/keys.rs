//! Keys kept outside the database (the audit key, the authenticator key): each from a file
//! named by a flag, or the key itself in an environment variable, never a flag's value, so it
//! is not seen in the process list.

use crate::CliError;
use std::path::Path;

/// The key's bytes from `file` or the variable `env`, if either is given (not both); `flag` and
/// `what` name them in errors.
pub fn read(
    file: Option<&Path>,
    env: &str,
    flag: &str,
    what: &str,
) -> Result<Option<Vec<u8>>, CliError> {
    let from_env = std::env::var_os(env).filter(|v| !v.is_empty());
    let bytes = match (file, from_env) {
        (Some(_), Some(_)) => {
            return Err(CliError::Usage(format!("give the {what} by {flag} or {env}, not both")));
        }
        (Some(path), None) => std::fs::read(path).map_err(|e| {
            CliError::Usage(format!("cannot read the {what} file {}: {e}", path.display()))
        })?,
        (None, Some(value)) => value.into_encoded_bytes(),
        (None, None) => return Ok(None),
    };
    // A trailing newline is how editors and `echo` leave a file, not part of the key.
    Ok(Some(bytes.trim_ascii_end().to_vec()))
}
