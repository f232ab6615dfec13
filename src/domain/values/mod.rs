//! Plain values with no knowledge of forms: answers and the paths they sit at, telecom
//! identifiers, states, the limits a draft must keep, a form's status, and the signer the
//! forms offer by default.

pub mod answer;
pub mod ids;
pub mod ilec;
pub mod limits;
pub mod signer;
pub mod states;
pub mod status;
