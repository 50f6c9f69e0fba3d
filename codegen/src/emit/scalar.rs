//! Custom scalars: their dynamic-schema registration. Their values convert
//! through serde (`support::scalar_*`), so the Rust type they map to needs
//! no impl here.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{description_call, directive_calls};
use crate::ir::{Scalar, TypeDef};

pub fn register(def: &TypeDef, scalar: &Scalar) -> TokenStream {
    let name = &def.name;
    let description = description_call(def.description.as_deref());
    let directives = directive_calls(&def.directives);
    let specified_by = scalar
        .specified_by
        .as_ref()
        .map(|url| quote!(.specified_by_url(#url)));
    quote! {
        async_graphql::dynamic::Scalar::new(#name) #description #specified_by #directives
    }
}
