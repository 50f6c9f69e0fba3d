//! Shared building blocks of the emitters: identifiers, Rust types for
//! GraphQL type references, doc attributes, the enums of interfaces and unions,
//! and the placements object-typed values take in the engine.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Backing, Deprecated, Schema, TypeKind, TypeRef};

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Names of the runtime the generated module imports (`use` lines of its
/// prelude) unless a type of the schema takes the name in Rust.
pub const IMPORTED: [&str; 2] = ["Context", "ID"];

/// Where each of [`IMPORTED`] lives.
pub fn runtime_path(name: &str) -> TokenStream {
    match name {
        "Context" => quote!(::weftql_runtime::engine::Context),
        _ => quote!(::weftql_runtime::ID),
    }
}

/// `name` of the runtime as the generated code writes it: bare when the
/// prelude imports it, by path when a schema type has the name.
pub fn runtime_name(schema: &Schema, name: &str) -> TokenStream {
    if shadowed(schema, name) {
        runtime_path(name)
    } else {
        let id = Ident::new(name, Span::call_site());
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

/// `Context<'_>`, the type of every resolver method's `ctx`: the engine's
/// `Context`, the request's values and a look-ahead at the field's
/// selection.
pub fn context_type(schema: &Schema) -> TokenStream {
    let name = runtime_name(schema, "Context");
    quote!(#name<'_>)
}

/// A Rust path or type written in `codegen.toml`; the IR checked that it parses.
pub fn rust_path(text: &str) -> TokenStream {
    syn::parse_str::<syn::Type>(text).map_or_else(|_| quote!(()), |t| quote!(#t))
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

/// `#[doc]` attributes for a description, one per line. A fence without a
/// language, and an indented code block, become `text` blocks: rustdoc
/// would otherwise run the schema's examples as Rust doctests.
pub fn docs(description: Option<&str>) -> TokenStream {
    let Some(description) = description else {
        return TokenStream::new();
    };
    let mut lines = Vec::new();
    let mut in_fence = false;
    // An indented code block (four spaces, after a blank line) is one to
    // rustdoc too: fenced as `text` so it is not compiled as a doctest.
    let mut in_indented = false;
    let mut previous_blank = true;
    for line in description.lines() {
        let blank = line.trim().is_empty();
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if !in_fence {
            if in_indented && !blank && !indented {
                lines.push(" ```".to_string());
                in_indented = false;
            } else if !in_indented && indented && !blank && previous_blank {
                lines.push(" ```text".to_string());
                in_indented = true;
            }
        }
        let fence = !in_indented && line.trim_start().starts_with("```");
        lines.push(if fence && !in_fence && line.trim() == "```" {
            format!(" {line}text")
        } else {
            format!(" {line}")
        });
        in_fence ^= fence;
        previous_blank = blank;
    }
    if in_indented {
        lines.push(" ```".to_string());
    }
    quote!(#(#[doc = #lines])*)
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
    let members_new = members.iter().enumerate().map(|(i, m)| {
        let member = quote::format_ident!("member_{i}");
        let graphql = &m.name;
        quote!(let mut #member = support::Member::new(#graphql);)
    });
    let arms = members.iter().enumerate().map(|(i, m)| {
        let member = quote::format_ident!("member_{i}");
        let variant = ident(&crate::ir::type_name_of(schema, &m.name));
        let value = if m.boxed {
            quote!(*value)
        } else {
            quote!(value)
        };
        quote!(Self::#variant(value) => #member.push(position, #value))
    });
    let finished = (0..members.len()).map(|i| {
        let member = quote::format_ident!("member_{i}");
        quote!(#member.finish())
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub enum #name { #(#variants),* }

        impl support::Members for #name {
            #[allow(unused_variables)]
            fn split(values: ::std::vec::Vec<Self>) -> ::std::vec::Vec<::weftql_runtime::engine::Part> {
                #(#members_new)*
                for (position, value) in values.into_iter().enumerate() {
                    match value { #(#arms,)* }
                }
                ::std::vec![#(#finished),*]
            }
        }
    }
}

/// The closure that places one parent's value of an object-typed field
/// (`value`, of the Rust type of `ty`) among the next level's items, as the
/// engine's `Placement`: lists as lists, `None` as null. `boxed` says the named
/// type (outside any list) is in a `Box`.
pub fn placement_closure(schema: &Schema, ty: &TypeRef, boxed: bool) -> TokenStream {
    let item = named_type(schema, ty.base());
    let value = value_type(schema, ty, boxed);
    let body = placement(ty, quote!(value), boxed);
    quote! {
        |items: &mut ::weftql_runtime::engine::Items<#item>, value: #value| #body
    }
}

fn placement(ty: &TypeRef, value: TokenStream, boxed: bool) -> TokenStream {
    match ty {
        TypeRef::NonNull(inner) => match inner.as_ref() {
            TypeRef::List(item) => {
                let item = placement(item, quote!(value), false);
                quote! {
                    ::weftql_runtime::engine::Placement::List(
                        #value.into_iter().map(|value| #item).collect()
                    )
                }
            }
            _ if boxed => quote!(items.item(*#value)),
            _ => quote!(items.item(#value)),
        },
        nullable => {
            let present = placement(
                &TypeRef::NonNull(Box::new(nullable.clone())),
                quote!(value),
                boxed,
            );
            quote! {
                match #value {
                    ::std::option::Option::Some(value) => #present,
                    ::std::option::Option::None => ::weftql_runtime::engine::Placement::Null,
                }
            }
        }
    }
}
