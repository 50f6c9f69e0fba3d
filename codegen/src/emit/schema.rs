//! The schema as a whole: the `ResolverResult` alias, the `Resolvers` trait
//! that gathers every resolver trait, and `build_schema`, which registers
//! every type with async-graphql's dynamic schema; the prelude of `use`
//! lines.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{IMPORTED, ident, rust_path, shadowed};
use super::{enums, input, interface, object, scalar, union};
use crate::ir::{Schema, TypeDef, TypeKind};

/// The `use` lines every item below relies on, and `ResolverResult`.
pub fn prelude(schema: &Schema) -> TokenStream {
    let error = rust_path(&schema.error_type);
    let imported = IMPORTED
        .iter()
        .filter(|name| !shadowed(schema, name))
        .map(|name| format_ident!("{name}"));
    quote! {
        pub use ::weftql_runtime::async_graphql::{self, #(#imported),*};
        use ::weftql_runtime::support;

        /// What every resolver method returns. The error type is set by
        /// `error` in codegen.toml and must implement `async_graphql::ErrorExtensions`.
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

/// `build_schema`, which registers every type through the glue module of
/// the chunk it was emitted in (`chunk_size` types per chunk).
pub fn build_schema(schema: &Schema, chunk_size: usize) -> TokenStream {
    let query = &schema.query;
    let optional = |name: &Option<String>| match name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let mutation = optional(&schema.mutation);
    let subscription = optional(&schema.subscription);
    let registrations = schema.types.iter().enumerate().map(|(i, def)| {
        let glue = format_ident!("glue_{}", i / chunk_size);
        let name = ident(&def.rust_name);
        let generic = matches!(&def.kind, TypeKind::Object(o) if object::has_methods(o));
        let args = generic.then(|| quote!(::<R>));
        quote!(builder = builder.register(#glue::#name #args());)
    });
    quote! {
        /// Builds the executable schema from one implementation of every
        /// resolver trait. Add data, limits and extensions to the returned
        /// builder, then call `finish()`.
        pub fn build_schema<R: Resolvers>(resolvers: R) -> async_graphql::dynamic::SchemaBuilder {
            let mut builder = async_graphql::dynamic::Schema::build(#query, #mutation, #subscription)
                .data(support::Registered(resolvers));
            #(#registrations)*
            builder
        }
    }
}

/// `mod glue_<chunk>`: one function per type of the chunk, registering it
/// with the dynamic schema.
pub fn glue_module(schema: &Schema, chunk: usize, defs: &[TypeDef]) -> TokenStream {
    let module = format_ident!("glue_{chunk}");
    let functions = defs.iter().map(|def| {
        let name = ident(&def.rust_name);
        let (ty, body, generic) = match &def.kind {
            TypeKind::Object(o) => {
                let ty = if schema.subscription.as_deref() == Some(def.name.as_str()) {
                    quote!(Subscription)
                } else {
                    quote!(Object)
                };
                (ty, object::register(schema, def, o), object::has_methods(o))
            }
            TypeKind::Interface(i) => (quote!(Interface), interface::register(def, i), false),
            TypeKind::Union(u) => (quote!(Union), union::register(def, u), false),
            TypeKind::Enum(e) => (quote!(Enum), enums::register(def, e), false),
            TypeKind::InputObject(i) => (quote!(InputObject), input::register(def, i), false),
            TypeKind::Scalar(s) => (quote!(Scalar), scalar::register(def, s), false),
        };
        let params = generic.then(|| quote!(<R: Resolvers>));
        quote! {
            pub(super) fn #name #params() -> async_graphql::dynamic::#ty {
                #body
            }
        }
    });
    quote! {
        /// Registration of the types defined above with the dynamic schema.
        mod #module {
            #![allow(non_snake_case, deprecated, clippy::redundant_closure)]
            use super::*;
            #(#functions)*
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
