//! Form files: parsing them, and everything that can be wrong in a form definition
//! (`check-forms`), each problem with its file and, where the field can be found in the
//! text, its line and column. Loading a [`FormSet`](crate::domain::form::catalog::FormSet)
//! goes through here, so a set that loads is one that lints clean.

pub mod check;
pub(crate) mod cycles;
pub mod load;
pub(crate) mod locate;
pub mod parse;
