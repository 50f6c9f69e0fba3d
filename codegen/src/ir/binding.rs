//! How each object field gets its value. A type bound in `codegen.toml` to a
//! Rust struct is read with syn: a field whose column has a compatible type
//! and nullability resolves by itself; every other field becomes a trait
//! method whose doc says why. Unbound types get a generated struct.

use std::path::Path;

use super::*;
use crate::config::TypeBinding;

pub fn bind(
    schema: &mut Schema,
    config: &Config,
    crate_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for name in config.types.keys() {
        let Some(def) = schema.get(name) else {
            diagnostics.push(config_error(
                format!("[types.{name}] names a type the schema does not define"),
                Span::default(),
            ));
            continue;
        };
        let wrong = if !matches!(def.kind, TypeKind::Object(_)) {
            let kind = def.kind_name();
            format!(
                "[types.{name}] binds {} {kind}; only object types can be bound",
                article(kind)
            )
        } else if schema.is_root(name) {
            format!(
                "[types.{name}] binds a root operation type; its fields are always trait methods"
            )
        } else {
            continue;
        };
        diagnostics.push(config_error(wrong, def.span).at(name));
    }
    for (name, scalar) in &config.scalars {
        if syn::parse_str::<syn::Type>(scalar).is_err() {
            diagnostics.push(config_error(
                format!("[scalars] {name} = {scalar:?} is not a Rust type"),
                Span::default(),
            ));
        }
    }
    let snapshot = schema.clone();
    for def in &mut schema.types {
        let TypeKind::Object(object) = &mut def.kind else {
            continue;
        };
        let binding = config.types.get(&def.name).cloned().unwrap_or_default();
        let lists = [
            ("resolvers", &binding.resolvers),
            ("single", &binding.single),
        ];
        for (list, names) in lists {
            for listed in names {
                if !object.fields.iter().any(|f| &f.name == listed) {
                    let message = format!(
                        "[types.{}] {list} lists `{listed}`, which is not a field of `{}`",
                        def.name, def.name
                    );
                    diagnostics.push(config_error(message, def.span).at(&def.name));
                }
            }
        }
        if snapshot.is_root(&def.name) {
            object.backing = Backing::Root;
            continue;
        }
        let columns = match &binding.model {
            Some(path) => match read_struct(&binding, crate_root) {
                Ok(columns) => {
                    object.backing = Backing::Bound { path: path.clone() };
                    Some(columns)
                }
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::error(
                            format!("`{}` is bound to `{path}`, but {message}", def.name),
                            def.span,
                        )
                        .label("bound in codegen.toml")
                        .at(&def.name),
                    );
                    continue;
                }
            },
            None => None,
        };
        for field in &mut object.fields {
            field.resolution = resolve(
                &snapshot,
                &def.name,
                field,
                &binding,
                columns.as_deref(),
                diagnostics,
            );
        }
    }
}

/// How `field` of `owner` resolves; a column that exists but cannot hold
/// the field's type is also a warning, since the field then quietly
/// becomes a method.
fn resolve(
    schema: &Schema,
    owner: &str,
    field: &Field,
    binding: &TypeBinding,
    columns: Option<&[(String, Shape)]>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Resolution {
    let coordinate = format!("{owner}.{}", field.name);
    // Relations take every parent of a level at once, unless listed `single`.
    let batch = !binding.single.contains(&field.name)
        && schema
            .get(field.ty.base())
            .is_some_and(|def| !matches!(def.kind, TypeKind::Scalar(_) | TypeKind::Enum(_)));
    let method = |why: String| Resolution::Method {
        why: Some(why),
        batch,
    };
    if binding.resolvers.contains(&field.name) {
        return method(format!(
            "`{coordinate}` is listed in `resolvers` in codegen.toml."
        ));
    }
    if !field.args.is_empty() {
        return method(format!("`{coordinate}` takes arguments."));
    }
    let Some(columns) = columns else {
        return Resolution::StructField;
    };
    let base = field.ty.base();
    if let Some(def) = schema.get(base)
        && !matches!(def.kind, TypeKind::Scalar(_))
    {
        let kind = def.kind_name();
        return method(format!(
            "its type `{base}` is {} {kind}, which no column holds.",
            article(kind)
        ));
    }
    let column = field.rust_name.trim_start_matches("r#").to_string();
    let struct_name = binding.struct_name().unwrap_or("the struct");
    let Some((_, shape)) = columns.iter().find(|(name, _)| *name == column) else {
        return method(format!("`{struct_name}` has no column `{column}`."));
    };
    if compatible(schema, &field.ty, shape) {
        Resolution::Column {
            column: field.rust_name.clone(),
        }
    } else {
        diagnostics.push(
            Diagnostic::warning(
                format!(
                    "the column `{column}` of `{}` is `{shape}`, which does not hold `{}`: `{coordinate}` is a method to implement",
                    binding.model.as_deref().unwrap_or(struct_name),
                    field.ty
                ),
                field.span,
            )
            .label("not resolved from its column")
            .at(&coordinate)
            .help(format!(
                "a column of `{}` would resolve it by itself; or list `{}` in `resolvers` of [types.{owner}] to make it a method on purpose",
                holding(schema, &field.ty),
                field.name
            )),
        );
        method(format!(
            "the column `{column}` is `{shape}`, which does not hold `{}`.",
            field.ty
        ))
    }
}

/// A Rust type a column would need to hold `ty`.
fn holding(schema: &Schema, ty: &TypeRef) -> String {
    let value = |ty: &TypeRef| match ty {
        TypeRef::List(item) => format!("Vec<{}>", holding(schema, item)),
        TypeRef::Named(name) => match name.as_str() {
            "Int" => "i32".to_owned(),
            "Float" => "f64".to_owned(),
            "Boolean" => "bool".to_owned(),
            "String" | "ID" => "String".to_owned(),
            custom => match schema.get(custom).map(|d| &d.kind) {
                Some(TypeKind::Scalar(scalar)) => scalar.rust_type.clone(),
                _ => custom.to_owned(),
            },
        },
        TypeRef::NonNull(inner) => holding(schema, inner),
    };
    match ty {
        TypeRef::NonNull(inner) => value(inner),
        ty => format!("Option<{}>", value(ty)),
    }
}

/// An error in `codegen.toml`, shown at the schema type it concerns (if any).
fn config_error(message: String, span: Span) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("codegen.toml: {message}"), span);
    if span.line > 0 {
        diagnostic.label("bound in codegen.toml")
    } else {
        diagnostic
    }
}

/// A Rust field type as far as compatibility cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Option(Box<Shape>),
    Vec(Box<Shape>),
    /// Last path segment with normalized generic arguments, e.g. `DateTime<Utc>`.
    Leaf(String),
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shape::Option(inner) => write!(f, "Option<{inner}>"),
            Shape::Vec(inner) => write!(f, "Vec<{inner}>"),
            Shape::Leaf(leaf) => f.write_str(leaf),
        }
    }
}

pub fn shape(ty: &syn::Type) -> Shape {
    let syn::Type::Path(path) = ty else {
        return Shape::Leaf(
            quote::ToTokens::to_token_stream(ty)
                .to_string()
                .replace(' ', ""),
        );
    };
    let Some(last) = path.path.segments.last() else {
        return Shape::Leaf(String::new());
    };
    let args: Vec<Shape> = match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(t) => Some(shape(t)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let ident = last.ident.to_string();
    match (ident.as_str(), args.as_slice()) {
        ("Option", [inner]) => Shape::Option(Box::new(inner.clone())),
        ("Vec", [inner]) => Shape::Vec(Box::new(inner.clone())),
        (_, []) => Shape::Leaf(alias(&ident).to_string()),
        (_, args) => {
            let args: Vec<String> = args.iter().map(ToString::to_string).collect();
            Shape::Leaf(format!("{ident}<{}>", args.join(", ")))
        }
    }
}

/// sea-orm's prelude aliases, spelled as the types they stand for.
fn alias(ident: &str) -> &str {
    match ident {
        "DateTimeUtc" => "DateTime<Utc>",
        "DateTimeWithTimeZone" => "DateTime<FixedOffset>",
        "DateTime" => "NaiveDateTime",
        "Date" => "NaiveDate",
        "Json" => "Value",
        other => other,
    }
}

fn compatible(schema: &Schema, ty: &TypeRef, shape: &Shape) -> bool {
    match (ty, shape) {
        (TypeRef::NonNull(_), Shape::Option(_)) => false,
        (TypeRef::NonNull(inner), shape) => compatible_value(schema, inner, shape),
        (ty, Shape::Option(inner)) => compatible_value(schema, ty, inner),
        (ty, shape) => compatible_value(schema, ty, shape),
    }
}

/// `ty` without its outer non-null against a shape without its outer `Option`.
fn compatible_value(schema: &Schema, ty: &TypeRef, shape: &Shape) -> bool {
    match (ty, shape) {
        (TypeRef::List(item), Shape::Vec(inner)) => compatible(schema, item, inner),
        (TypeRef::Named(name), Shape::Leaf(leaf)) => scalar_accepts(schema, name, leaf),
        _ => false,
    }
}

fn scalar_accepts(schema: &Schema, scalar: &str, leaf: &str) -> bool {
    match scalar {
        "Int" => matches!(leaf, "i32" | "i16" | "i8" | "u16" | "u8"),
        "Float" => matches!(leaf, "f64" | "f32"),
        "String" => leaf == "String",
        "Boolean" => leaf == "bool",
        // The types `support::IdField` serves.
        "ID" => matches!(leaf, "String" | "ID" | "i32" | "i64" | "u32" | "u64"),
        _ => match schema.get(scalar).map(|d| &d.kind) {
            Some(TypeKind::Scalar(s)) => syn::parse_str::<syn::Type>(&s.rust_type)
                .is_ok_and(|t| shape(&t) == Shape::Leaf(leaf.to_string())),
            _ => false,
        },
    }
}

/// The named fields of the bound struct, as (column, shape).
fn read_struct(binding: &TypeBinding, crate_root: &Path) -> Result<Vec<(String, Shape)>, String> {
    let name = binding.struct_name().unwrap_or_default();
    let file = binding.source_file(crate_root).ok_or_else(|| {
        "its source file cannot be derived from the path; set `source` in codegen.toml".to_string()
    })?;
    // Named relative to the crate root, as codegen.toml names it.
    let shown = file.strip_prefix(crate_root).unwrap_or(&file).display();
    let text = std::fs::read_to_string(&file).map_err(|e| {
        // A module is `name.rs` or `name/mod.rs`: say both were tried, and
        // from where.
        let flat = file
            .parent()
            .filter(|_| file.ends_with("mod.rs"))
            .map(|dir| dir.with_extension("rs"));
        let root = crate_root.display();
        match flat {
            Some(flat) if binding.source.is_none() => format!(
                "neither `{}` nor `{shown}` can be read under the crate root `{root}` (--crate-root, else the directory of codegen.toml): {e}",
                flat.strip_prefix(crate_root).unwrap_or(&flat).display()
            ),
            _ => format!("`{shown}` cannot be read under the crate root `{root}`: {e}"),
        }
    })?;
    let parsed =
        syn::parse_file(&text).map_err(|e| format!("`{shown}` does not parse as Rust: {e}"))?;
    let item = find_struct(&parsed.items, name)
        .ok_or_else(|| format!("`{shown}` defines no struct `{name}`"))?;
    match &item.fields {
        syn::Fields::Named(named) => Ok(named
            .named
            .iter()
            .filter_map(|f| {
                Some((
                    f.ident
                        .as_ref()?
                        .to_string()
                        .trim_start_matches("r#")
                        .to_string(),
                    shape(&f.ty),
                ))
            })
            .collect()),
        _ => Err(format!(
            "the struct `{name}` in `{shown}` has no named fields"
        )),
    }
}

fn find_struct<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a syn::ItemStruct> {
    items.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => Some(s),
        syn::Item::Mod(m) => m
            .content
            .as_ref()
            .and_then(|(_, items)| find_struct(items, name)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_normalize_paths_and_aliases() {
        let ty: syn::Type = syn::parse_str("Option<::chrono::DateTime<chrono::Utc>>").unwrap();
        assert_eq!(shape(&ty).to_string(), "Option<DateTime<Utc>>");
        let ty: syn::Type = syn::parse_str("DateTimeUtc").unwrap();
        assert_eq!(shape(&ty).to_string(), "DateTime<Utc>");
    }
}
