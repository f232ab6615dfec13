//! One module per screen; each draws from the state only.

pub mod form;
pub mod home;
pub mod journey;
pub mod review;
