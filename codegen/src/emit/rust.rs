//! Shared building blocks of the emitters: identifiers, Rust types for
//! GraphQL type references, doc attributes, and constant values as
//! `async_graphql::Value` expressions.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Backing, Deprecated, Schema, TypeKind, TypeRef, Value};

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Names of async-graphql the generated module imports (`use` lines of
/// its prelude) unless a type of the schema takes the name in Rust.
pub const IMPORTED: [&str; 2] = ["Context", "ID"];

/// `name` of async-graphql as the generated code writes it: bare when the
/// prelude imports it, by path when a schema type has the name.
pub fn runtime_name(schema: &Schema, name: &str) -> TokenStream {
    let id = Ident::new(name, Span::call_site());
    if shadowed(schema, name) {
        quote!(async_graphql::#id)
    } else {
        quote!(#id)
    }
}

/// Whether a type of the schema has `name` as its Rust name.
pub fn shadowed(schema: &Schema, name: &str) -> bool {
    schema.types.iter().any(|t| t.rust_name == name)
}

/// Whether values of `ty` are of a custom scalar, converted through serde
/// (the Rust type is the user's or a foreign crate's, so the runtime's
/// conversion traits cannot be implemented for it here).
pub fn is_custom_scalar(schema: &Schema, ty: &TypeRef) -> bool {
    let base = ty.base();
    !matches!(base, "Int" | "Float" | "String" | "Boolean" | "ID")
        && schema
            .get(base)
            .is_some_and(|def| matches!(def.kind, TypeKind::Scalar(_)))
}

/// `Context<'_>`, the type of every resolver method's `ctx`.
pub fn context_type(schema: &Schema) -> TokenStream {
    let context = runtime_name(schema, "Context");
    quote!(#context<'_>)
}

/// A Rust path or type written in `codegen.toml`; the IR checked that it parses.
pub fn rust_path(text: &str) -> TokenStream {
    syn::parse_str::<syn::Type>(text).map_or_else(|_| quote!(()), |t| quote!(#t))
}

/// A Rust type from `codegen.toml` written one way: no spaces, no leading
/// `::` on paths. Types spelled differently but equal (`::chrono::Utc`,
/// `chrono::Utc`) must get one set of trait impls, not two that conflict.
pub fn canonical(text: &str) -> String {
    let compact: String = rust_path(text)
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut text = format!(",{compact}");
    for open in ["<", ",", "(", "[", "&"] {
        text = text.replace(&format!("{open}::"), open);
    }
    text[1..].to_string()
}

/// The Rust type of a named GraphQL type.
pub fn named_type(schema: &Schema, name: &str) -> TokenStream {
    match name {
        "Int" => quote!(i32),
        "Float" => quote!(f64),
        "String" => quote!(::std::string::String),
        "Boolean" => quote!(bool),
        "ID" => runtime_name(schema, "ID"),
        _ => match schema.get(name) {
            Some(def) => match &def.kind {
                TypeKind::Scalar(s) => rust_path(&s.rust_type),
                TypeKind::Object(o) => match &o.backing {
                    Backing::Bound { path } => rust_path(path),
                    Backing::Generated | Backing::Root => {
                        let id = ident(&def.rust_name);
                        quote!(#id)
                    }
                },
                _ => {
                    let id = ident(&def.rust_name);
                    quote!(#id)
                }
            },
            None => quote!(()),
        },
    }
}

/// The Rust type for a value of GraphQL type `ty`: `T!` → `T`, `T` →
/// `Option<T>`, `[T]` → `Option<Vec<Option<T>>>`; `boxed` puts the named type
/// (outside any list) in a `Box`.
pub fn value_type(schema: &Schema, ty: &TypeRef, boxed: bool) -> TokenStream {
    match ty {
        TypeRef::NonNull(inner) => non_null_type(schema, inner, boxed),
        other => {
            let inner = non_null_type(schema, other, boxed);
            quote!(::std::option::Option<#inner>)
        }
    }
}

fn non_null_type(schema: &Schema, ty: &TypeRef, boxed: bool) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let named = named_type(schema, name);
            if boxed {
                quote!(::std::boxed::Box<#named>)
            } else {
                named
            }
        }
        TypeRef::List(item) => {
            let item = value_type(schema, item, false);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::NonNull(inner) => non_null_type(schema, inner, boxed),
    }
}

/// `#[doc]` attributes for a description, one per line.
/// A fence without a language opens a `text` block: rustdoc would otherwise
/// run the schema's examples as Rust doctests.
pub fn docs(description: Option<&str>) -> TokenStream {
    let Some(description) = description else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines = description.lines().map(|line| {
        let fence = line.trim_start().starts_with("```");
        let line = if fence && !in_fence && line.trim() == "```" {
            format!(" {line}text")
        } else {
            format!(" {line}")
        };
        in_fence ^= fence;
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#[deprecated]` carrying the schema's reason.
pub fn deprecated_attr(deprecated: Option<&Deprecated>) -> TokenStream {
    match deprecated {
        None => TokenStream::new(),
        Some(Deprecated {
            reason: Some(reason),
        }) => quote!(#[deprecated(note = #reason)]),
        Some(Deprecated { reason: None }) => quote!(#[deprecated]),
    }
}

/// `.description(…)` for the dynamic-schema builders.
pub fn description_call(description: Option<&str>) -> TokenStream {
    description.map_or_else(TokenStream::new, |d| quote!(.description(#d)))
}

/// `.deprecation(…)` for the dynamic-schema builders.
pub fn deprecation_call(deprecated: Option<&Deprecated>) -> TokenStream {
    match deprecated {
        None => TokenStream::new(),
        Some(Deprecated {
            reason: Some(reason),
        }) => quote!(.deprecation(::std::option::Option::Some(#reason))),
        Some(Deprecated { reason: None }) => quote!(.deprecation(::std::option::Option::None)),
    }
}

/// `.directive(…)` calls for applied directives the builders do not model
/// themselves (`@deprecated`, `@specifiedBy` and `@oneOf` have their own calls).
pub fn directive_calls(directives: &[crate::ir::AppliedDirective]) -> TokenStream {
    let calls = directives
        .iter()
        .filter(|d| !matches!(d.name.as_str(), "deprecated" | "specifiedBy" | "oneOf"))
        .map(|d| {
            let name = &d.name;
            let args = d.args.iter().map(|(arg, value)| {
                let value = const_value(value);
                quote!(.argument(#arg, #value))
            });
            quote!(.directive(async_graphql::dynamic::Directive::new(#name) #(#args)*))
        });
    quote!(#(#calls)*)
}

/// A constant GraphQL value as an `async_graphql::Value` expression.
pub fn const_value(value: &Value) -> TokenStream {
    match value {
        Value::Null | Value::Variable(_) => quote!(async_graphql::Value::Null),
        Value::Int(n) => {
            let n = n.as_i64().unwrap_or_default();
            quote!(async_graphql::Value::from(#n))
        }
        Value::Float(f) => quote!(async_graphql::Value::from(#f)),
        Value::String(s) => quote!(async_graphql::Value::from(#s)),
        Value::Boolean(b) => quote!(async_graphql::Value::from(#b)),
        Value::Enum(e) => quote!(async_graphql::Value::Enum(async_graphql::Name::new(#e))),
        Value::List(items) => {
            let items = items.iter().map(const_value);
            quote!(async_graphql::Value::List(::std::vec![#(#items),*]))
        }
        Value::Object(fields) => {
            let fields = fields.iter().map(|(k, v)| {
                let v = const_value(v);
                quote!((async_graphql::Name::new(#k), #v))
            });
            quote!(async_graphql::Value::Object(::std::iter::FromIterator::from_iter([#(#fields),*])))
        }
    }
}

/// `InputValue` builders for arguments or input fields.
pub fn input_value_builder(value: &crate::ir::InputValue) -> TokenStream {
    let name = &value.name;
    let ty = value.ty.to_string();
    let description = description_call(value.description.as_deref());
    let deprecation = deprecation_call(value.deprecated.as_ref());
    let directives = directive_calls(&value.directives);
    let default = value.default.as_ref().map(|v| {
        let v = const_value(v);
        quote!(.default_value(#v))
    });
    quote! {
        support::input(#name, #ty) #description #default #deprecation #directives
    }
}

/// The Rust enum standing for an interface or union: one variant per member
/// object type, holding that type's value.
pub fn member_enum(
    schema: &Schema,
    def: &crate::ir::TypeDef,
    members: &[crate::ir::Member],
) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = docs(def.description.as_deref());
    let variants = members.iter().map(|m| {
        let variant = ident(&crate::ir::type_name_of(schema, &m.name));
        let ty = value_type(
            schema,
            &TypeRef::NonNull(Box::new(TypeRef::Named(m.name.clone()))),
            m.boxed,
        );
        quote!(#variant(#ty))
    });
    let arms = |method: TokenStream| {
        let arms = members.iter().map(|m| {
            let variant = ident(&crate::ir::type_name_of(schema, &m.name));
            let graphql = &m.name;
            quote!(Self::#variant(value) => #method(value).with_type(#graphql))
        });
        quote!(#(#arms,)*)
    };
    let into_arms = arms(quote!(support::IntoField::into_field));
    let as_arms = arms(quote!(support::AsField::as_field));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub enum #name { #(#variants),* }

        impl support::IntoField for #name {
            fn into_field(self) -> async_graphql::dynamic::FieldValue<'static> {
                match self { #into_arms }
            }
        }

        impl support::AsField for #name {
            fn as_field(&self) -> async_graphql::dynamic::FieldValue<'_> {
                match self { #as_arms }
            }
        }
    }
}
