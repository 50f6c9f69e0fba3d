//! Unions: a Rust enum over their member object types, which the engine
//! splits by object type.

use proc_macro2::TokenStream;

use super::rust::member_enum;
use crate::ir::{Schema, TypeDef, Union};

pub fn definition(schema: &Schema, def: &TypeDef, union: &Union) -> TokenStream {
    member_enum(schema, def, &union.members)
}
