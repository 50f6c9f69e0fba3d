//! The `hackernews` command: `serve` (the default), `migrate`, `seed`, `bench`, `mock`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hackernews::config::{Config, Settings};
use hackernews::{app, bench, db, mock, seed};

/// mimalloc rather than the system allocator: measured faster on every query
/// of the side-by-side benchmark with a database behind it. Its `override`
/// feature makes it C's `malloc` too, so SQLite allocates through it rather
/// than glibc's, measurably faster again on SQLite. The figures are in
/// README's Speed section.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(version, about = "The How-to-GraphQL Hackernews server, schema-first")]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    /// A TOML file with any of the settings (flags and environment win).
    #[arg(long, env = "HACKERNEWS_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the GraphQL API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Fill an empty database with demo users (password `password`), links and votes.
    Seed {
        #[arg(long, default_value_t = 20)]
        users: usize,
        #[arg(long, default_value_t = 100)]
        links: usize,
        #[arg(long, default_value_t = 300)]
        votes: usize,
    },
    /// Measure requests/s and SQL statements per request over real HTTP with wrk,
    /// against a plain poem JSON handler (`.ci/bench-side-by-side.sh` compares with
    /// the same API written by hand).
    Bench(bench::Options),
    /// Serve mock data for any SDL file, without Rust or a database; reloads on
    /// change. Runs `weftql-mock` with the remaining arguments (`--help` lists them).
    #[command(disable_help_flag = true)]
    Mock {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match cli.settings.resolve(cli.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    init_logging(&config);
    std::panic::set_hook(Box::new(|panic| tracing::error!(%panic, "panicked")));
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime starts");
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    match command {
        Command::Serve => {
            tracing::info!(config = ?config, "starting");
            let state = app::build(&config).await.map_err(|e| e.to_string())?;
            let acceptor = app::bind(&config.host, config.port)
                .await
                .map_err(|e| e.to_string())?;
            app::serve(state, acceptor, shutdown_signal())
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let (db, _) = db::connect(&config.database_url, config.acquire_timeout, false)
                .await
                .map_err(|e| e.to_string())?;
            db::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("migrations applied to {}", config.redacted_database_url());
            Ok(())
        }
        Command::Seed {
            users,
            links,
            votes,
        } => {
            let (db, _) = db::connect(&config.database_url, config.acquire_timeout, false)
                .await
                .map_err(|e| e.to_string())?;
            db::migrate(&db).await.map_err(|e| e.to_string())?;
            let done = seed::seed(
                &db,
                seed::Amounts {
                    users,
                    links,
                    votes,
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "seeded {} users (password \"password\"), {} links, {} votes",
                done.users, done.links, done.votes
            );
            Ok(())
        }
        Command::Bench(options) => bench::run(&config, options)
            .await
            .map_err(|e| e.to_string()),
        Command::Mock { args } => mock::run(args, &config).map_err(|e| e.to_string()),
    }
}

/// The log, as the configuration asks, and, with metrics on, the pool's
/// acquisitions recorded for them (`db::acquire`), whatever the log shows.
fn init_logging(config: &Config) {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only for a person at a terminal, not in a file or a collector.
    let log = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let log = if config.log_json {
        log.json().with_filter(filter).boxed()
    } else {
        log.with_filter(filter).boxed()
    };
    tracing_subscriber::registry()
        .with(log)
        .with(config.metrics.then(db::acquire::layer))
        .init();
}

/// Ctrl-C or SIGTERM, logged.
async fn shutdown_signal() {
    weftql_runtime::shutdown::signal().await;
    tracing::info!("shutting down; letting in-flight requests finish");
}
