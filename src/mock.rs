//! `hackernews mock`: a thin front to weftql's mock server, which serves
//! mock data for any SDL file (this server's by default). The server links
//! no generator, so the front runs the `weftql-mock` binary (beside this one,
//! else on `PATH`; `cargo install --path codegen/mock` installs it) in place
//! of this process, with the given arguments and this command's host and
//! port unless they are among them (`hackernews mock --port 4000`).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use crate::config::Config;

/// The mock server's binary.
pub const BINARY: &str = "weftql-mock";

/// Why the mock did not run.
#[derive(Debug, thiserror::Error)]
pub enum FrontError {
    #[error(
        "`{BINARY}` was found neither beside this binary nor on PATH: \
         build it with `cargo build -p weftql-mock` or install it with \
         `cargo install --path codegen/mock` ({0})"
    )]
    Missing(std::io::Error),
    #[error("`{BINARY}` exited with {0}")]
    Failed(std::process::ExitStatus),
}

/// Runs `weftql-mock <args>`, with `--host` and `--port` from `config`
/// where `args` has none; on Unix it replaces this process.
pub fn run(args: Vec<OsString>, config: &Config) -> Result<(), FrontError> {
    let mut command = Command::new(binary());
    if !gives(&args, "--host") {
        command.arg("--host").arg(&config.host);
    }
    if !gives(&args, "--port") {
        command.arg("--port").arg(config.port.to_string());
    }
    command.args(&args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        Err(FrontError::Missing(command.exec()))
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(FrontError::Failed(status)),
        Err(error) => Err(FrontError::Missing(error)),
    }
}

/// Whether `args` set the option `flag` (`--port 4000` or `--port=4000`).
fn gives(args: &[OsString], flag: &str) -> bool {
    args.iter().any(|arg| {
        let arg = arg.to_string_lossy();
        arg == flag
            || arg
                .strip_prefix(flag)
                .is_some_and(|rest| rest.starts_with('='))
    })
}

/// `weftql-mock` beside the running binary if it is there, else the bare
/// name for a `PATH` look-up.
fn binary() -> PathBuf {
    std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name(format!("{BINARY}{}", std::env::consts::EXE_SUFFIX)))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(BINARY))
}

#[cfg(test)]
mod tests {
    use super::gives;

    #[test]
    fn an_option_given_after_mock_is_the_users() {
        let args = |list: &[&str]| list.iter().map(Into::into).collect::<Vec<_>>();
        assert!(gives(&args(&["--port", "4000"]), "--port"));
        assert!(gives(
            &args(&["--schema", "s.graphql", "--port=4000"]),
            "--port"
        ));
        assert!(!gives(&args(&["--schema", "s.graphql"]), "--port"));
        assert!(!gives(&args(&["--portable"]), "--port"));
    }
}
