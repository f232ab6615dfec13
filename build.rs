//! The built-in forms, prepared at build time: `forms/*.ron` parsed with the library's own
//! schema (its modules are compiled into this script as they are) and written to
//! `OUT_DIR/forms.postcard`, which the binary reads at start-up in a tenth of the time the
//! RON takes. The RON stays embedded too, for `check-forms` and its diagnostics. A built-in
//! form that does not parse fails the build with its file, line and column.

// The schema's modules hold more than the build needs; cargo reads a build script's
// instructions from its standard output, which the library's own printing rule is not for.
#![allow(dead_code, unused_imports, clippy::disallowed_macros)]

use std::path::Path;

// The schema's modules, at the paths the library gives them.
#[path = "src/domain"]
mod domain {
    pub mod form {
        pub mod condition;
        pub mod journey;
        pub mod option_sets;
        pub mod prepared;
        pub mod schema;
    }
    pub mod values {
        pub mod ids;
        pub mod ilec;
        pub mod signer;
        pub mod states;
    }
}

use domain::form::prepared;

fn main() {
    println!("cargo::rerun-if-changed=forms");
    println!("cargo::rerun-if-changed=src/domain/form");
    println!("cargo::rerun-if-changed=src/domain/values");
    let forms = Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
    let mut files: Vec<_> = std::fs::read_dir(&forms)
        .expect("the forms folder")
        .map(|e| e.expect("a forms folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let mut set = prepared::Prepared::default();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("a form file");
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let fail = |e: ron::error::SpannedError| -> ! {
            panic!(
                "forms/{name}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        };
        match name.as_str() {
            domain::form::journey::JOURNEY_FILE => {
                set.journey = Some(options.from_str(&text).unwrap_or_else(|e| fail(e)))
            }
            domain::form::option_sets::OPTIONS_FILE => {
                set.sets = options.from_str(&text).unwrap_or_else(|e| fail(e))
            }
            _ => set.forms.push((
                name.clone(),
                options.from_str(&text).unwrap_or_else(|e| fail(e)),
            )),
        }
    }
    let bytes = postcard::to_allocvec(&set).expect("the forms serialize");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("forms.postcard");
    std::fs::write(out, bytes).expect("writing the prepared forms");
}
