//! Starter implementations of the resolver traits, one file per trait: an
//! `impl` of the trait for the implementing struct whose every method has
//! the exact signature the trait declares and a `todo!()` body. Writing the
//! files (and never overwriting one) is `crate::scaffold`'s business.

use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use quote::quote;

use super::object::{
    MethodSignature, field_signature, has_methods, is_method, method_signature, trait_name,
};
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

/// A starter file for every resolver trait. `module` is the Rust path the
/// generated code is reached through, `implementor` the struct to implement
/// the traits for; an error says which of them is not a Rust path.
pub fn starter_files(
    schema: &Schema,
    module: &str,
    implementor: &str,
) -> Result<Vec<StarterFile>, String> {
    let module: syn::Path =
        syn::parse_str(module).map_err(|e| format!("`{module}` is not a Rust path: {e}"))?;
    let implementor: syn::Path = syn::parse_str(implementor)
        .map_err(|e| format!("`{implementor}` is not a Rust path: {e}"))?;
    let shadowed: Vec<&str> = schema.types.iter().map(|t| t.rust_name.as_str()).collect();
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
        let file: syn::File = syn::parse2(friendly_paths(tokens, &shadowed)).map_err(|e| {
            format!(
                "internal error: the starter file of `{}` does not parse: {e}",
                def.name
            )
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

/// Paths as a person writes them in a file they will edit: the prelude's
/// `Option` for `::std::option::Option` and its kin, unless the glob import
/// of the generated module brings a type of that name (`shadowed`), which
/// would take precedence.
fn friendly_paths(tokens: TokenStream, shadowed: &[&str]) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut at = 0;
    while at < trees.len() {
        if let Some(short) =
            prelude_path(&trees[at..]).filter(|s| !shadowed.contains(&s.to_string().as_str()))
        {
            out.push(TokenTree::Ident(short));
            at += PRELUDE_PATH_LEN;
            continue;
        }
        out.push(match &trees[at] {
            TokenTree::Group(group) => {
                let mut inner =
                    Group::new(group.delimiter(), friendly_paths(group.stream(), shadowed));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        at += 1;
    }
    out.into_iter().collect()
}

fn is_colon(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == ':')
}

/// `:: std :: module :: Name` is nine tokens.
const PRELUDE_PATH_LEN: usize = 9;

/// The prelude name the tokens start with, if they spell `::std::module::Name`.
fn prelude_path(trees: &[TokenTree]) -> Option<Ident> {
    let [c1, c2, std, c3, c4, module, c5, c6, TokenTree::Ident(name)] =
        trees.get(..PRELUDE_PATH_LEN)?
    else {
        return None;
    };
    let colons = [c1, c2, c3, c4, c5, c6].into_iter().all(is_colon);
    let known = matches!(
        (module.to_string().as_str(), name.to_string().as_str()),
        ("option", "Option") | ("vec", "Vec") | ("string", "String") | ("boxed", "Box")
    );
    (colons && std.to_string() == "std" && known).then(|| name.clone())
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
