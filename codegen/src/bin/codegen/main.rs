//! The `weftql-codegen` command: `check` a schema, `print` the Rust generated for
//! it, `scaffold` starter implementation files, `diff` two contracts, check
//! the project's client `operations`, or create a `new` crate.

mod diff;
mod new;
mod operations;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use weftql_codegen::{Config, Failed, scaffold};

#[derive(Parser)]
#[command(
    version,
    about = "weftql's generator: Rust from schema.graphql, and the contract's checks of its clients"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The configuration file (bindings, scalars, error type).
    #[arg(long, global = true, default_value = "codegen.toml")]
    config: PathBuf,
    /// The crate root bound structs' files are read from [default: the
    /// directory of --config].
    #[arg(long, global = true)]
    crate_root: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a schema and print its diagnostics.
    Check {
        /// The contract [default: schema.graphql of the crate].
        schema: Option<PathBuf>,
    },
    /// Print the Rust generated for a schema.
    Print {
        /// The contract [default: schema.graphql of the crate].
        schema: Option<PathBuf>,
    },
    /// Write starter files for resolver traits that have none; never overwrites.
    Scaffold {
        /// The contract [default: schema.graphql of the crate].
        schema: Option<PathBuf>,
        /// Where to write them [default: `scaffold_dir` in the config, else src/resolvers
        /// under the crate root].
        #[arg(long)]
        dir: Option<PathBuf>,
        /// The module the generated code is reached through.
        #[arg(long, default_value = "crate::schema")]
        module: String,
        /// The struct that implements the resolver traits.
        #[arg(long, default_value = "crate::resolvers::Api")]
        implementor: String,
    },
    /// Every change between two contracts, each breaking, dangerous or safe.
    ///
    /// Exit status: 0 no breaking change; 1 breaking changes; 2 dangerous
    /// changes only, with --deny-dangerous; 3 an input is not a valid schema
    /// or cannot be read; 64 wrong usage.
    #[command(after_help = diff::AFTER_HELP)]
    Diff(diff::Args),
    /// The project's client operations.
    #[command(subcommand)]
    Operations(operations::Command),
    /// Create a crate that serves a small schema at once (`cargo run`).
    New(new::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(diff::USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let schema = match &cli.command {
        Command::Diff(args) => return diff::run(&cli, args),
        Command::Operations(command) => return operations::run(&cli, command),
        Command::New(args) => return new::run(args),
        Command::Check { schema }
        | Command::Print { schema }
        | Command::Scaffold { schema, .. } => {
            schema.clone().unwrap_or_else(|| cli.default_schema())
        }
    };
    match run(&cli, &schema) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

impl Cli {
    /// The crate the command works on: `--crate-root`, else the directory
    /// `codegen.toml` is in (the current one by default).
    fn crate_root(&self) -> PathBuf {
        match (&self.crate_root, self.config.parent()) {
            (Some(root), _) => root.clone(),
            (None, Some(dir)) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            (None, _) => PathBuf::from("."),
        }
    }

    /// `schema.graphql` under the crate root, named as a user would name it
    /// (no `./` in front: GitHub's annotations want a path from the root).
    fn default_schema(&self) -> PathBuf {
        let root = self.crate_root();
        if root == Path::new(".") {
            PathBuf::from("schema.graphql")
        } else {
            root.join("schema.graphql")
        }
    }

    /// Which configuration the command read, for its report.
    fn config_read(&self) -> String {
        if self.config.is_file() {
            format!("with {}", self.config.display())
        } else {
            format!("no {}: the defaults", self.config.display())
        }
    }
}

/// `check`, `print` and `scaffold`, which read one schema.
fn run(cli: &Cli, schema: &Path) -> Result<(), String> {
    let config = Config::load(&cli.config).map_err(|e| format!("error: {e}\n"))?;
    let source = std::fs::read_to_string(schema)
        .map_err(|e| format!("error: {}: {e}\n", schema.display()))?;
    let path = schema.display().to_string();
    let failed = |f: Failed| f.render(&path, &source);
    match &cli.command {
        Command::Check { .. } => {
            let (schema, warnings) =
                weftql_codegen::check(&source, &config, &cli.crate_root()).map_err(failed)?;
            eprint!("{}", weftql_codegen::render_all(&warnings, &path, &source));
            println!(
                "{path} ({}): {} types, no errors",
                cli.config_read(),
                schema.types.len()
            );
        }
        Command::Print { .. } => {
            let generated = weftql_codegen::generate(&source, &path, &config, &cli.crate_root())
                .map_err(failed)?;
            eprint!(
                "{}",
                weftql_codegen::render_all(&generated.warnings, &path, &source)
            );
            eprintln!("{path} ({})", cli.config_read());
            print!("{}", generated.code);
        }
        Command::Scaffold {
            dir,
            module,
            implementor,
            ..
        } => {
            let (schema, warnings) =
                weftql_codegen::check(&source, &config, &cli.crate_root()).map_err(failed)?;
            eprint!("{}", weftql_codegen::render_all(&warnings, &path, &source));
            println!("{path} ({})", cli.config_read());
            let dir = dir.clone().unwrap_or_else(|| {
                let configured = config.scaffold_dir.as_deref();
                cli.crate_root()
                    .join(configured.unwrap_or(Path::new("src/resolvers")))
            });
            // A main.rs can declare the resolvers' module only beside it.
            let src = cli.crate_root().join("src");
            let main = src.join("main.rs");
            let options = scaffold::Options {
                dir: &dir,
                module,
                implementor,
                main: (dir.parent() == Some(src.as_path())).then_some(main.as_path()),
            };
            let scaffolded =
                scaffold::scaffold(&schema, &options).map_err(|e| format!("error: {e}\n"))?;
            for outcome in &scaffolded.files {
                match outcome {
                    scaffold::Outcome::Written(p) => println!("wrote {}", p.display()),
                    scaffold::Outcome::Kept(p) => println!("kept  {} (exists)", p.display()),
                }
            }
            match &scaffolded.module_file {
                Some(p) => println!("wrote {} (declares the files)", p.display()),
                None => print!(
                    "the module of {} needs:\n{}",
                    dir.display(),
                    scaffolded.declarations
                ),
            }
            if let Some(p) = &scaffolded.main_file {
                println!(
                    "wrote {} (the server; see its first lines for Cargo.toml)",
                    p.display()
                );
            }
        }
        Command::Diff(_) | Command::Operations(_) | Command::New(_) => {} // dispatched in `main`
    }
    Ok(())
}
