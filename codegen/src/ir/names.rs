//! Rust names for GraphQL names: `CamelCase` types and variants, `snake_case`
//! fields and arguments, raw identifiers for keywords. Two GraphQL names that
//! become one Rust name in the same scope are an error, since the generated
//! code could not tell them apart.

use std::collections::HashMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::*;

/// Strict and reserved keywords of edition 2024 that can be raw identifiers.
#[rustfmt::skip]
const KEYWORDS: [&str; 48] = [
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];
/// Keywords that cannot be raw identifiers, and names the generated code uses.
const UNRAWABLE: [&str; 5] = ["crate", "self", "super", "Self", "_"];

/// Names the generated module defines besides the schema's types; `R` is
/// the type parameter of `build_schema` and the glue, which a type would shadow.
pub const RESERVED_TYPE_NAMES: [&str; 4] = ["Resolvers", "ResolverResult", "support", "R"];

pub fn type_name(name: &str) -> String {
    escape(name.to_upper_camel_case(), 'T')
}

pub fn member_name(name: &str) -> String {
    escape(name.to_snake_case(), 'f')
}

fn escape(name: String, prefix: char) -> String {
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    };
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Records Rust names in one scope and reports the second GraphQL name to take one.
struct Scope<'a> {
    what: &'a str,
    /// Rust name to who took it, in prose; `None` for the generated code's own names.
    taken: HashMap<String, Option<String>>,
}

impl<'a> Scope<'a> {
    fn new(what: &'a str) -> Self {
        Scope {
            what,
            taken: HashMap::new(),
        }
    }

    /// Takes `rust` for `who` (e.g. "`fooBar`"); false, with an error, if it was taken.
    fn claim(
        &mut self,
        rust: &str,
        who: String,
        span: Span,
        coordinate: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        let what = self.what;
        let message = match self.taken.get(rust) {
            None => {
                self.taken.insert(rust.to_string(), Some(who));
                return true;
            }
            Some(Some(other)) => format!("{who} and {other} both become the Rust {what} `{rust}`"),
            Some(None) => {
                format!(
                    "{who} becomes the Rust {what} `{rust}`, which the generated code defines itself"
                )
            }
        };
        diagnostics.push(
            Diagnostic::error(message, span)
                .at(coordinate)
                .help("rename one of them in the schema"),
        );
        false
    }
}

pub fn assign(schema: &mut Schema, diagnostics: &mut Vec<Diagnostic>) {
    let mut types = Scope::new("type name");
    for reserved in RESERVED_TYPE_NAMES {
        types.taken.insert(reserved.to_string(), None);
    }
    for def in &mut schema.types {
        def.rust_name = type_name(&def.name);
        let own = types.claim(
            &def.rust_name.clone(),
            format!("`{}`", def.name),
            def.span,
            &def.name,
            diagnostics,
        );
        // A type whose own name collided has said so; its trait would only repeat it.
        if own && matches!(def.kind, TypeKind::Object(_)) {
            let rust = format!("{}Resolvers", def.rust_name);
            let who = format!("the resolver trait of `{}`", def.name);
            types.claim(&rust, who, def.span, &def.name, diagnostics);
        }
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Object(o) => fields(&owner, &mut o.fields, diagnostics),
            TypeKind::Interface(i) => fields(&owner, &mut i.fields, diagnostics),
            TypeKind::Enum(e) => {
                let mut scope = Scope::new("variant");
                for value in &mut e.values {
                    value.rust_name = type_name(&value.name);
                    let coordinate = format!("{owner}.{}", value.name);
                    let who = format!("`{}`", value.name);
                    scope.claim(&value.rust_name, who, value.span, &coordinate, diagnostics);
                }
            }
            TypeKind::InputObject(input) => {
                let one_of = input.one_of;
                let what = if one_of { "variant" } else { "field" };
                input_values(&owner, &mut input.fields, what, one_of, diagnostics);
            }
            TypeKind::Scalar(_) | TypeKind::Union(_) => {}
        }
    }
}

fn fields(owner: &str, fields: &mut [Field], diagnostics: &mut Vec<Diagnostic>) {
    let mut scope = Scope::new("method or field");
    for field in fields {
        field.rust_name = member_name(&field.name);
        let coordinate = format!("{owner}.{}", field.name);
        let who = format!("`{}`", field.name);
        scope.claim(&field.rust_name, who, field.span, &coordinate, diagnostics);
        let mut args = Scope::new("parameter");
        for arg in &mut field.args {
            arg.rust_name = member_name(&arg.name);
            if matches!(arg.rust_name.as_str(), "ctx" | "parent") {
                arg.rust_name.push('_');
            }
            let coordinate = format!("{coordinate}({}:)", arg.name);
            let who = format!("`{}`", arg.name);
            args.claim(&arg.rust_name, who, arg.span, &coordinate, diagnostics);
        }
    }
}

fn input_values(
    owner: &str,
    values: &mut [InputValue],
    what: &str,
    camel: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut scope = Scope::new(what);
    for value in values {
        value.rust_name = if camel {
            type_name(&value.name)
        } else {
            member_name(&value.name)
        };
        let coordinate = format!("{owner}.{}", value.name);
        let who = format!("`{}`", value.name);
        scope.claim(&value.rust_name, who, value.span, &coordinate, diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(member_name("type"), "r#type");
        assert_eq!(member_name("self"), "self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(member_name("postedBy"), "posted_by");
        assert_eq!(type_name("CWE"), "Cwe");
        assert_eq!(type_name("ACTIVE"), "Active");
        assert_eq!(type_name("_1"), "T1");
    }
}
