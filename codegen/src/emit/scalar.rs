//! Custom scalars: their dynamic-schema registration, and the conversions of
//! each distinct Rust type they map to, through serde
//! (`async_graphql::to_value` / `from_value`).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{canonical, description_call, directive_calls, rust_path};
use crate::ir::{Scalar, Schema, TypeDef, TypeKind};

/// Rust types the support module already converts, written as [`canonical`] writes them.
const SUPPORTED: [&str; 11] = [
    "i32",
    "i16",
    "i8",
    "u16",
    "u8",
    "f64",
    "f32",
    "bool",
    "String",
    "std::string::String",
    "async_graphql::ID",
];

pub fn register(def: &TypeDef, scalar: &Scalar) -> TokenStream {
    let name = &def.name;
    let description = description_call(def.description.as_deref());
    let directives = directive_calls(&def.directives);
    let specified_by = scalar
        .specified_by
        .as_ref()
        .map(|url| quote!(.specified_by_url(#url)));
    quote! {
        ::async_graphql::dynamic::Scalar::new(#name) #description #specified_by #directives
    }
}

/// Conversion impls, once per distinct Rust type among the custom scalars.
pub fn conversions(schema: &Schema) -> TokenStream {
    let types: BTreeMap<String, &str> = schema
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Scalar(s) => Some((canonical(&s.rust_type), s.rust_type.as_str())),
            _ => None,
        })
        .filter(|(key, _)| !SUPPORTED.contains(&key.as_str()))
        .collect();
    let impls = types.into_values().map(|ty| {
        let ty = rust_path(ty);
        quote! {
            impl support::FromValue for #ty {
                fn from_value(value: &::async_graphql::Value) -> ::std::result::Result<Self, ::std::string::String> {
                    ::async_graphql::from_value(value.clone()).map_err(|e| ::std::string::ToString::to_string(&e))
                }
            }
            impl support::IntoField for #ty {
                fn into_field(self) -> ::async_graphql::dynamic::FieldValue<'static> {
                    ::async_graphql::dynamic::FieldValue::value(
                        ::async_graphql::to_value(&self).unwrap_or(::async_graphql::Value::Null),
                    )
                }
            }
            impl support::AsField for #ty {
                fn as_field(&self) -> ::async_graphql::dynamic::FieldValue<'_> {
                    ::async_graphql::dynamic::FieldValue::value(
                        ::async_graphql::to_value(self).unwrap_or(::async_graphql::Value::Null),
                    )
                }
            }
        }
    });
    quote!(#(#impls)*)
}
