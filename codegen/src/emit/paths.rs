//! Paths as a person writes them: the emitters write every path in full
//! (`::std::option::Option::Some`, `::weftql_runtime::engine::Placement`), and
//! this pass shortens each to what a hand-written file would say (`Some`,
//! `engine::Placement`) wherever the short name means the same thing, that is,
//! unless a type of the schema takes it (the generated module's items would
//! shadow the prelude).

use proc_macro2::{Ident, Punct, Spacing, TokenStream, TokenTree};

/// Prelude names of every edition, by the `std` module that defines them.
const PRELUDE: [(&str, &str); 7] = [
    ("option", "Option"),
    ("result", "Result"),
    ("vec", "Vec"),
    ("string", "String"),
    ("boxed", "Box"),
    ("marker", "Send"),
    ("marker", "Sync"),
];

/// Macros of the prelude, which no type can shadow.
const PRELUDE_MACROS: [&str; 2] = ["vec", "format"];

/// Where the shortened paths will stand.
pub struct Scope<'a> {
    /// Names the scope defines or imports (the schema's Rust type names),
    /// which take precedence over the prelude's.
    pub taken: &'a [&'a str],
    /// Whether the scope imports `::weftql_runtime::engine` as `engine`.
    pub engine: bool,
}

/// `tokens` with every path shortened that `scope` allows.
pub fn shorten(tokens: TokenStream, scope: &Scope<'_>) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut at = 0;
    while at < trees.len() {
        let continues = continues_path(&trees[..at]);
        if let Some((segments, len)) = global_path(&trees[at..]).filter(|_| !continues) {
            let bang =
                matches!(trees.get(at + len), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            let short = shortened(&segments, bang, scope);
            push_path(
                &mut out,
                short.as_deref().unwrap_or(&segments),
                short.is_none(),
            );
            at += len;
            continue;
        }
        out.push(match &trees[at] {
            TokenTree::Group(group) => {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), shorten(group.stream(), scope));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        at += 1;
    }
    out.into_iter().collect()
}

/// The shorter form of the global path `segments` (followed by `!` if
/// `bang`), if `scope` allows one.
fn shortened(segments: &[Ident], bang: bool, scope: &Scope<'_>) -> Option<Vec<Ident>> {
    let names: Vec<String> = segments.iter().map(ToString::to_string).collect();
    let free = |name: &str| !scope.taken.contains(&name);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let keep = |from: usize| Some(segments[from..].to_vec());
    match names.as_slice() {
        ["std", "option", "Option", "Some" | "None"]
        | ["std", "result", "Result", "Ok" | "Err"]
            if free(names[3]) =>
        {
            keep(3)
        }
        ["std", module, name, ..] if PRELUDE.contains(&(*module, *name)) && free(name) => keep(2),
        ["std", name] if bang && PRELUDE_MACROS.contains(name) => keep(1),
        ["weftql_runtime", "engine", _, ..] if scope.engine => keep(1),
        _ => None,
    }
}

/// Keywords a path may follow.
#[rustfmt::skip]
const KEYWORDS_BEFORE_PATHS: [&str; 30] = [
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum",
    "extern", "fn", "for", "if", "impl", "in", "let", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "type", "use", "where",
];

/// Whether a `::` after `before` continues a path (`a::b`) rather than
/// starting a global one. (After `>`, the emitters write no path that
/// continues a qualified one, `<T as X>::b`, into `std` or the runtime.)
fn continues_path(before: &[TokenTree]) -> bool {
    // A keyword (`use`, `mut`, `as`, `dyn`, …) comes before a path; a name,
    // `crate`, `self` or `super` is one's segment.
    matches!(before, [.., TokenTree::Ident(word)]
        if !KEYWORDS_BEFORE_PATHS.contains(&word.to_string().as_str()))
}

/// The segments of the global path (`::a::b::c`) the tokens start with,
/// and how many tokens it spans.
fn global_path(trees: &[TokenTree]) -> Option<(Vec<Ident>, usize)> {
    let mut segments = Vec::new();
    let mut at = 0;
    while is_path_separator(&trees[at..]) {
        let Some(TokenTree::Ident(segment)) = trees.get(at + 2) else {
            break;
        };
        segments.push(segment.clone());
        at += 3;
    }
    (!segments.is_empty()).then_some((segments, at))
}

fn is_path_separator(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [TokenTree::Punct(first), TokenTree::Punct(second), ..]
            if first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':'
    )
}

/// Writes `segments` as a path: global (`::a::b`) or relative (`a::b`).
fn push_path(out: &mut Vec<TokenTree>, segments: &[Ident], global: bool) {
    for (i, segment) in segments.iter().enumerate() {
        if global || i > 0 {
            out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
            out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
        }
        out.push(TokenTree::Ident(segment.clone()));
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{Scope, shorten};

    fn shortened(tokens: proc_macro2::TokenStream, taken: &[&str], engine: bool) -> String {
        shorten(tokens, &Scope { taken, engine }).to_string()
    }

    #[test]
    fn prelude_names_are_bare_unless_a_schema_type_takes_them() {
        let tokens = quote!(
            fn f(x: ::std::option::Option<::std::vec::Vec<Link>>) -> ::std::result::Result<(), E> {
                match x {
                    ::std::option::Option::Some(v) => ::std::vec![v],
                    ::std::option::Option::None => ::std::vec::Vec::new(),
                }
            }
        );
        assert_eq!(
            shortened(tokens.clone(), &[], false),
            quote!(
                fn f(x: Option<Vec<Link>>) -> Result<(), E> {
                    match x {
                        Some(v) => vec![v],
                        None => Vec::new(),
                    }
                }
            )
            .to_string()
        );
        assert_eq!(
            shortened(tokens, &["Option", "Some"], false),
            quote!(
                fn f(x: ::std::option::Option<Vec<Link>>) -> Result<(), E> {
                    match x {
                        ::std::option::Option::Some(v) => vec![v],
                        None => Vec::new(),
                    }
                }
            )
            .to_string()
        );
    }

    #[test]
    fn engine_paths_are_short_where_the_scope_imports_it() {
        let tokens = quote!(::weftql_runtime::engine::Placement::Null);
        assert_eq!(
            shortened(tokens.clone(), &[], true),
            quote!(engine::Placement::Null).to_string()
        );
        assert_eq!(shortened(tokens.clone(), &[], false), tokens.to_string());
        let other = quote!(::std::sync::Arc<R>);
        assert_eq!(shortened(other.clone(), &[], true), other.to_string());
    }

    #[test]
    fn only_a_leading_separator_makes_a_path_global() {
        let relative = quote!(crate::std::option::Option<my::std::vec::Vec>);
        assert_eq!(shortened(relative.clone(), &[], true), relative.to_string());
        let after_keywords = quote!(
            pub use ::std::vec::Vec;
            fn f(x: &mut ::std::vec::Vec<u8>) -> ::std::vec::Vec<u8> {}
        );
        assert_eq!(
            shortened(after_keywords, &[], true),
            quote!(
                pub use Vec;
                fn f(x: &mut Vec<u8>) -> Vec<u8> {}
            )
            .to_string()
        );
    }
}
