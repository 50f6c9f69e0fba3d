//! GraphQL enums: a Rust enum with one variant per value, read from
//! arguments and written as the value's name.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{deprecated_attr, docs, ident};
use crate::ir::{Enum, TypeDef};

pub fn definition(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.rust_name);
    let graphql = &def.name;
    let doc = docs(def.description.as_deref());
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = docs(v.description.as_deref());
        let deprecated = deprecated_attr(v.deprecated.as_ref());
        quote!(#doc #deprecated #variant)
    });
    let to_name = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.name;
        quote!(Self::#variant => #value)
    });
    let from_name = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.name;
        quote!(#value => ::std::result::Result::Ok(Self::#variant))
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name { #(#variants),* }

        #[allow(deprecated)]
        impl #name {
            /// The value's name in the schema.
            pub const fn graphql_name(self) -> &'static str {
                match self { #(#to_name),* }
            }
        }

        #[allow(deprecated)]
        impl support::FromValue for #name {
            fn from_value(value: &support::Value) -> ::std::result::Result<Self, support::InputError> {
                match support::enum_name(value, #graphql)? {
                    #(#from_name,)*
                    other => ::std::result::Result::Err(support::InputError(::std::format!("`{other}` is not a value of `{}`", #graphql))),
                }
            }
        }

        impl ::weftql_runtime::serde::Serialize for #name {
            fn serialize<S: ::weftql_runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.graphql_name())
            }
        }
    }
}
