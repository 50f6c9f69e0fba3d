//! GraphQL enums: a Rust enum with one variant per value, its conversions,
//! and its dynamic-schema registration.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{
    deprecated_attr, deprecation_call, description_call, directive_calls, docs, ident,
};
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
            fn from_value(value: &async_graphql::Value) -> ::std::result::Result<Self, ::std::string::String> {
                match support::enum_name(value, #graphql)? {
                    #(#from_name,)*
                    other => ::std::result::Result::Err(::std::format!("`{other}` is not a value of `{}`", #graphql)),
                }
            }
        }

        impl support::IntoField for #name {
            fn into_field(self) -> async_graphql::dynamic::FieldValue<'static> {
                support::enum_field(self.graphql_name())
            }
        }

        impl support::AsField for #name {
            fn as_field(&self) -> async_graphql::dynamic::FieldValue<'_> {
                support::enum_field(self.graphql_name())
            }
        }
    }
}

pub fn register(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = &def.name;
    let description = description_call(def.description.as_deref());
    let directives = directive_calls(&def.directives);
    let items = e.values.iter().map(|v| {
        let value = &v.name;
        let description = description_call(v.description.as_deref());
        let deprecation = deprecation_call(v.deprecated.as_ref());
        let directives = directive_calls(&v.directives);
        quote!(.item(async_graphql::dynamic::EnumItem::new(#value) #description #deprecation #directives))
    });
    quote! {
        async_graphql::dynamic::Enum::new(#name) #description #directives #(#items)*
    }
}
