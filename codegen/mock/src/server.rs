//! Loading, serving and hot reload. A load reads the SDL, checks it with
//! codegen (a duplicated field is a positioned warning, not a refusal),
//! and builds the world and the schema. The server is the runtime's routes
//! (GET and POST, server-sent events at `/graphql/stream`, graphql-ws at
//! `/graphql/ws`, GraphiQL, all behind the guard), and it swaps in each good
//! reload of the watched files; a bad one leaves the last good schema
//! serving and prints its errors with their positions. Trusted documents,
//! when manifests are given, load with the schema and reload with it and
//! on SIGHUP.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use poem::listener::{Acceptor, TcpAcceptor};
use poem::middleware::CatchPanic;
use poem::{EndpointExt, Server};
use weftql_codegen::config::DuplicateFields;
use weftql_codegen::ir::TypeKind;
use weftql_runtime::Limits;
use weftql_runtime::engine::{Engine, RequestData};
use weftql_runtime::http::{Executor, ManifestError, Origin, TrustedDocuments, graphql_routes};

use super::Options;
use super::overrides::{Overrides, OverridesError};
use super::resolve::{Concrete, MockObject};
use super::scenario::{self, Scenario};
use super::store::Store;
use super::world::World;

/// A loaded mock, ready to serve.
pub struct Mock {
    shared: Arc<Shared>,
    warnings: Option<String>,
}

struct Shared {
    options: Options,
    limits: Limits,
    /// Outlives reloads: what mutations did stays.
    store: Arc<Store>,
    current: RwLock<Arc<Loaded>>,
    trusted: Option<TrustedDocuments>,
}

/// One good load of the schema.
struct Loaded {
    engine: Engine,
    world: Arc<World>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The schema's errors, rendered with their positions.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Overrides(#[from] OverridesError),
    #[error("schema: {0}")]
    Schema(#[from] weftql_runtime::engine::BuildError),
    #[error("trusted documents: {0}")]
    TrustedDocuments(#[from] ManifestError),
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("watching the schema: {0}")]
    Watch(#[from] notify::Error),
}

impl Mock {
    pub fn load(options: Options, limits: Limits) -> Result<Mock, LoadError> {
        let store = Arc::new(Store::default());
        let (served, warnings) = load(&options, &store)?;
        let trusted = TrustedDocuments::configure(
            options.trusted_documents.clone(),
            options.trusted_documents_mode,
            &served.engine,
            &limits,
        )?;
        Ok(Mock {
            shared: Arc::new(Shared {
                options,
                limits,
                store,
                current: RwLock::new(Arc::new(served)),
                trusted,
            }),
            warnings,
        })
    }

    /// The schema's warnings, rendered with their positions, if any.
    pub fn warnings(&self) -> Option<&str> {
        self.warnings.as_deref()
    }

    /// Serves until `shutdown` resolves, reloading the watched files.
    pub async fn serve(
        self,
        acceptor: TcpAcceptor,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), ServeError> {
        let _watcher = watch(self.shared.clone())?;
        if let Some(addr) = acceptor.local_addr().first() {
            let addr = addr.to_string().replace("socket://", "");
            println!(
                "mock: serving {} at http://{addr}/graphql",
                self.shared.options.schema.display()
            );
        }
        #[cfg(unix)]
        tokio::spawn(weftql_runtime::http::reload_on_hangup(Graphql(
            self.shared.clone(),
        )));
        let app = graphql_routes(Graphql(self.shared)).with(CatchPanic::new());
        Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(app, shutdown, Some(Duration::from_secs(5)))
            .await?;
        Ok(())
    }
}

fn load(options: &Options, store: &Arc<Store>) -> Result<(Loaded, Option<String>), LoadError> {
    let path = &options.schema;
    let source = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.clone(),
        source,
    })?;
    let file = path.display().to_string();
    let config = weftql_codegen::Config {
        duplicate_fields: DuplicateFields::Warn,
        ..weftql_codegen::Config::default()
    };
    let (ir, diagnostics) = weftql_codegen::check(&source, &config, Path::new("."))
        .map_err(|failed| LoadError::Invalid(failed.render(&file, &source)))?;
    let overrides = match &options.overrides {
        Some(path) => Overrides::load(path)?,
        None => Overrides::default(),
    };
    let world = Arc::new(World {
        model: super::reading::model(&ir),
        seed: options.seed,
        store: store.clone(),
        overrides,
        event_interval: Duration::from_millis(options.event_interval_ms),
    });
    let mut warnings =
        (!diagnostics.is_empty()).then(|| weftql_codegen::render_all(&diagnostics, &file, &source));
    let unknown = world.overrides.unknown(&world.model);
    if !unknown.is_empty() {
        let line = format!(
            "warning: overrides for fields the schema lacks: {}\n",
            unknown.join(", ")
        );
        warnings.get_or_insert_default().push_str(&line);
    }
    let engine = engine(&source, &file, &ir, &world)?;
    Ok((Loaded { engine, world }, warnings))
}

/// The engine for the schema's own text, every object type answered by the
/// mock's interpreter (see `resolve`).
fn engine(
    source: &str,
    file: &str,
    ir: &weftql_codegen::ir::Schema,
    world: &Arc<World>,
) -> Result<Engine, weftql_runtime::engine::BuildError> {
    let mut builder = Engine::build(source, file).keep_first_duplicate_fields();
    for def in &ir.types {
        builder = match &def.kind {
            TypeKind::Object(_) => {
                let owner = world
                    .model
                    .find(&def.name)
                    .expect("every object type is in the model");
                let object = MockObject {
                    world: world.clone(),
                    owner,
                };
                builder.object(&def.name, object)
            }
            TypeKind::Interface(_) | TypeKind::Union(_) => {
                builder.abstract_type(&def.name, Concrete)
            }
            _ => builder,
        };
    }
    builder.finish()
}

impl Shared {
    fn current(&self) -> Arc<Loaded> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn reload(&self) {
        let file = self.options.schema.display();
        match load(&self.options, &self.store) {
            Ok((served, warnings)) => {
                let engine = served.engine.clone();
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(served);
                eprint!("{}", warnings.unwrap_or_default());
                eprintln!("mock: reloaded {file}");
                if let Some(trusted) = &self.trusted
                    && let Err(error) = trusted.reload(&engine, &self.limits)
                {
                    eprintln!(
                        "mock: trusted documents not reloaded ({error}); the last good ones still serve, each checked by its text"
                    );
                }
            }
            Err(error) => {
                eprintln!("{error}");
                eprintln!("mock: {file} not reloaded; still serving the last good schema");
            }
        }
    }

    /// The request with the scenario its `X-Mock-Scenario` header asks for.
    fn prepare(&self, origin: &Origin<'_>, ctx: &mut RequestData) {
        if let Some(header) = origin.header(scenario::HEADER) {
            ctx.insert(Scenario::parse(header, &self.current().world.model));
        }
    }
}

/// Watches the directories of the schema and overrides files, and reloads
/// when either file changes. Watching stops when the watcher is dropped.
fn watch(shared: Arc<Shared>) -> Result<RecommendedWatcher, notify::Error> {
    let files: Vec<PathBuf> = [
        Some(&shared.options.schema),
        shared.options.overrides.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|file| {
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(dir.canonicalize().ok()?.join(file.file_name()?))
    })
    .collect();
    let (changes, mut changed) = tokio::sync::mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading the file is an event too: only writes, creations and removals count.
        if let Ok(event) = event
            && matches!(
                event.kind,
                EventKind::Create(_)
                    | EventKind::Modify(
                        ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                    )
                    | EventKind::Remove(_)
            )
        {
            let _ = changes.send(event.paths);
        }
    })?;
    for file in &files {
        if let Some(dir) = file.parent() {
            watcher.watch(dir, RecursiveMode::NonRecursive)?;
        }
    }
    tokio::spawn(async move {
        while let Some(paths) = changed.recv().await {
            if !paths.iter().any(|p| files.contains(p)) {
                continue;
            }
            // Let the editor finish writing, and take its burst of events as one.
            tokio::time::sleep(Duration::from_millis(50)).await;
            while changed.try_recv().is_ok() {}
            shared.reload();
        }
    });
    Ok(watcher)
}

/// The GraphQL endpoint's executor: the current schema, and scenarios.
struct Graphql(Arc<Shared>);

impl Executor for Graphql {
    fn engine(&self) -> Engine {
        self.0.current().engine.clone()
    }

    fn limits(&self) -> &Limits {
        &self.0.limits
    }

    fn prepare(&self, origin: &Origin<'_>, ctx: &mut RequestData) {
        self.0.prepare(origin, ctx)
    }

    fn trusted_documents(&self) -> Option<&TrustedDocuments> {
        self.0.trusted.as_ref()
    }
}
