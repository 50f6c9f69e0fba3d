//! Input objects: a struct (a Rust enum for `@oneOf`) that reads itself from
//! the engine's coerced value (defaults applied by the engine).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{deprecated_attr, docs, ident, is_custom_scalar, value_type};
use crate::ir::{InputObject, Schema, TypeDef, TypeRef};

pub fn definition(schema: &Schema, def: &TypeDef, input: &InputObject) -> TokenStream {
    if input.one_of {
        return one_of(schema, def, input);
    }
    let name = ident(&def.rust_name);
    let graphql = &def.name;
    let doc = docs(def.description.as_deref());
    let fields = input.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = value_type(schema, &f.ty, f.boxed);
        let doc = docs(f.description.as_deref());
        let deprecated = deprecated_attr(f.deprecated.as_ref());
        quote!(#doc #deprecated pub #field: #ty)
    });
    let reads = input.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let key = &f.name;
        let read = if is_custom_scalar(schema, &f.ty) {
            quote!(support::scalar_input_field)
        } else {
            quote!(support::input_field)
        };
        quote!(#field: #read(fields, #key)?)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name { #(#fields),* }

        #[allow(deprecated)]
        impl support::FromValue for #name {
            fn from_value(value: &support::Value) -> ::std::result::Result<Self, support::InputError> {
                let fields = support::input_object(value, #graphql)?;
                ::std::result::Result::Ok(Self { #(#reads),* })
            }
        }
    }
}

fn one_of(schema: &Schema, def: &TypeDef, input: &InputObject) -> TokenStream {
    let name = ident(&def.rust_name);
    let graphql = &def.name;
    let doc = docs(def.description.as_deref());
    let variants = input.fields.iter().map(|f| {
        let variant = ident(&f.rust_name);
        let bare = match &f.ty {
            TypeRef::NonNull(inner) => inner.as_ref().clone(),
            other => other.clone(),
        };
        let ty = value_type(schema, &TypeRef::NonNull(Box::new(bare)), f.boxed);
        let doc = docs(f.description.as_deref());
        let deprecated = deprecated_attr(f.deprecated.as_ref());
        quote!(#doc #deprecated #variant(#ty))
    });
    let reads = input.fields.iter().map(|f| {
        let variant = ident(&f.rust_name);
        let key = &f.name;
        let read = if is_custom_scalar(schema, &f.ty) {
            quote!(support::scalar_from_value)
        } else {
            quote!(support::FromValue::from_value)
        };
        quote!((#key, value) => #read(value).map(Self::#variant))
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants),* }

        #[allow(deprecated)]
        impl support::FromValue for #name {
            fn from_value(value: &support::Value) -> ::std::result::Result<Self, support::InputError> {
                match support::one_of(value, #graphql)? {
                    #(#reads,)*
                    (other, _) => ::std::result::Result::Err(support::InputError(::std::format!("`{}` has no field `{other}`", #graphql))),
                }
            }
        }
    }
}
