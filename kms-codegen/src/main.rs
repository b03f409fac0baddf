//! `kms-codegen`: the command-line face of the generator.
//!
//! ```text
//! kms-codegen dump   [--sources DIR]   the model as JSON on stdout
//! kms-codegen report [--sources DIR]   warnings and a count table
//! kms-codegen generate [--sources DIR] [--out PATH]   write the generated Rust (stdout without --out)
//! kms-codegen check [--sources DIR] [--file PATH]     fail if the reviewed copy is stale
//! kms-codegen diff OLD_DIR NEW_DIR [--format json|changelog]  what changed, and the semver verdict
//! kms-codegen canary [--sources DIR] --out DIR [--kms-types PATH]
//!                                      a crate using every typed item of the model once
//! ```
//!
//! Exit status: 0 on success, 1 when the sources have errors (rendered on
//! stderr) or the checked copy is stale. `diff` exits 0 when nothing
//! changed, 1 when something did, 2 when a sources directory has errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kms_codegen::Layout;

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
    /// Write the semver canary: a crate that uses every typed item of the
    /// model once; compile it against another kms-types to see what breaks.
    Canary {
        #[command(flatten)]
        sources: SourcesArg,
        /// The directory to write (Cargo.toml, src/lib.rs).
        #[arg(long)]
        out: PathBuf,
        /// The kms-types crate it depends on, by path [default: ./kms-types].
        #[arg(long)]
        kms_types: Option<PathBuf>,
    },
    /// Check that the reviewed copy of the generated code is up to date.
    Check {
        #[command(flatten)]
        sources: SourcesArg,
        /// The reviewed copy [default: ./kms-types/generated/kms.rs].
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Grouped by kind of change, for people.
    Human,
    /// One JSON object: `changes`, `verdict` and `breaks_compilation`.
    Json,
    /// A CHANGELOG.md entry's data part (Markdown), each change named by
    /// the typed item it touches.
    Changelog,
}

#[derive(clap::Args)]
struct SourcesArg {
    /// The sources directory (holding kms/policy-sentry.md and
    /// kms/condition-keys.txt) [default: ./sources]
    #[arg(long)]
    sources: Option<PathBuf>,
}

impl SourcesArg {
    /// The directory given, or `./sources` when it exists.
    fn dir(&self) -> Result<PathBuf, String> {
        if let Some(dir) = &self.sources {
            return Ok(dir.clone());
        }
        let default = PathBuf::from(kms_codegen::DEFAULT_SOURCES_DIR);
        if default.is_dir() {
            return Ok(default);
        }
        let cwd = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| ".".to_string());
        Err(format!(
            "error: no `sources` directory in {cwd}\n  = help: run from the workspace root, or pass `--sources DIR` (DIR/kms/policy-sentry.md, DIR/kms/condition-keys.txt)\n"
        ))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let sources = match &cli.command {
        Command::Dump(args) | Command::Report(args) => Some(args),
        Command::Generate { sources, .. }
        | Command::Check { sources, .. }
        | Command::Canary { sources, .. } => Some(sources),
        Command::Diff { .. } => None,
    };
    let sources = match sources.map(SourcesArg::dir).transpose() {
        Ok(dir) => dir.unwrap_or_default(),
        Err(message) => {
            eprint!("{message}");
            return ExitCode::from(1);
        }
    };
    let result = match &cli.command {
        Command::Dump(_) => kms_spec::load(&sources)
            .map(|spec| serde_json::to_string_pretty(&spec).expect("the model serialises") + "\n"),
        Command::Report(_) => kms_spec::load(&sources).map(|spec| kms_codegen::report(&spec)),
        Command::Generate { out, .. } => return generate(&sources, out.as_deref()),
        Command::Check { file, .. } => return check(&sources, file.as_deref()),
        Command::Diff { old, new, format } => return diff(old, new, *format),
        Command::Canary { out, kms_types, .. } => {
            return canary(&sources, out, kms_types.as_deref());
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

fn generate(sources: &Path, out: Option<&Path>) -> ExitCode {
    let generated = match kms_codegen::generate_from_dir(sources, Layout::Formatted) {
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
    let file = file.unwrap_or(Path::new(kms_codegen::CHECKED_IN_COPY));
    let generated = match kms_codegen::generate_from_dir(sources, Layout::Formatted) {
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
        Format::Changelog => print!(
            "{}",
            kms_codegen::changelog::changelog(&diff, &new.service.prefix)
        ),
    }
    if diff.changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn canary(sources: &Path, out: &Path, kms_types: Option<&Path>) -> ExitCode {
    let spec = match kms_spec::load(sources) {
        Ok(spec) => spec,
        Err(failure) => {
            eprint!("{}", failure.render());
            return ExitCode::from(1);
        }
    };
    let code = match kms_codegen::canary::canary(&spec) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let kms_types = kms_types.unwrap_or(Path::new("kms-types"));
    let kms_types = match std::path::absolute(kms_types) {
        Ok(path) if path.join("Cargo.toml").is_file() => path,
        _ => {
            eprintln!(
                "error: no kms-types crate at {}\n  = help: pass --kms-types PATH (the directory holding its Cargo.toml)",
                kms_types.display()
            );
            return ExitCode::from(1);
        }
    };
    let manifest = kms_codegen::canary::manifest(&kms_types);
    for (path, contents) in [
        (out.join("Cargo.toml"), manifest.as_str()),
        (out.join("src/lib.rs"), code.as_str()),
    ] {
        if let Err(error) = kms_codegen::write_if_changed(&path, contents) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(1);
        }
    }
    eprintln!(
        "wrote the canary for {} to {} ({} lines)",
        sources.display(),
        out.display(),
        code.lines().count()
    );
    ExitCode::SUCCESS
}
