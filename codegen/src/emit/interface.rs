//! Interfaces: a Rust enum over the object types that implement them, and
//! the dynamic-schema registration of their fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{
    deprecation_call, description_call, directive_calls, input_value_builder, member_enum,
};
use crate::ir::{Interface, Schema, TypeDef};

pub fn definition(schema: &Schema, def: &TypeDef, interface: &Interface) -> TokenStream {
    member_enum(schema, def, &interface.members)
}

pub fn register(def: &TypeDef, interface: &Interface) -> TokenStream {
    let name = &def.name;
    let description = description_call(def.description.as_deref());
    let directives = directive_calls(&def.directives);
    let implements = interface.implements.iter().map(|i| {
        let i = &i.name;
        quote!(.implement(#i))
    });
    let fields = interface.fields.iter().map(|f| {
        let field = &f.name;
        let ty = f.ty.to_string();
        let description = description_call(f.description.as_deref());
        let deprecation = deprecation_call(f.deprecated.as_ref());
        let directives = directive_calls(&f.directives);
        let args = f.args.iter().map(|a| {
            let builder = input_value_builder(a);
            quote!(.argument(#builder))
        });
        quote! {
            .field(async_graphql::dynamic::InterfaceField::new(#field, support::type_ref(#ty))
                #description #deprecation #directives #(#args)*)
        }
    });
    quote! {
        async_graphql::dynamic::Interface::new(#name) #description #(#implements)* #directives #(#fields)*
    }
}
