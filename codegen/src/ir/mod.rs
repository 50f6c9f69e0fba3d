//! Pass 2: the typed intermediate representation. `lower` merges definitions
//! and extensions, `validate` runs every semantic check of the spec, `names`
//! assigns Rust names and rejects collisions, `binding` decides how each
//! object field resolves, `cycles` finds the struct fields that need a `Box`.
//! A `Schema` that leaves `build` without errors is what the emitters trust.

mod binding;
mod cycles;
mod lower;
pub(crate) mod names;
mod validate;
mod values;

use std::collections::HashMap;
use std::path::Path;

pub use graphql_parser::schema::DirectiveLocation;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parse::{Ast, Prepared};
use crate::source::Span;

/// A constant value (default values, directive arguments).
pub type Value = graphql_parser::query::Value<'static, String>;

#[derive(Debug, Clone)]
pub struct Schema {
    pub description: Option<String>,
    pub query: String,
    pub mutation: Option<String>,
    pub subscription: Option<String>,
    pub types: Vec<TypeDef>,
    pub directives: Vec<DirectiveDef>,
    /// Directives applied to `schema` and `extend schema`.
    pub schema_directives: Vec<AppliedDirective>,
    /// Where the query, mutation and subscription roots were named, if anywhere.
    pub root_spans: [Option<Span>; 3],
    /// The `schema` keyword of the first `schema` or `extend schema`, if any.
    pub schema_span: Option<Span>,
    /// The error type resolver methods return (a Rust path).
    pub error_type: String,
    /// A field defined twice keeps its first definition (`duplicate_fields =
    /// "warn"`), which the engine must be told too.
    pub keep_first_duplicate_fields: bool,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub span: Span,
    pub directives: Vec<AppliedDirective>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Scalar(Scalar),
    Object(Object),
    Interface(Interface),
    Union(Union),
    Enum(Enum),
    InputObject(InputObject),
}

#[derive(Debug, Clone)]
pub struct Scalar {
    pub specified_by: Option<String>,
    pub rust_type: String,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub implements: Vec<Named>,
    pub fields: Vec<Field>,
    pub backing: Backing,
    /// The Rust name of its resolver trait (`<RustName>Resolvers` unless taken).
    pub trait_name: String,
}

/// What Rust value stands for an object of this type at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backing {
    /// A hand-written struct named in `codegen.toml`.
    Bound { path: String },
    /// A struct the generator writes, holding the fields that resolve by themselves.
    Generated,
    /// A root operation type: a unit struct; every field is a trait method.
    Root,
}

#[derive(Debug, Clone)]
pub struct Interface {
    pub implements: Vec<Named>,
    pub fields: Vec<Field>,
    /// The object types that implement it, directly or through another interface.
    pub members: Vec<Member>,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub members: Vec<Member>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub span: Span,
    /// Held in a `Box` because the enum would otherwise contain itself.
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub span: Span,
    pub deprecated: Option<Deprecated>,
    pub directives: Vec<AppliedDirective>,
}

#[derive(Debug, Clone)]
pub struct InputObject {
    pub fields: Vec<InputValue>,
    pub one_of: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub span: Span,
    pub args: Vec<InputValue>,
    pub ty: TypeRef,
    pub deprecated: Option<Deprecated>,
    pub directives: Vec<AppliedDirective>,
    pub resolution: Resolution,
    /// For generated struct fields: held in a `Box` to break a cycle.
    pub boxed: bool,
    /// For a method with many arguments: the Rust name of the struct that
    /// holds them (see `names::ARGUMENTS_STRUCT_FROM`).
    pub args_struct: Option<String>,
}

/// How an object field gets its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A trait method; `why` says why it could not resolve by itself.
    /// A `batch` method receives every parent of a level at once.
    Method { why: Option<String>, batch: bool },
    /// A field of the generated struct.
    StructField,
    /// A column (field) of the bound struct, named as Rust code writes it
    /// (`r#type` for a keyword).
    Column { column: String },
}

#[derive(Debug, Clone)]
pub struct InputValue {
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub span: Span,
    pub ty: TypeRef,
    pub default: Option<Value>,
    pub deprecated: Option<Deprecated>,
    pub directives: Vec<AppliedDirective>,
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    Named(String),
    List(Box<TypeRef>),
    NonNull(Box<TypeRef>),
}

#[derive(Debug, Clone)]
pub struct AppliedDirective {
    pub name: String,
    pub span: Span,
    pub args: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub struct DirectiveDef {
    pub name: String,
    pub description: Option<String>,
    pub span: Span,
    pub args: Vec<InputValue>,
    pub repeatable: bool,
    pub locations: Vec<DirectiveLocation>,
}

pub const BUILTIN_SCALARS: [&str; 5] = ["Int", "Float", "String", "Boolean", "ID"];

impl TypeRef {
    /// The named type at the bottom of the wrappers.
    pub fn base(&self) -> &str {
        match self {
            TypeRef::Named(name) => name,
            TypeRef::List(inner) | TypeRef::NonNull(inner) => inner.base(),
        }
    }

    pub fn is_non_null(&self) -> bool {
        matches!(self, TypeRef::NonNull(_))
    }

    pub fn is_list(&self) -> bool {
        match self {
            TypeRef::List(_) => true,
            TypeRef::NonNull(inner) => inner.is_list(),
            TypeRef::Named(_) => false,
        }
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::List(inner) => write!(f, "[{inner}]"),
            TypeRef::NonNull(inner) => write!(f, "{inner}!"),
        }
    }
}

impl Schema {
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|&i| &self.types[i])
    }

    fn reindex(&mut self) {
        self.index = self
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
    }

    pub fn is_root(&self, name: &str) -> bool {
        self.query == name
            || self.mutation.as_deref() == Some(name)
            || self.subscription.as_deref() == Some(name)
    }

    pub fn objects(&self) -> impl Iterator<Item = (&TypeDef, &Object)> {
        self.types.iter().filter_map(|t| match &t.kind {
            TypeKind::Object(o) => Some((t, o)),
            _ => None,
        })
    }

    /// Whether values of `name` may appear in output (fields) or input
    /// (arguments, input fields) positions.
    pub fn is_output_type(&self, name: &str) -> bool {
        BUILTIN_SCALARS.contains(&name) || self.get(name).is_some_and(|t| !t.is_input_object())
    }

    pub fn is_input_type(&self, name: &str) -> bool {
        BUILTIN_SCALARS.contains(&name)
            || self.get(name).is_some_and(|t| {
                matches!(
                    t.kind,
                    TypeKind::Scalar(_) | TypeKind::Enum(_) | TypeKind::InputObject(_)
                )
            })
    }
}

impl TypeDef {
    pub fn is_input_object(&self) -> bool {
        matches!(self.kind, TypeKind::InputObject(_))
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            TypeKind::Scalar(_) => "scalar",
            TypeKind::Object(_) => "object type",
            TypeKind::Interface(_) => "interface",
            TypeKind::Union(_) => "union",
            TypeKind::Enum(_) => "enum",
            TypeKind::InputObject(_) => "input object",
        }
    }

    /// The fields of an object or interface.
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            TypeKind::Object(o) => &o.fields,
            TypeKind::Interface(i) => &i.fields,
            _ => &[],
        }
    }
}

/// Everything `build` produced: the schema when it has no errors, and every
/// diagnostic (warnings included) either way.
pub struct Built {
    pub schema: Option<Schema>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs every IR pass; `crate_root` is where bound structs' files are read from.
pub fn build(ast: Ast, prepared: &Prepared, config: &Config, crate_root: &Path) -> Built {
    let mut diagnostics = Vec::new();
    let mut schema = lower::lower(ast, prepared, config, &mut diagnostics);
    schema.reindex();
    validate::validate(&mut schema, &prepared.text, &mut diagnostics);
    names::assign(&mut schema, &config.names, &mut diagnostics);
    binding::bind(&mut schema, config, crate_root, &mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    if !failed {
        cycles::box_cycles(&mut schema);
    }
    Built {
        schema: (!failed).then_some(schema),
        diagnostics,
    }
}

/// The contract alone, lowered and validated, without Rust names or
/// bindings: what `diff` compares and client operations are checked against.
pub fn contract(ast: Ast, prepared: &Prepared, config: &Config) -> Built {
    let mut diagnostics = Vec::new();
    let mut schema = lower::lower(ast, prepared, config, &mut diagnostics);
    schema.reindex();
    validate::validate(&mut schema, &prepared.text, &mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Built {
        schema: (!failed).then_some(schema),
        diagnostics,
    }
}

/// "a" or "an" before a kind name.
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The Rust name of a defined type, or its GraphQL name if it has none.
pub fn type_name_of(schema: &Schema, name: &str) -> String {
    schema
        .get(name)
        .map_or_else(|| name.to_string(), |t| t.rust_name.clone())
}
