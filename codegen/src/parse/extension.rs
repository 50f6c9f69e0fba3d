//! `extend schema`, which graphql-parser 0.4 cannot read: the pre-pass
//! finds it with the crate's lexer and lifts it out here, its operation
//! types by token and its directives through graphql-parser itself, laid over
//! the same positions, so values parse as anywhere else.

use graphql_parser::query::Value;
use graphql_parser::schema::{Definition, TypeDefinition};

use super::{blank_ranges, rewrite_braced_escapes, syntax_error};
use crate::diagnostic::Diagnostic;
use weftql_runtime::lexer::{Token, TokenKind};

use crate::source::{LineIndex, Span};

/// An `extend schema` the pre-pass took out of the text.
#[derive(Debug, Clone)]
pub struct SchemaExtension {
    pub span: Span,
    pub directives: Vec<ExtensionDirective>,
    /// `(operation, type, span of the type name)`.
    pub operations: Vec<(String, String, Span)>,
}

/// A directive applied by `extend schema`, arguments included.
#[derive(Debug, Clone)]
pub struct ExtensionDirective {
    pub name: String,
    pub span: Span,
    pub arguments: Vec<(String, Value<'static, String>)>,
}

/// Reads `extend schema @d(…)* { op: Type … }?` from token `at`; returns it and
/// the index of the first token after it.
pub(super) fn read_schema_extension(
    source: &str,
    index: &LineIndex,
    tokens: &[Token],
    at: usize,
) -> Result<(SchemaExtension, usize), Box<Diagnostic>> {
    let text = |t: &Token| &source[t.start..t.end];
    let kind = |i: usize| tokens.get(i).map(|t| t.kind);
    let unexpected = |i: usize, wanted: &str| {
        let (span, found) = match tokens.get(i) {
            Some(t) => (index.span(t.start, t.end), format!("`{}`", text(t))),
            None => (
                index.span(source.len(), source.len()),
                "end of input".to_string(),
            ),
        };
        Box::new(Diagnostic::error(
            format!("syntax error: unexpected {found}; expected {wanted}"),
            span,
        ))
    };
    let mut i = at + 2;
    while kind(i) == Some(TokenKind::Punct(b'@')) {
        if kind(i + 1) != Some(TokenKind::Name) {
            return Err(unexpected(i + 1, "a directive name"));
        }
        i += 2;
        if kind(i) == Some(TokenKind::Punct(b'(')) {
            i = closing_paren(tokens, i).ok_or_else(|| unexpected(tokens.len(), "`)`"))?;
        }
    }
    let directives_end = tokens[i - 1].end;
    let mut operations = Vec::new();
    if kind(i) == Some(TokenKind::Punct(b'{')) {
        i += 1;
        while kind(i) != Some(TokenKind::Punct(b'}')) {
            if kind(i) != Some(TokenKind::Name) {
                return Err(unexpected(i, "an operation type or `}`"));
            }
            if kind(i + 1) != Some(TokenKind::Punct(b':')) {
                return Err(unexpected(i + 1, "`:`"));
            }
            if kind(i + 2) != Some(TokenKind::Name) {
                return Err(unexpected(i + 2, "a type name"));
            }
            let (op, ty) = (&tokens[i], &tokens[i + 2]);
            operations.push((
                text(op).to_string(),
                text(ty).to_string(),
                index.span(ty.start, ty.end),
            ));
            i += 3;
        }
        i += 1;
    } else if i == at + 2 {
        return Err(unexpected(i, "a directive or `{` after `extend schema`"));
    }
    let extension = SchemaExtension {
        span: index.span(tokens[at + 1].start, tokens[at + 1].end),
        directives: extension_directives(
            source,
            index,
            [tokens[at].start, tokens[at + 1].start],
            tokens[at + 2].start,
            directives_end,
        )?,
        operations,
    };
    Ok((extension, i))
}

/// The index just past the `)` that closes the `(` at `open`.
fn closing_paren(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.kind {
            TokenKind::Punct(b'(') => depth += 1,
            TokenKind::Punct(b')') => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return Some(i + 1);
        }
    }
    None
}

/// Parses the directives of an `extend schema` (source bytes `from..to`) by
/// handing graphql-parser `scalar X @d(…)`, written over the `extend` and
/// `schema` keywords at `keywords` with every other line and column kept, so
/// values are read by the real parser and syntax errors point into the file.
fn extension_directives(
    source: &str,
    index: &LineIndex,
    keywords: [usize; 2],
    from: usize,
    to: usize,
) -> Result<Vec<ExtensionDirective>, Box<Diagnostic>> {
    if from >= to {
        return Ok(Vec::new());
    }
    let mut text = blank_ranges(&source[..to], &[(0, from)]);
    for (keyword, replacement) in keywords.into_iter().zip(["scalar", "X"]) {
        // Blanking made every character before `from` one byte long.
        let at = source[..keyword].chars().count();
        text.replace_range(at..at + replacement.len(), replacement);
    }
    let text = rewrite_braced_escapes(&text);
    let document = graphql_parser::parse_schema::<String>(&text)
        .map_err(|err| Box::new(syntax_error(source, &err.to_string())))?
        .into_static();
    let directives = document
        .definitions
        .into_iter()
        .find_map(|definition| match definition {
            Definition::TypeDefinition(TypeDefinition::Scalar(scalar)) => Some(scalar.directives),
            _ => None,
        });
    Ok(directives
        .unwrap_or_default()
        .into_iter()
        .map(|d| ExtensionDirective {
            span: index.name_span(d.position.line, d.position.column, &d.name),
            name: d.name,
            arguments: d.arguments,
        })
        .collect())
}
