//! The SEN2 person-level return (DfE, each January): built from a council's own records,
//! checked against the rules the standards document, and written as the XML that COLLECT and
//! councils' own tools read. The standards it follows are copied in `standards/`, with their
//! sources.

mod checks;
mod derive;
mod export;
mod model;
mod standards;
mod xml;

pub use checks::{
    Problem, cease_rule, check, code_rule, needs_rule, order_rule, outcome_date_rule, rank_rule,
    setting_rule, uln_rule, upn_rule, upn_unknown_rule,
};
pub use derive::{Period, person};
pub use export::{ExportError, each_person, problems};
pub use model::{ActivePlan, Assessment, Header, NamedPlan, Person, Request, Setting};
pub use standards::{listed, reference_date, years};
pub use xml::Sen2Writer;
