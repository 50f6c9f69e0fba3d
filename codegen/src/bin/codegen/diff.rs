//! `weftql-codegen diff`: reads two contracts (files, or the schema as it
//! was at a git revision), compares them, tells which client operations
//! each change touches, prints the report and exits with its verdict.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use weftql_codegen::Config;
use weftql_codegen::diff::report::{self, Contract, Format, OperationRef, Report};
use weftql_codegen::diff::{Change, Level, Summary, diff};
use weftql_codegen::operations::{self, Operation};

use crate::Cli;

/// Exit statuses.
const BREAKING: u8 = 1;
const DANGEROUS: u8 = 2;
const INVALID: u8 = 3;
pub(crate) const USAGE: u8 = 64;

pub(crate) const AFTER_HELP: &str = "Examples:
  weftql-codegen diff old.graphql schema.graphql
  weftql-codegen diff --against origin/main --format github
  weftql-codegen diff --against HEAD~1 --operations 'web/src/**/*.tsx' --format json";

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The old contract, then the new one; with --against, only the new one
    /// [default: schema.graphql under the crate root].
    #[arg(num_args = 0..=2)]
    schemas: Vec<PathBuf>,
    /// Compare with the new contract's file as it was at this git revision.
    #[arg(long, value_name = "GIT_REF")]
    against: Option<String>,
    /// text (rustc-style), json (versioned, see the README), github
    /// (workflow annotations), or sarif (2.1.0).
    #[arg(long, default_value = "text")]
    format: Format,
    /// Exit with 2 when there are dangerous changes and no breaking one.
    #[arg(long)]
    deny_dangerous: bool,
    /// Client documents whose operations each change touches (glob
    /// patterns) [default: `[operations] paths` of the configuration].
    #[arg(long, value_name = "GLOB")]
    operations: Vec<String>,
}

pub(crate) fn run(cli: &Cli, args: &Args) -> ExitCode {
    match compare(cli, args) {
        Ok(code) => ExitCode::from(code),
        Err(Failure { message, code }) => {
            eprint!("{message}");
            ExitCode::from(code)
        }
    }
}

struct Failure {
    message: String,
    code: u8,
}

fn invalid(message: String) -> Failure {
    Failure {
        message,
        code: INVALID,
    }
}

/// A contract read, with the name to show for it.
struct Read {
    file: String,
    text: String,
}

fn compare(cli: &Cli, args: &Args) -> Result<u8, Failure> {
    let config = Config::load(&cli.config).map_err(|e| invalid(format!("error: {e}\n")))?;
    let (old, new) = read_both(cli, args)?;
    let parse = |read: &Read| {
        weftql_codegen::contract(&read.text, &config)
            .map(|(schema, _)| schema)
            .map_err(|failed| invalid(failed.render(&read.file, &read.text)))
    };
    let (old_schema, new_schema) = (parse(&old)?, parse(&new)?);
    let changes = diff(&old_schema, &new_schema);
    let touched = touched_operations(cli, args, &config, &old, &changes)?;
    let report = Report {
        old: Contract {
            file: &old.file,
            text: &old.text,
        },
        new: Contract {
            file: &new.file,
            text: &new.text,
        },
        changes: &changes,
        operations: touched.as_deref(),
    };
    print!("{}", report::render(args.format, &report));
    let summary = Summary::of(&changes);
    Ok(if summary.breaking > 0 {
        BREAKING
    } else if summary.dangerous > 0 && args.deny_dangerous {
        DANGEROUS
    } else {
        0
    })
}

fn read_both(cli: &Cli, args: &Args) -> Result<(Read, Read), Failure> {
    let usage = |message: &str| Failure {
        message: format!("error: {message}\n"),
        code: USAGE,
    };
    match (&args.against, args.schemas.as_slice()) {
        (Some(revision), [] | [_]) => {
            let new_path = args
                .schemas
                .first()
                .cloned()
                .unwrap_or_else(|| cli.default_schema());
            let new = read_file(&new_path)?;
            let old = read_at_revision(&new_path, revision)?;
            Ok((old, new))
        }
        (Some(_), _) => Err(usage("with --against, give only the new contract")),
        (None, [old, new]) => Ok((read_file(old)?, read_file(new)?)),
        (None, _) => Err(usage(
            "give the old and the new contract, or --against <GIT_REF>",
        )),
    }
}

fn read_file(path: &Path) -> Result<Read, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid(format!("error: {}: {e}\n", path.display())))?;
    Ok(Read {
        file: path.display().to_string(),
        text,
    })
}

/// The file at `path` as it was at `revision`, through `git show`.
fn read_at_revision(path: &Path, revision: &str) -> Result<Read, Failure> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{revision}:./{name}"))
        .output()
        .map_err(|e| invalid(format!("error: cannot run git: {e}\n")))?;
    if !output.status.success() {
        return Err(invalid(format!(
            "error: cannot read {} at `{revision}`: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| {
        invalid(format!(
            "error: {} at `{revision}` is not UTF-8\n",
            path.display()
        ))
    })?;
    Ok(Read {
        file: format!("{}@{revision}", path.display()),
        text,
    })
}

/// For each change, the operations it touches, when there are operations
/// to look at: the `--operations` patterns, else the configured ones.
fn touched_operations(
    cli: &Cli,
    args: &Args,
    config: &Config,
    old: &Read,
    changes: &[Change],
) -> Result<Option<Vec<Vec<OperationRef>>>, Failure> {
    let patterns = if args.operations.is_empty() {
        match &config.operations {
            Some(configured) => configured.paths.clone(),
            None => return Ok(None),
        }
    } else {
        args.operations.clone()
    };
    let files = operations::discover(&cli.crate_root(), &patterns)
        .map_err(|e| invalid(format!("error: {e}\n")))?;
    let keep_first = config.duplicate_fields == weftql_codegen::config::DuplicateFields::Warn;
    let found = operations::operations_against(&old.text, &old.file, &files, keep_first)
        .map_err(|e| invalid(format!("error: {e}\n")))?;
    Ok(Some(
        changes
            .iter()
            .map(|change| {
                if change.level == Level::Safe {
                    return Vec::new();
                }
                found
                    .iter()
                    .filter(|operation| touches(change, operation))
                    .map(|operation| OperationRef {
                        name: operation.display_name().to_owned(),
                        file: operation.file.clone(),
                        line: operation.line,
                        column: operation.column,
                    })
                    .collect()
            })
            .collect(),
    ))
}

fn touches(change: &Change, operation: &Operation) -> bool {
    change.touches.iter().any(|t| operation.uses.contains(t))
}
