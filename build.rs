//! Lays the release binary's code out for memory: the functions a session at the keyboard
//! runs (listed in `link/hot-functions.txt`, recorded with callgrind, see BENCHMARKS.md)
//! are placed together at the start of the code. The kernel maps code 64 KB around each
//! page touched, so hot functions spread over 7 MB of code (among the PDF, spreadsheet and
//! mail writers a session never runs) made nearly all of it resident; together, they make
//! about 2 MB resident. A name the list holds that this build lacks is skipped.
//!
//! Only where the linker is LLD (`x86_64-unknown-linux-gnu` from Rust 1.90 on, without
//! another linker configured), and never when `CLEC_WIZARD_NO_CODE_ORDER` is set.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=link/hot-functions.txt");
    println!("cargo:rerun-if-env-changed=CLEC_WIZARD_NO_CODE_ORDER");
    if env::var("PROFILE").as_deref() != Ok("release")
        || env::var("TARGET").as_deref() != Ok("x86_64-unknown-linux-gnu")
        || env::var_os("CLEC_WIZARD_NO_CODE_ORDER").is_some()
        || other_linker()
        || !rustc_links_with_lld()
    {
        return;
    }
    // A copy in the build's own folder: the link never depends on where the sources are.
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let source = format!("{root}/link/hot-functions.txt");
    let list = format!(
        "{}/hot-functions.txt",
        env::var("OUT_DIR").unwrap_or_default()
    );
    if std::fs::copy(&source, &list).is_err() {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={list}");
    println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    if glibc_reads_relr() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's C library reads packed relative relocations (glibc 2.36 on,
/// `DT_RELR`). A position-independent program is relocated as it starts: 17,000
/// addresses, whose 400 KB table the loader reads whole (resident) and walks (5% of the
/// wizard's start-up). Packed, the table is a few kilobytes. A binary linked so needs
/// glibc 2.36 where it runs, as the one it was built with here.
fn glibc_reads_relr() -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    at_least(&String::from_utf8_lossy(&out.stdout), (2, 36))
}

/// Whether the version that is the second word of `text` (`rustc 1.95.0 ...`, `glibc
/// 2.36`) is `min` or later.
fn at_least(text: &str, min: (u32, u32)) -> bool {
    let version = text.split_whitespace().nth(1).unwrap_or("");
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= min
}

/// Whether the build names its own linker (then it may not be LLD).
fn other_linker() -> bool {
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    flags.contains("linker")
        || flags.contains("link-self-contained")
        || env::vars().any(|(k, _)| k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER"))
}

/// Whether rustc is 1.90 or later, which links this target with its own LLD by default.
fn rustc_links_with_lld() -> bool {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = Command::new(rustc).arg("--version").output() else {
        return false;
    };
    at_least(&String::from_utf8_lossy(&out.stdout), (1, 90))
}
