//! Starter implementations of the resolver traits, one file per trait: an
//! `impl` of the trait for the implementing struct whose every method has
//! the exact signature the trait declares and a `todo!()` body. Writing the
//! files (and never overwriting one) is `crate::scaffold`'s business.

use quote::quote;

use super::object::{
    MethodSignature, field_signature, has_methods, is_method, method_signature, trait_name,
};
use super::paths::{Scope, shorten};
use super::rust::{context_type, ident};
use crate::ir::Schema;

/// The starter file of one resolver trait.
pub struct StarterFile {
    /// The file's name without `.rs`: its type's Rust name in snake case.
    pub file_stem: String,
    /// The module's name as a `mod` declaration writes it (`r#ref` for `ref.rs`).
    pub module: String,
    pub code: String,
}

/// Why no starter files could be written.
#[derive(Debug, thiserror::Error)]
pub enum StarterError {
    /// `--module` or `--implementor` is no Rust path.
    #[error("`{text}` is not a Rust path: {source}")]
    NotAPath { text: String, source: syn::Error },
    /// A starter file does not parse: a generator bug.
    #[error("internal error: the starter file of `{type_name}` does not parse: {source}")]
    Unparsable {
        type_name: String,
        source: syn::Error,
    },
}

/// A starter file for every resolver trait. `module` is the Rust path the
/// generated code is reached through, `implementor` the struct to implement
/// the traits for; an error says which of them is not a Rust path.
pub fn starter_files(
    schema: &Schema,
    module: &str,
    implementor: &str,
) -> Result<Vec<StarterFile>, StarterError> {
    let path = |text: &str| {
        syn::parse_str::<syn::Path>(text).map_err(|source| StarterError::NotAPath {
            text: text.to_owned(),
            source,
        })
    };
    let module = path(module)?;
    let implementor = path(implementor)?;
    let taken: Vec<&str> = schema.types.iter().map(|t| t.rust_name.as_str()).collect();
    let context = context_type(schema);
    let mut files = Vec::new();
    for (def, object) in schema.objects().filter(|(_, o)| has_methods(o)) {
        let trait_ident = trait_name(def);
        let heading = format!(
            " Resolvers of `{}`, started by `weftql-codegen scaffold`: replace each `todo!()`.",
            def.name
        );
        let methods = object.fields.iter().filter(|f| is_method(f)).map(|f| {
            let method = ident(&f.rust_name);
            let doc = format!(" `{}`", field_signature(&def.name, f));
            let coordinate = format!("{}.{}", def.name, f.name);
            let MethodSignature { params, output } = method_signature(schema, def, object, f);
            quote! {
                #[doc = #doc]
                async fn #method(&self, ctx: &#context, #params) -> ResolverResult<#output> {
                    todo!(#coordinate)
                }
            }
        });
        let tokens = quote! {
            #![doc = #heading]

            use #module::*;

            #[allow(unused_variables)]
            impl #module::#trait_ident for #implementor {
                #(#methods)*
            }
        };
        let scope = Scope {
            taken: &taken,
            engine: false,
        };
        let file: syn::File =
            syn::parse2(shorten(tokens, &scope)).map_err(|source| StarterError::Unparsable {
                type_name: def.name.clone(),
                source,
            })?;
        let module = crate::ir::names::member_name(def.rust_name.trim_start_matches("r#"));
        files.push(StarterFile {
            file_stem: module.trim_start_matches("r#").to_string(),
            module,
            code: spaced(&prettyplease::unparse(&file)),
        });
    }
    Ok(files)
}

/// prettyplease's output with a blank line between the items and methods,
/// as a person would space them.
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 64);
    let mut previous = "";
    for line in code.lines() {
        let item = line.starts_with("use ") || line.starts_with("#[");
        let method = line.starts_with("    /// ") && previous == "    }";
        if (item || method) && !previous.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
