//! `weftql-codegen operations check`: the project's client operations
//! checked against the contract, as the build checks them; `operations
//! manifest`: the same, then their persisted-query manifest written.

use std::path::PathBuf;
use std::process::ExitCode;

use weftql_codegen::Config;
use weftql_codegen::config::DuplicateFields;
use weftql_codegen::operations::{Checked, ClientFile, Options, check, discover, manifest};

use crate::Cli;

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Validate every operation against the contract, with the server's
    /// validation and wording; exit with 1 on any error.
    Check {
        #[command(flatten)]
        project: Project,
        /// Make each use of something deprecated an error.
        #[arg(long)]
        deny_deprecated: bool,
    },
    /// Check the operations, then write their persisted-query manifest
    /// (Apollo's format: id = SHA-256 of the body) for a server that runs
    /// only listed documents; nothing is written if any is invalid or
    /// anonymous.
    Manifest {
        #[command(flatten)]
        project: Project,
        /// Where to write it [default: standard output].
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// Which operations, against which contract.
#[derive(clap::Args)]
pub(crate) struct Project {
    /// Client documents (glob patterns) [default: `[operations] paths`
    /// of the configuration].
    patterns: Vec<String>,
    /// The contract [default: schema.graphql under the crate root].
    #[arg(long)]
    schema: Option<PathBuf>,
}

pub(crate) fn run(cli: &Cli, command: &Command) -> ExitCode {
    let outcome = match command {
        Command::Check {
            project,
            deny_deprecated,
        } => checked(cli, project, *deny_deprecated).map(|(files, checked)| {
            print!("{}", checked.render(&files));
            checked.errors() == 0
        }),
        Command::Manifest { project, output } => write_manifest(cli, project, output.as_ref()),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The project's client files, and what checking them found.
fn checked(
    cli: &Cli,
    project: &Project,
    deny_deprecated: bool,
) -> Result<(Vec<ClientFile>, Checked), String> {
    let config = Config::load(&cli.config).map_err(|e| format!("error: {e}\n"))?;
    let configured = config.operations.clone().unwrap_or_default();
    let patterns = if project.patterns.is_empty() {
        configured.paths.clone()
    } else {
        project.patterns.clone()
    };
    if patterns.is_empty() {
        return Err(
            "error: no client documents: give glob patterns, or `[operations] paths` in the configuration\n"
                .into(),
        );
    }
    let schema = project
        .schema
        .clone()
        .unwrap_or_else(|| cli.default_schema());
    let sdl = std::fs::read_to_string(&schema)
        .map_err(|e| format!("error: {}: {e}\n", schema.display()))?;
    let files = discover(&cli.crate_root(), &patterns).map_err(|e| format!("error: {e}\n"))?;
    let options = Options {
        deny_deprecated: deny_deprecated || configured.deny_deprecated,
        keep_first_duplicate_fields: config.duplicate_fields == DuplicateFields::Warn,
    };
    let checked = check(&sdl, &schema.display().to_string(), &files, options);
    Ok((files, checked))
}

fn write_manifest(cli: &Cli, project: &Project, output: Option<&PathBuf>) -> Result<bool, String> {
    let (files, checked) = checked(cli, project, false)?;
    if checked.errors() + checked.warnings() > 0 {
        eprint!("{}", checked.render(&files));
    }
    if checked.errors() > 0 {
        return Ok(false);
    }
    let manifest = manifest::manifest(&checked.operations).map_err(|anonymous| {
        anonymous
            .iter()
            .map(|a| format!("error: {a}\n"))
            .collect::<String>()
    })?;
    let json = serde_json::to_string_pretty(&manifest).expect("a manifest serializes") + "\n";
    match output {
        Some(path) => {
            std::fs::write(path, json).map_err(|e| format!("error: {}: {e}\n", path.display()))?;
            eprintln!(
                "wrote {} operations to {}",
                checked.operations.len(),
                path.display()
            );
        }
        None => print!("{json}"),
    }
    Ok(true)
}
