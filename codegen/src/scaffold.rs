//! `scaffold`: starter implementation files for resolver traits that have
//! none yet. A file that exists is never touched, whatever it holds:
//! regenerating must not rewrite hand-written code.

use std::path::{Path, PathBuf};

use heck::ToSnakeCase;

use crate::ir::{Schema, TypeKind};

/// What `scaffold` did with one trait.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written(PathBuf),
    Kept(PathBuf),
}

/// Writes `<dir>/<type>.rs` for each resolver trait without a file.
pub fn scaffold(
    schema: &Schema,
    dir: &Path,
    generated_module: &str,
) -> std::io::Result<Vec<Outcome>> {
    std::fs::create_dir_all(dir)?;
    let mut outcomes = Vec::new();
    for def in &schema.types {
        let TypeKind::Object(object) = &def.kind else {
            continue;
        };
        let methods: Vec<_> = object
            .fields
            .iter()
            .filter(|f| matches!(f.resolution, crate::ir::Resolution::Method { .. }))
            .collect();
        if methods.is_empty() {
            continue;
        }
        let path = dir.join(format!("{}.rs", def.name.to_snake_case()));
        if path.exists() {
            outcomes.push(Outcome::Kept(path));
            continue;
        }
        let mut text = format!(
            "//! Resolvers of `{name}`: the fields of `schema.graphql` that do not resolve by themselves.\n\n\
             use {generated_module}::{{self as api, ResolverResult}};\n\n\
             impl api::{trait_name}Resolvers for crate::Resolvers {{\n",
            name = def.name,
            trait_name = def.rust_name,
        );
        for field in methods {
            text.push_str(&format!(
                "    // `{}.{}: {}`: see the trait's documentation (`cargo doc`) for the signature.\n",
                def.name, field.name, field.ty
            ));
            text.push_str(&format!(
                "    // async fn {}(&self, ctx: &async_graphql::Context<'_>, …) -> ResolverResult<…> {{ todo!() }}\n",
                field.rust_name
            ));
        }
        text.push_str("}\n");
        std::fs::write(&path, text)?;
        outcomes.push(Outcome::Written(path));
    }
    Ok(outcomes)
}
