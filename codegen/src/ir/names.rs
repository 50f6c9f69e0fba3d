//! Rust names for GraphQL names: `CamelCase` types and variants, `snake_case`
//! fields and arguments, raw identifiers for keywords. No valid schema is
//! refused for Rust's sake: when two GraphQL names become one Rust name in
//! the same scope, the later one gets the first free numbered name
//! (`foo_id_2`, `Active2`) and a warning naming both and the fix; the
//! `[names]` table of codegen.toml chooses any name by hand.

use std::collections::{BTreeMap, HashMap, HashSet};

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
/// the type parameter of `build_schema` and the engine modules, which a
/// type would shadow.
pub const RESERVED_TYPE_NAMES: [&str; 7] = [
    "Resolvers",
    "ResolverResult",
    "engine",
    "support",
    "R",
    "SDL",
    "columns",
];

/// From this many arguments on, a method takes one struct of them rather
/// than a parameter each.
pub const ARGUMENTS_STRUCT_FROM: usize = 4;

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

/// `name` numbered `n`: `foo_id` → `foo_id_2`, `Active` → `Active2`
/// (`r#type` → `type_2`, `Self_` → `Self2`).
fn numbered(name: &str, n: u32, camel: bool) -> String {
    let base = name.trim_start_matches("r#").trim_end_matches('_');
    if camel {
        format!("{base}{n}")
    } else {
        format!("{base}_{n}")
    }
}

/// Whether `name` can stand as a Rust identifier in generated code.
fn is_identifier(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    !UNRAWABLE.contains(&bare)
        && (name.starts_with("r#") || !KEYWORDS.contains(&bare))
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// What assigning names needs besides the scope: the hand-chosen names and
/// the diagnostics.
struct Names<'c, 'd> {
    chosen: &'c BTreeMap<String, String>,
    used: HashSet<&'c str>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// Records Rust names in one scope.
struct Scope<'a> {
    what: &'a str,
    /// `CamelCase` numbering (types, variants) or `snake_case` (members).
    camel: bool,
    /// Rust name to who took it (in prose, and its coordinate); `None` for
    /// the generated code's own names.
    taken: HashMap<String, Option<(String, String)>>,
}

impl<'a> Scope<'a> {
    fn new(what: &'a str, camel: bool) -> Self {
        Scope {
            what,
            camel,
            taken: HashMap::new(),
        }
    }

    /// The Rust name of `who` (e.g. "`fooBar`", at `coordinate`): the one
    /// chosen in codegen.toml, else `wanted`, else `wanted` numbered. A
    /// resolver trait cannot be named by hand (`nameable` false): the fix
    /// it suggests is naming the other.
    fn claim(
        &mut self,
        wanted: String,
        who: String,
        at: (Span, &str),
        nameable: bool,
        names: &mut Names<'_, '_>,
    ) -> String {
        let (span, coordinate) = at;
        let what = self.what;
        let mine = || Some((who.clone(), coordinate.to_string()));
        let chosen = nameable
            .then(|| names.chosen.get_key_value(coordinate))
            .flatten();
        if let Some((key, chosen)) = chosen {
            names.used.insert(key.as_str());
            let problem = if !is_identifier(chosen) {
                Some(format!(
                    "[names] gives {who} `{chosen}`, which is no Rust identifier"
                ))
            } else {
                self.taken.get(chosen).map(|other| {
                    let other = other
                        .as_ref()
                        .map_or("the generated code", |(o, _)| o.as_str());
                    format!("[names] gives {who} the Rust {what} `{chosen}`, which {other} has")
                })
            };
            match problem {
                Some(message) => {
                    names
                        .diagnostics
                        .push(config_error(message, span, coordinate));
                    self.taken.insert(wanted.clone(), mine());
                    return wanted;
                }
                None => {
                    self.taken.insert(chosen.clone(), mine());
                    return chosen.clone();
                }
            }
        }
        let Some(other) = self.taken.get(&wanted) else {
            self.taken.insert(wanted.clone(), mine());
            return wanted;
        };
        let clash = match other {
            Some((other, _)) => format!("{who} and {other} both become the Rust {what} `{wanted}`"),
            None => format!(
                "{who} becomes the Rust {what} `{wanted}`, which the generated code defines itself"
            ),
        };
        let fix_at = match other {
            Some((_, other_coordinate)) if !nameable => other_coordinate.clone(),
            _ => coordinate.to_string(),
        };
        let renamed = (2..)
            .map(|n| numbered(&wanted, n, self.camel))
            .find(|name| !self.taken.contains_key(name))
            .unwrap_or_default();
        names.diagnostics.push(
            Diagnostic::warning(format!("{clash}; {who} is `{renamed}` in Rust"), span)
                .at(coordinate)
                .help(format!(
                    "to choose the name, set it in codegen.toml: [names] \"{fix_at}\" = \"…\""
                )),
        );
        self.taken.insert(renamed.clone(), mine());
        renamed
    }
}

fn config_error(message: String, span: Span, coordinate: &str) -> Diagnostic {
    Diagnostic::error(message, span)
        .at(coordinate)
        .label("named in codegen.toml")
}

pub fn assign(
    schema: &mut Schema,
    chosen: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut names = Names {
        chosen,
        used: HashSet::new(),
        diagnostics,
    };
    let mut types = Scope::new("type name", true);
    for reserved in RESERVED_TYPE_NAMES {
        types.taken.insert(reserved.to_string(), None);
    }
    for def in &mut schema.types {
        let who = format!("`{}`", def.name);
        let at = (def.span, def.name.as_str());
        def.rust_name = types.claim(type_name(&def.name), who, at, true, &mut names);
    }
    // Resolver traits after every type, so a type keeps its name and a
    // trait that meets one is numbered.
    for def in &mut schema.types {
        if let TypeKind::Object(object) = &mut def.kind {
            let wanted = format!("{}Resolvers", def.rust_name.trim_start_matches("r#"));
            let who = format!("the resolver trait of `{}`", def.name);
            let at = (def.span, def.name.as_str());
            object.trait_name = types.claim(wanted, who, at, false, &mut names);
        }
    }
    // Argument structs after the traits: `<Type><Field>Args`, numbered if taken.
    for def in &mut schema.types {
        let TypeKind::Object(object) = &mut def.kind else {
            continue;
        };
        let owner = def.rust_name.trim_start_matches("r#").to_string();
        for field in &mut object.fields {
            if field.args.len() < ARGUMENTS_STRUCT_FROM {
                continue;
            }
            let wanted = format!(
                "{owner}{}Args",
                type_name(&field.name).trim_end_matches('_')
            );
            let who = format!("the arguments of `{}.{}`", def.name, field.name);
            let coordinate = format!("{}.{}", def.name, field.name);
            let at = (field.span, coordinate.as_str());
            field.args_struct = Some(types.claim(wanted, who, at, false, &mut names));
        }
    }
    for def in &mut schema.types {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Object(o) => fields(&owner, &mut o.fields, &mut names),
            TypeKind::Interface(i) => fields(&owner, &mut i.fields, &mut names),
            TypeKind::Enum(e) => {
                let mut scope = Scope::new("variant", true);
                for value in &mut e.values {
                    let coordinate = format!("{owner}.{}", value.name);
                    let who = format!("`{}`", value.name);
                    let wanted = type_name(&value.name);
                    let at = (value.span, coordinate.as_str());
                    value.rust_name = scope.claim(wanted, who, at, true, &mut names);
                }
            }
            TypeKind::InputObject(input) => {
                let one_of = input.one_of;
                let what = if one_of { "variant" } else { "field" };
                input_values(&owner, &mut input.fields, what, one_of, &mut names);
            }
            TypeKind::Scalar(_) | TypeKind::Union(_) => {}
        }
    }
    for coordinate in chosen.keys() {
        if !names.used.contains(coordinate.as_str()) {
            names.diagnostics.push(
                Diagnostic::error(
                    format!("[names] names `{coordinate}`, which the schema does not have"),
                    Span::default(),
                )
                .help(
                    "a coordinate is `Type`, `Type.field`, `Type.field(argument:)` or `Enum.VALUE`",
                ),
            );
        }
    }
}

fn fields(owner: &str, fields: &mut [Field], names: &mut Names<'_, '_>) {
    let mut scope = Scope::new("method or field", false);
    for field in fields {
        let coordinate = format!("{owner}.{}", field.name);
        let who = format!("`{}`", field.name);
        let wanted = member_name(&field.name);
        field.rust_name = scope.claim(wanted, who, (field.span, &coordinate), true, names);
        let mut args = Scope::new("parameter", false);
        for arg in &mut field.args {
            let coordinate = format!("{coordinate}({}:)", arg.name);
            let who = format!("`{}`", arg.name);
            let mut wanted = member_name(&arg.name);
            // The generated methods' own parameters keep their names.
            if matches!(wanted.as_str(), "ctx" | "parent" | "parents") {
                wanted.push('_');
            }
            arg.rust_name = args.claim(wanted, who, (arg.span, &coordinate), true, names);
        }
    }
}

fn input_values(
    owner: &str,
    values: &mut [InputValue],
    what: &str,
    camel: bool,
    names: &mut Names<'_, '_>,
) {
    let mut scope = Scope::new(what, camel);
    for value in values {
        let wanted = if camel {
            type_name(&value.name)
        } else {
            member_name(&value.name)
        };
        let coordinate = format!("{owner}.{}", value.name);
        let who = format!("`{}`", value.name);
        value.rust_name = scope.claim(wanted, who, (value.span, &coordinate), true, names);
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

    #[test]
    fn numbered_names_leave_keywords_and_suffixes_behind() {
        assert_eq!(numbered("foo_id", 2, false), "foo_id_2");
        assert_eq!(numbered("r#type", 2, false), "type_2");
        assert_eq!(numbered("Self_", 3, true), "Self3");
        assert!(is_identifier("foo_id_2") && is_identifier("r#type"));
        assert!(!is_identifier("type") && !is_identifier("self") && !is_identifier("2x"));
    }
}
