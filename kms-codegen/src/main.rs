//! `kms-codegen`: the command-line face of the generator.
//!
//! ```text
//! kms-codegen dump   [--sources DIR]   the model as JSON on stdout
//! kms-codegen report [--sources DIR]   warnings and a count table
//! ```
//!
//! Exit status: 0 on success, 1 when the sources have errors (rendered on stderr).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kms-codegen",
    version,
    about = "Compile the AWS KMS IAM reference into a typed model and Rust code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the reconciled model as JSON on stdout.
    Dump(SourcesArg),
    /// Print every warning and a count table: read / modelled / reported, per kind.
    Report(SourcesArg),
}

#[derive(clap::Args)]
struct SourcesArg {
    /// The sources directory (holding kms/policy-sentry.md and kms/condition-keys.txt).
    #[arg(long, default_value_os_t = kms_codegen::default_sources_dir())]
    sources: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Dump(args) => kms_spec::load(&args.sources)
            .map(|spec| serde_json::to_string_pretty(&spec).expect("the model serialises") + "\n"),
        Command::Report(args) => {
            kms_spec::load(&args.sources).map(|spec| kms_codegen::report(&spec))
        }
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprint!("{}", failure.render());
            ExitCode::from(1)
        }
    }
}
