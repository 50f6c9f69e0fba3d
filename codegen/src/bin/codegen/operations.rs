//! `weftql-codegen operations check`: the project's client operations
//! checked against the contract, as the build checks them.

use std::path::PathBuf;
use std::process::ExitCode;

use weftql_codegen::Config;
use weftql_codegen::config::DuplicateFields;
use weftql_codegen::operations::{Options, check, discover};

use crate::Cli;

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Validate every operation against the contract, with the server's
    /// validation and wording; exit with 1 on any error.
    Check {
        /// Client documents (glob patterns) [default: `[operations] paths`
        /// of the configuration].
        patterns: Vec<String>,
        /// The contract [default: schema.graphql under the crate root].
        #[arg(long)]
        schema: Option<PathBuf>,
        /// Make each use of something deprecated an error.
        #[arg(long)]
        deny_deprecated: bool,
    },
}

pub(crate) fn run(cli: &Cli, command: &Command) -> ExitCode {
    match command {
        Command::Check {
            patterns,
            schema,
            deny_deprecated,
        } => match check_operations(cli, patterns, schema.as_ref(), *deny_deprecated) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(message) => {
                eprint!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

fn check_operations(
    cli: &Cli,
    patterns: &[String],
    schema: Option<&PathBuf>,
    deny_deprecated: bool,
) -> Result<bool, String> {
    let config = Config::load(&cli.config).map_err(|e| format!("error: {e}\n"))?;
    let configured = config.operations.clone().unwrap_or_default();
    let patterns = if patterns.is_empty() {
        configured.paths.clone()
    } else {
        patterns.to_vec()
    };
    if patterns.is_empty() {
        return Err(
            "error: no client documents: give glob patterns, or `[operations] paths` in the configuration\n"
                .into(),
        );
    }
    let schema = schema.cloned().unwrap_or_else(|| cli.default_schema());
    let sdl = std::fs::read_to_string(&schema)
        .map_err(|e| format!("error: {}: {e}\n", schema.display()))?;
    let files = discover(&cli.crate_root, &patterns).map_err(|e| format!("error: {e}\n"))?;
    let options = Options {
        deny_deprecated: deny_deprecated || configured.deny_deprecated,
        keep_first_duplicate_fields: config.duplicate_fields == DuplicateFields::Warn,
    };
    let checked = check(&sdl, &schema.display().to_string(), &files, options);
    print!("{}", checked.render(&files));
    Ok(checked.errors() == 0)
}
