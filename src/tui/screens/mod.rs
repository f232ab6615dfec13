//! One file per screen: its state, its keys (`update`, given a [`crate::tui::session::Cx`]
//! and answering with [`crate::tui::msg::Msg`]s) and its drawing (given a
//! [`crate::tui::session::Look`]). A screen never reaches another screen nor the app: it
//! asks, and the app goes.

pub mod deadlines;
pub mod form;
pub mod home;
pub mod journey;
pub mod review;

#[cfg(test)]
mod tests {
    /// Each screen's source, by file.
    const SCREENS: [(&str, &str); 6] = [
        ("deadlines.rs", include_str!("deadlines.rs")),
        ("form.rs", include_str!("form.rs")),
        ("form/draw.rs", include_str!("form/draw.rs")),
        ("home.rs", include_str!("home.rs")),
        ("journey.rs", include_str!("journey.rs")),
        ("review.rs", include_str!("review.rs")),
    ];

    /// Screens answer with messages: none names another screen, the app's state or the
    /// code that carries messages out (what made the import circles of the wizard).
    #[test]
    fn no_screen_reaches_another_screen_or_the_app() {
        crate::tui::assert_names_none(&SCREENS);
        for (file, text) in SCREENS {
            // `super::` is another screen, but for the form's drawing (its own module).
            let supers = text.matches("super::").count();
            let own = text.matches("use super::FormScreen;").count();
            assert_eq!(supers, own, "{file} reaches another screen through super::");
        }
    }
}
