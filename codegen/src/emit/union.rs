//! Unions: a Rust enum over their member object types, and their
//! dynamic-schema registration.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{description_call, directive_calls, member_enum};
use crate::ir::{Schema, TypeDef, Union};

pub fn definition(schema: &Schema, def: &TypeDef, union: &Union) -> TokenStream {
    member_enum(schema, def, &union.members)
}

pub fn register(def: &TypeDef, union: &Union) -> TokenStream {
    let name = &def.name;
    let description = description_call(def.description.as_deref());
    let directives = directive_calls(&def.directives);
    let members = union.members.iter().map(|m| {
        let m = &m.name;
        quote!(.possible_type(#m))
    });
    quote! {
        async_graphql::dynamic::Union::new(#name) #description #directives #(#members)*
    }
}
