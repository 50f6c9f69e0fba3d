//! The executable schema: the contract (the SDL, parsed and validated by
//! apollo-compiler, which knows covariant interface fields, directive
//! definitions and every other part of the spec) and one implementation
//! per object type, interface and union. Built once; shared by every
//! request.

use apollo_compiler::collections::HashMap as FastMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use apollo_compiler::response::GraphQLError;
use apollo_compiler::schema::{ExtendedType, Implementers};
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Schema};
use opentelemetry_sdk::trace::SdkTracer;

use super::answer::{Answer, Request};
use super::context::RequestData;
use super::documents::{Documents, Parsed, Prepared};
use super::object::{Abstract, Object};

/// Serves queries and mutations on one schema. Cheap to clone.
#[derive(Clone)]
pub struct Engine(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    /// No other engine of the process has it.
    pub(crate) id: u64,
    pub(crate) schema: Valid<Schema>,
    pub(crate) implementers: FastMap<Name, Implementers>,
    pub(crate) objects: FastMap<Name, Implementation>,
    pub(crate) abstracts: FastMap<Name, Box<dyn Abstract>>,
    pub(crate) documents: Documents,
    pub(crate) introspection: bool,
}

pub(crate) struct Implementation {
    pub(crate) object: Box<dyn Object>,
    pub(crate) fields: FastMap<String, usize>,
}

/// Why a schema cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the schema is invalid:\n{0}")]
    InvalidSchema(String),
    #[error("`{0}` is not an object type of the schema")]
    NotAnObject(String),
    #[error("`{0}` is not an interface or union of the schema")]
    NotAbstract(String),
    #[error("the implementation of `{type_name}` resolves `{field}`, which the type does not have")]
    UnknownField { type_name: String, field: String },
    #[error("the implementation of `{type_name}` does not resolve `{fields}`")]
    Unresolved { type_name: String, fields: String },
    #[error("no implementation of {0}")]
    Unimplemented(String),
}

/// Collects the implementations, then checks them against the schema.
pub struct EngineBuilder {
    sdl: String,
    source_name: String,
    objects: Vec<(String, Box<dyn Object>)>,
    abstracts: Vec<(String, Box<dyn Abstract>)>,
    introspection: bool,
    suggestions: bool,
    documents: usize,
    keep_first_duplicate_fields: bool,
}

impl Engine {
    /// An engine for the schema written in `sdl` (`source_name` names it in
    /// diagnostics).
    pub fn build(sdl: impl Into<String>, source_name: impl Into<String>) -> EngineBuilder {
        EngineBuilder {
            sdl: sdl.into(),
            source_name: source_name.into(),
            objects: Vec::new(),
            abstracts: Vec::new(),
            introspection: true,
            suggestions: true,
            documents: 1024,
            keep_first_duplicate_fields: false,
        }
    }

    /// A number no other engine built by this process has, for caches
    /// outside the engine to key by.
    pub fn id(&self) -> u64 {
        self.0.id
    }

    /// Runs one query or mutation.
    pub async fn execute(&self, request: &Request, ctx: &RequestData) -> Answer {
        super::execute::execute(&self.0, request, ctx, None).await
    }

    /// [`Engine::execute`], with a span per field per level made by
    /// `tracer`, if given, beneath the current context.
    pub(crate) async fn execute_traced(
        &self,
        request: &Request,
        ctx: &RequestData,
        tracer: Option<&SdkTracer>,
    ) -> Answer {
        super::execute::execute(&self.0, request, ctx, tracer).await
    }

    /// Every answer of `request`: one per event of a subscription, the one
    /// answer of a query or mutation.
    pub fn subscribe(
        &self,
        request: Request,
        ctx: RequestData,
    ) -> futures_util::stream::BoxStream<'static, Answer> {
        super::subscribe::subscribe(self.0.clone(), request, ctx)
    }

    /// The document `request` runs, parsed and validated once per text
    /// (the guard measures it; the execution that follows finds it cached).
    pub(crate) fn document(&self, request: &Request) -> Arc<Parsed> {
        self.0.documents.of(self.0.id, &self.0.schema, request)
    }

    /// `query` parsed and validated now, to run later without the
    /// engine's cache ([`Request::prepared`]), or the errors a request of
    /// it would get.
    pub fn prepare(&self, query: &str) -> Result<Prepared, Vec<GraphQLError>> {
        let prepared = self.0.documents.prepare(self.0.id, &self.0.schema, query);
        match prepared.parsed.as_ref() {
            Ok(_) => Ok(prepared),
            Err(invalid) => Err(invalid.errors.clone()),
        }
    }

    /// How many documents are parsed and validated, ready to run again.
    pub fn cached_documents(&self) -> usize {
        self.0.documents.len()
    }

    /// The contract as apollo-compiler holds it.
    pub fn schema(&self) -> &Valid<Schema> {
        &self.0.schema
    }
}

impl EngineBuilder {
    pub fn object(mut self, type_name: &str, object: impl Object) -> Self {
        self.objects.push((type_name.to_owned(), Box::new(object)));
        self
    }

    pub fn abstract_type(mut self, type_name: &str, split: impl Abstract) -> Self {
        self.abstracts.push((type_name.to_owned(), Box::new(split)));
        self
    }

    /// Whether `__schema` and `__type` may be queried (on by default).
    pub fn introspection(mut self, enabled: bool) -> Self {
        self.introspection = enabled;
        self
    }

    /// Whether validation errors suggest names ("Did you mean …?"; on by
    /// default).
    pub fn suggestions(mut self, enabled: bool) -> Self {
        self.suggestions = enabled;
        self
    }

    /// How many distinct documents stay parsed and validated (1,024 by
    /// default).
    pub fn document_cache(mut self, capacity: usize) -> Self {
        self.documents = capacity;
        self
    }

    /// Serves a type that defines a field twice with its first definition,
    /// as the generator does under `duplicate_fields = "warn"`, instead of
    /// refusing the schema.
    pub fn keep_first_duplicate_fields(mut self) -> Self {
        self.keep_first_duplicate_fields = true;
        self
    }

    /// The executable schema, or everything wrong with it at once.
    pub fn finish(self) -> Result<Engine, BuildError> {
        let schema = crate::validation::contract(
            &self.sdl,
            self.source_name,
            self.keep_first_duplicate_fields,
        )
        .map_err(|invalid| BuildError::InvalidSchema(invalid.errors.to_string()))?;
        let mut objects = FastMap::default();
        for (type_name, object) in self.objects {
            let Some(definition) = schema.get_object(&type_name) else {
                return Err(BuildError::NotAnObject(type_name));
            };
            let mut fields = FastMap::default();
            for (index, field) in object.fields().into_iter().enumerate() {
                if !definition.fields.contains_key(field.as_str()) {
                    return Err(BuildError::UnknownField { type_name, field });
                }
                fields.insert(field, index);
            }
            let unresolved: Vec<&str> = definition
                .fields
                .keys()
                .map(|name| name.as_str())
                .filter(|name| !fields.contains_key(*name))
                .collect();
            if !unresolved.is_empty() {
                return Err(BuildError::Unresolved {
                    type_name,
                    fields: unresolved.join("`, `"),
                });
            }
            objects.insert(definition.name.clone(), Implementation { object, fields });
        }
        let mut abstracts = FastMap::default();
        for (type_name, split) in self.abstracts {
            match schema.types.get_key_value(type_name.as_str()) {
                Some((name, ExtendedType::Interface(_) | ExtendedType::Union(_))) => {
                    abstracts.insert(name.clone(), split);
                }
                _ => return Err(BuildError::NotAbstract(type_name)),
            }
        }
        let missing: Vec<String> = schema
            .types
            .iter()
            .filter(|(_, ty)| !ty.is_built_in())
            .filter_map(|(name, ty)| {
                let implemented = match ty {
                    ExtendedType::Object(_) => objects.contains_key(name),
                    ExtendedType::Interface(_) | ExtendedType::Union(_) => {
                        abstracts.contains_key(name)
                    }
                    _ => true,
                };
                (!implemented).then(|| format!("`{name}`"))
            })
            .collect();
        if !missing.is_empty() {
            return Err(BuildError::Unimplemented(missing.join(", ")));
        }
        static BUILT: AtomicU64 = AtomicU64::new(0);
        Ok(Engine(Arc::new(Inner {
            id: BUILT.fetch_add(1, Ordering::Relaxed),
            implementers: schema.implementers_map(),
            schema,
            objects,
            abstracts,
            documents: Documents::new(self.documents, self.suggestions),
            introspection: self.introspection,
        })))
    }
}
