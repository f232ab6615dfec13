//! One file per screen: its state, its keys and its drawing.

pub mod deadlines;
pub mod form;
pub mod home;
pub mod journey;
pub mod review;
