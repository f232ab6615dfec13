//! The built-in forms as the build prepares them (`build.rs`): parsed from `forms/*.ron`
//! and stored in postcard, a compact binary serde format, so that start-up does not parse
//! the RON. Shared by the build script and the library.

use serde::{Deserialize, Serialize};

use crate::domain::form::journey::Journey;
use crate::domain::form::option_sets::OptionSets;
use crate::domain::form::schema::FormDef;

/// Every built-in form file, parsed: the journey, the shared option sets, and each form
/// with the name of its file, in file-name order.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Prepared {
    pub journey: Option<Journey>,
    pub sets: OptionSets,
    pub forms: Vec<(String, FormDef)>,
}
