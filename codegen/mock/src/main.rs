//! `weftql-mock`: serves mock data for any SDL file, without Rust or a
//! database, and reloads it when the file changes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use weftql_mock::Options;
use weftql_runtime::Limits;

#[derive(Parser)]
#[command(
    version,
    about = "A GraphQL mock server from a schema.graphql alone: realistic, consistent data, reloaded on change"
)]
struct Cli {
    #[command(flatten)]
    options: Options,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8000)]
    port: u16,
    /// A TOML file of request limits (the runtime's `Limits`; defaults otherwise).
    #[arg(long)]
    limits: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let limits = match cli.limits.as_deref().map(read_limits).transpose() {
        Ok(limits) => limits.unwrap_or_default(),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime starts");
    let served = runtime.block_on(weftql_mock::run(
        cli.options,
        limits,
        (&cli.host, cli.port),
        weftql_runtime::shutdown::signal(),
    ));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn read_limits(path: &std::path::Path) -> Result<Limits, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
