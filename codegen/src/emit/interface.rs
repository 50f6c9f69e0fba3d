//! Interfaces: a Rust enum over the object types that implement them, which
//! the engine splits by object type.

use proc_macro2::TokenStream;

use super::rust::member_enum;
use crate::ir::{Interface, Schema, TypeDef};

pub fn definition(schema: &Schema, def: &TypeDef, interface: &Interface) -> TokenStream {
    member_enum(schema, def, &interface.members)
}
