//! Run-time configuration, twelve-factor style: flags, else environment
//! variables (`PORT`, `DATABASE_URL`, `JWT_SECRET`, `HACKERNEWS_MODE`,
//! `RUST_LOG`, …), else an optional TOML file, else defaults. Secrets are
//! redacted whenever the configuration is shown.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};
use serde::Deserialize;

use weftql_runtime::Limits;
use weftql_runtime::http::TrustedDocumentsMode;
use weftql_runtime::traces::OtlpConfig;

use crate::auth::throttle::LoginLimits;
use crate::auth::{ForwardedHeader, TrustedProxies};

/// Development generates and keeps a JWT secret and serves introspection;
/// production refuses to start without `JWT_SECRET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Development,
    Production,
}

/// The settings every command shares, as flags and environment variables.
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "HOST", global = true)]
    pub host: Option<String>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", global = true)]
    pub port: Option<u16>,
    /// `sqlite://…` or `postgres://…`; default: a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Where the default SQLite file and the development JWT secret live.
    #[arg(long, env = "DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// The key that signs JSON Web Tokens.
    #[arg(long, env = "JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// development or production.
    #[arg(long, env = "HACKERNEWS_MODE", global = true)]
    pub mode: Option<Mode>,
    /// Log filter, e.g. `info` or `hackernews=debug,sqlx=warn`.
    #[arg(long = "log", env = "RUST_LOG", global = true)]
    pub log: Option<String>,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "LOG_JSON", global = true)]
    pub log_json: Option<bool>,
    /// How long a request waits for a database connection before it fails
    /// with `SERVICE_UNAVAILABLE`, in milliseconds (default 1500).
    #[arg(long, env = "DATABASE_ACQUIRE_TIMEOUT_MS", global = true)]
    pub database_acquire_timeout_ms: Option<u64>,
    /// After SIGTERM, how long to keep serving with readiness failing, in
    /// milliseconds, so a load balancer stops routing here first (default 0).
    #[arg(long, env = "SHUTDOWN_DRAIN_MS", global = true)]
    pub shutdown_drain_ms: Option<u64>,
    /// The most items any list field returns (default 1000); a longer list
    /// is refused with `LIST_TOO_LONG`.
    #[arg(long, env = "MAX_LIST_ITEMS", global = true)]
    pub max_list_items: Option<usize>,
    /// Load balancers whose `Forwarded`/`X-Forwarded-For` headers are
    /// believed: addresses or CIDR ranges, comma-separated (default: none).
    #[arg(long, env = "TRUSTED_PROXIES", global = true, value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
    /// The header trusted proxies name the client in: `x-forwarded-for`
    /// (default) or `forwarded`; the other one is never read.
    #[arg(long, env = "FORWARDED_HEADER", global = true)]
    pub forwarded_header: Option<ForwardedHeader>,
    /// Persisted-query manifests of the operations clients ship (Apollo's
    /// format or GraphQL Codegen's map), comma-separated; reloaded on SIGHUP.
    #[arg(long, env = "TRUSTED_DOCUMENTS", global = true, value_delimiter = ',')]
    pub trusted_documents: Option<Vec<PathBuf>>,
    /// What happens to a document no manifest lists: `off` (served; the
    /// default), `log-unknown` (served and logged once) or `enforce`
    /// (refused, 403).
    #[arg(long, env = "TRUSTED_DOCUMENTS_MODE", global = true)]
    pub trusted_documents_mode: Option<TrustedDocumentsMode>,
    /// Serve Prometheus metrics at `/metrics` (default true).
    #[arg(long, env = "METRICS", global = true)]
    pub metrics: Option<bool>,
    /// Serve `/metrics` on this address (`host:port`) instead of the main
    /// one, so it need not be public.
    #[arg(long, env = "METRICS_ADDR", global = true)]
    pub metrics_addr: Option<String>,
    /// How many events a subscriber may fall behind before the oldest are
    /// dropped and it is told (`EVENTS_MISSED`; default 1024).
    #[arg(long, env = "SUBSCRIPTION_BUFFER", global = true)]
    pub subscription_buffer: Option<usize>,
    /// How long the reads of subscription events wait for other
    /// subscribers' before they run, as one (milliseconds; default 2).
    #[arg(long, env = "SUBSCRIPTION_BATCH_WINDOW_MS", global = true)]
    pub subscription_batch_window_ms: Option<u64>,
    /// Export OpenTelemetry traces over OTLP/HTTP to this collector
    /// (`http://host:4318`); traces are off without it.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT", global = true)]
    pub otlp_endpoint: Option<String>,
    /// The share of traces recorded when a request carries no sampling
    /// decision of its own, from 0 to 1 (default 1).
    #[arg(long, env = "TRACE_SAMPLE_RATIO", global = true)]
    pub trace_sample_ratio: Option<f64>,
    /// Put each operation's document, literals removed, in its span
    /// (`graphql.document`; default false).
    #[arg(long, env = "TRACE_DOCUMENT", global = true)]
    pub trace_document: Option<bool>,
    /// Request limits; only from the configuration file's `[limits]` table.
    #[arg(skip)]
    pub limits: Option<Limits>,
    /// Login throttling; only from the configuration file's `[login]` table.
    #[arg(skip)]
    pub login: Option<LoginLimits>,
}

/// The resolved configuration.
#[derive(Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub jwt_secret: Option<String>,
    pub mode: Mode,
    pub log: String,
    pub log_json: bool,
    pub acquire_timeout: Duration,
    pub shutdown_drain: Duration,
    pub max_list_items: usize,
    pub trusted_proxies: TrustedProxies,
    pub trusted_documents: Vec<PathBuf>,
    pub trusted_documents_mode: TrustedDocumentsMode,
    pub metrics: bool,
    pub metrics_addr: Option<String>,
    /// Where and how traces are exported, if they are.
    pub traces: Option<OtlpConfig>,
    pub subscription_buffer: usize,
    pub subscription_batch_window: Duration,
    pub limits: Limits,
    pub login: LoginLimits,
}

/// Why the configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Invalid {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{0}")]
    TrustedProxy(#[from] crate::auth::NotAnAddress),
    #[error("trace_sample_ratio is {0}: it is a share, from 0 to 1")]
    SampleRatio(f64),
}

impl Settings {
    /// Flags and environment first, then the file's values, then defaults.
    pub fn resolve(self, file: Option<&Path>) -> Result<Config, ConfigError> {
        let from_file = match file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| ConfigError::Unreadable {
                        path: path.to_path_buf(),
                        source,
                    })?;
                toml::from_str::<Settings>(&text).map_err(|source| ConfigError::Invalid {
                    path: path.to_path_buf(),
                    source,
                })?
            }
            None => Settings::default(),
        };
        let sample_ratio = self
            .trace_sample_ratio
            .or(from_file.trace_sample_ratio)
            .unwrap_or(1.0);
        if !(0.0..=1.0).contains(&sample_ratio) {
            return Err(ConfigError::SampleRatio(sample_ratio));
        }
        let traces = self
            .otlp_endpoint
            .or(from_file.otlp_endpoint)
            .filter(|endpoint| !endpoint.is_empty())
            .map(|endpoint| OtlpConfig {
                endpoint,
                service_name: std::env::var("OTEL_SERVICE_NAME")
                    .unwrap_or_else(|_| "hackernews".into()),
                sample_ratio,
                batch_delay: None,
                document: self
                    .trace_document
                    .or(from_file.trace_document)
                    .unwrap_or(false),
            });
        let data_dir = self
            .data_dir
            .or(from_file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = self
            .database_url
            .or(from_file.database_url)
            .unwrap_or_else(|| {
                format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("hackernews.db").display()
                )
            });
        Ok(Config {
            host: self
                .host
                .or(from_file.host)
                .unwrap_or_else(|| "127.0.0.1".into()),
            port: self.port.or(from_file.port).unwrap_or(8000),
            database_url,
            data_dir,
            jwt_secret: self
                .jwt_secret
                .or(from_file.jwt_secret)
                .filter(|s| !s.is_empty()),
            mode: self.mode.or(from_file.mode).unwrap_or_default(),
            log: self.log.or(from_file.log).unwrap_or_else(|| "info".into()),
            log_json: self.log_json.or(from_file.log_json).unwrap_or(false),
            acquire_timeout: Duration::from_millis(
                self.database_acquire_timeout_ms
                    .or(from_file.database_acquire_timeout_ms)
                    .unwrap_or(1500),
            ),
            shutdown_drain: Duration::from_millis(
                self.shutdown_drain_ms
                    .or(from_file.shutdown_drain_ms)
                    .unwrap_or(0),
            ),
            max_list_items: self
                .max_list_items
                .or(from_file.max_list_items)
                .unwrap_or(1000),
            trusted_proxies: TrustedProxies::parse(
                &self
                    .trusted_proxies
                    .or(from_file.trusted_proxies)
                    .unwrap_or_default(),
                self.forwarded_header
                    .or(from_file.forwarded_header)
                    .unwrap_or_default(),
            )?,
            trusted_documents: self
                .trusted_documents
                .or(from_file.trusted_documents)
                .unwrap_or_default(),
            trusted_documents_mode: self
                .trusted_documents_mode
                .or(from_file.trusted_documents_mode)
                .unwrap_or_default(),
            metrics: self.metrics.or(from_file.metrics).unwrap_or(true),
            metrics_addr: self.metrics_addr.or(from_file.metrics_addr),
            traces,
            subscription_buffer: self
                .subscription_buffer
                .or(from_file.subscription_buffer)
                .unwrap_or(1024),
            subscription_batch_window: Duration::from_millis(
                self.subscription_batch_window_ms
                    .or(from_file.subscription_batch_window_ms)
                    .unwrap_or(2),
            ),
            limits: self.limits.or(from_file.limits).unwrap_or_default(),
            login: self.login.or(from_file.login).unwrap_or_default(),
        })
    }
}

impl Config {
    /// The database URL with any password replaced by `***`.
    pub fn redacted_database_url(&self) -> String {
        match url::Url::parse(&self.database_url) {
            Ok(mut url) if url.password().is_some() => {
                let _ = url.set_password(Some("***"));
                url.to_string()
            }
            _ => self.database_url.clone(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database_url", &self.redacted_database_url())
            .field("data_dir", &self.data_dir)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("mode", &self.mode)
            .field("log", &self.log)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("shutdown_drain", &self.shutdown_drain)
            .field("max_list_items", &self.max_list_items)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("trusted_documents", &self.trusted_documents)
            .field("trusted_documents_mode", &self.trusted_documents_mode)
            .field("metrics", &self.metrics)
            .field("metrics_addr", &self.metrics_addr)
            .field("traces", &self.traces)
            .field("subscription_buffer", &self.subscription_buffer)
            .field("subscription_batch_window", &self.subscription_batch_window)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show() {
        let config = Settings {
            database_url: Some("postgres://app:hunter2@db/hn".into()),
            jwt_secret: Some("s3cret".into()),
            ..Settings::default()
        }
        .resolve(None)
        .unwrap();
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn flags_win_over_the_file() {
        let dir = std::env::temp_dir().join(format!("hn-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.toml");
        std::fs::write(&file, "port = 9000\nhost = \"0.0.0.0\"\n").unwrap();
        let config = Settings {
            port: Some(7000),
            ..Settings::default()
        }
        .resolve(Some(&file))
        .unwrap();
        assert_eq!((config.port, config.host.as_str()), (7000, "0.0.0.0"));
    }

    #[test]
    fn traces_are_on_only_with_an_endpoint_and_a_share_between_0_and_1() {
        let off = Settings::default().resolve(None).unwrap();
        assert!(off.traces.is_none());
        let on = Settings {
            otlp_endpoint: Some("http://127.0.0.1:4318".into()),
            trace_sample_ratio: Some(0.25),
            ..Settings::default()
        }
        .resolve(None)
        .unwrap();
        let traces = on.traces.unwrap();
        assert_eq!(traces.endpoint, "http://127.0.0.1:4318");
        assert_eq!(traces.sample_ratio, 0.25);
        assert!(!traces.document);
        let beyond = Settings {
            trace_sample_ratio: Some(1.5),
            ..Settings::default()
        }
        .resolve(None);
        assert!(matches!(beyond, Err(ConfigError::SampleRatio(r)) if r == 1.5));
    }
}
