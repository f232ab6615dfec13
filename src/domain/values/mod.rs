//! Plain values with no knowledge of forms: answers and the paths they sit at, telecom
//! identifiers, states, the limits a draft must keep, and a form's status.

pub mod answer;
pub mod ids;
pub mod ilec;
pub mod limits;
pub mod states;
pub mod status;
