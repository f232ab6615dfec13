//! clec-wizard binary: parse the command line and run it.

fn main() -> std::process::ExitCode {
    clec_wizard::commands::run(clec_wizard::cli::Cli::parse_here())
}
