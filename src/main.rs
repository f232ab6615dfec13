//! clec-wizard binary: answer a shell's completion request, or parse the command line and
//! run it.

fn main() -> std::process::ExitCode {
    clec_wizard::complete::run_if_asked(<clec_wizard::cli::Cli as clap::CommandFactory>::command);
    clec_wizard::commands::run(clec_wizard::cli::Cli::parse_here())
}
