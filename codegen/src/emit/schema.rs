//! The schema as a whole: the prelude of `use` lines, the `ResolverResult`
//! alias, the `Resolvers` trait that gathers every resolver trait, the
//! contract's text (`SDL`), and `build_schema`, which gives the engine one
//! implementation of every object type, interface and union.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::object;
use super::rust::{IMPORTED, ident, runtime_path, rust_path, shadowed};
use crate::ir::{Schema, TypeDef, TypeKind};

/// The `use` lines every item below relies on, and `ResolverResult`.
pub fn prelude(schema: &Schema) -> TokenStream {
    let error = rust_path(&schema.error_type);
    let imported = IMPORTED
        .iter()
        .filter(|name| !shadowed(schema, name))
        .map(|name| runtime_path(name));
    quote! {
        #(pub use #imported;)*
        use ::weftql_runtime::{engine, support};

        /// What every resolver method returns. The error type is set by
        /// `error` in codegen.toml and must implement `weftql_runtime::engine::IntoFieldError`.
        pub type ResolverResult<T> = ::std::result::Result<T, #error>;
    }
}

pub fn resolvers_trait(schema: &Schema) -> TokenStream {
    let traits: Vec<_> = schema
        .objects()
        .filter(|(_, o)| object::has_methods(o))
        .map(|(def, _)| object::trait_name(def))
        .collect();
    quote! {
        /// One implementation of every resolver trait: what `build_schema` serves.
        pub trait Resolvers: #(#traits +)* ::std::marker::Send + ::std::marker::Sync + 'static {}

        impl<T> Resolvers for T where T: #(#traits +)* ::std::marker::Send + ::std::marker::Sync + 'static {}
    }
}

/// `SDL`, the contract as written (a raw string, so it reads as the file
/// does), and `build_schema`, which registers an implementation of every
/// object type (from the engine module of the chunk it was emitted in,
/// `chunk_size` types per chunk), interface and union.
pub fn build_schema(
    schema: &Schema,
    source: &str,
    source_name: &str,
    chunk_size: usize,
) -> TokenStream {
    let sdl = raw_string(source);
    let keep_first = schema
        .keep_first_duplicate_fields
        .then(|| quote!(.keep_first_duplicate_fields()));
    let chunks: Vec<&[TypeDef]> = schema.types.chunks(chunk_size).collect();
    let registrations = schema.types.iter().enumerate().filter_map(|(i, def)| {
        let module = fields_module(&chunks, i / chunk_size);
        let graphql = &def.name;
        match &def.kind {
            TypeKind::Object(o) => {
                let name = object::object_struct(def);
                let value = if object::has_methods(o) {
                    quote!(#module::#name(resolvers.clone()))
                } else {
                    quote!(#module::#name)
                };
                Some(quote!(builder = builder.object(#graphql, #value);))
            }
            TypeKind::Interface(_) | TypeKind::Union(_) => {
                let name = ident(&def.rust_name);
                Some(quote!(builder = builder.abstract_type(#graphql, support::Split::<#name>::default());))
            }
            _ => None,
        }
    });
    quote! {
        /// The contract this code was generated from, as the engine reads it.
        pub const SDL: &str = #sdl;

        /// The engine for the contract, served by one implementation of every
        /// resolver trait. Set introspection, suggestions or the document
        /// cache on the returned builder, then call `finish()`.
        pub fn build_schema<R: Resolvers>(resolvers: R) -> ::weftql_runtime::engine::EngineBuilder {
            let resolvers = ::std::sync::Arc::new(resolvers);
            let mut builder = ::weftql_runtime::engine::Engine::build(SDL, #source_name) #keep_first;
            #(#registrations)*
            builder
        }
    }
}

/// `text` as a raw string literal, with enough `#` that it cannot end early.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
        .parse()
        .unwrap_or_else(|_| quote!(""))
}

/// The module of the object types of chunk `chunk`: `object_fields`, or
/// with several chunks, `object_fields_<first>_to_<last>` after the
/// chunk's first and last types.
fn fields_module(chunks: &[&[TypeDef]], chunk: usize) -> proc_macro2::Ident {
    let defs = chunks[chunk];
    if chunks.len() == 1 || defs.is_empty() {
        return format_ident!("object_fields");
    }
    let snake = |def: &TypeDef| def.rust_name.trim_start_matches("r#").to_snake_case();
    format_ident!(
        "object_fields_{}_to_{}",
        snake(&defs[0]),
        snake(&defs[defs.len() - 1])
    )
}

/// The module holding, for every object type of chunk `chunk`, how the
/// engine resolves each of its fields.
pub fn fields_module_items(schema: &Schema, chunks: &[&[TypeDef]], chunk: usize) -> TokenStream {
    let defs = chunks[chunk];
    let module = fields_module(chunks, chunk);
    let objects = defs.iter().filter_map(|def| match &def.kind {
        TypeKind::Object(o) => Some(object::object_impl(schema, def, o)),
        _ => None,
    });
    quote! {
        /// How the engine resolves each field of the object types above.
        mod #module {
            #![allow(non_camel_case_types, deprecated, clippy::redundant_closure)]
            use super::*;
            #(#objects)*
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bound_paths_parse() {
        let path = super::rust_path("crate::entities::link::Model").to_string();
        assert_eq!(path, "crate :: entities :: link :: Model");
    }
}
