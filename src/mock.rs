//! `hackernews mock`: a thin front to weftql's mock server, which serves
//! mock data for any SDL file (this server's by default). The server links
//! no generator, so the front runs the `weftql-mock` binary (beside this one,
//! else on `PATH`; `cargo install --path codegen/mock` installs it) in place
//! of this process, with this command's host and port and the given
//! arguments.

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

/// Runs `weftql-mock --host … --port … <args>`; on Unix it replaces this process.
pub fn run(args: Vec<OsString>, config: &Config) -> Result<(), FrontError> {
    let mut command = Command::new(binary());
    command
        .arg("--host")
        .arg(&config.host)
        .arg("--port")
        .arg(config.port.to_string())
        .args(args);
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

/// `weftql-mock` beside the running binary if it is there, else the bare
/// name for a `PATH` look-up.
fn binary() -> PathBuf {
    std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name(format!("{BINARY}{}", std::env::consts::EXE_SUFFIX)))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(BINARY))
}
