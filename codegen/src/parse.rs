//! Pass 1: source text to graphql-parser's AST. A small pre-pass first covers
//! what graphql-parser 0.4 cannot read: `extend schema`, a description on
//! `schema`, and `\u{…}` escapes (`extension` reads `extend schema`). Lines
//! are preserved so every later position still points into the user's file.
//! Nothing is checked here beyond syntax, whose errors are reworded as prose.

mod extension;

use graphql_parser::schema::Document;

pub use extension::SchemaExtension;
use extension::read_schema_extension;

use crate::diagnostic::Diagnostic;
use weftql_runtime::lexer::{Lexer, Token, TokenKind};

use crate::source::{LineIndex, Span, string_value};

/// The pre-pass's result: the text graphql-parser can read, plus what was lifted out.
#[derive(Debug)]
pub struct Prepared {
    pub text: String,
    pub schema_description: Option<String>,
    pub schema_extensions: Vec<SchemaExtension>,
}

pub type Ast = Document<'static, String>;

/// Parses `source` (named `file` in diagnostics).
pub fn parse(source: &str) -> Result<(Ast, Prepared), Box<Diagnostic>> {
    let prepared = prepare(source)?;
    match graphql_parser::parse_schema::<String>(&prepared.text) {
        Ok(doc) => Ok((doc.into_static(), prepared)),
        Err(err) => Err(Box::new(syntax_error(source, &err.to_string()))),
    }
}

/// Turns combine's "Parse error at L:C\nUnexpected …\nExpected …" into a diagnostic.
fn syntax_error(source: &str, text: &str) -> Diagnostic {
    let body = text.trim_start_matches("schema parse error: ");
    let mut lines = body.lines();
    let head = lines.next().unwrap_or_default();
    let (line, column) = head
        .rsplit(' ')
        .next()
        .and_then(|lc| lc.split_once(':'))
        .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
        .unwrap_or((1, 1));
    let details: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
    let index = LineIndex::new(source);
    let offset = index.offset(line, column);
    let span = Lexer::new(source, offset)
        .next()
        .filter(|t| t.start == offset)
        .map_or(Span::at(line, column), |t| index.span(t.start, t.end));
    let unexpected = details.iter().find_map(|d| d.strip_prefix("Unexpected "));
    let expected: Vec<String> = details
        .iter()
        .filter_map(|d| d.strip_prefix("Expected "))
        .flat_map(|list| list.split(", ").flat_map(|item| item.split(" or ")))
        .map(describe_expected)
        .collect();
    let mut message = "syntax error".to_string();
    if let Some(found) = unexpected {
        message.push_str(&format!(": {}", describe_unexpected(found)));
    }
    if let Some((last, rest)) = expected.split_last() {
        let list = if rest.is_empty() {
            last.clone()
        } else {
            format!("{} or {last}", rest.join(", "))
        };
        message.push_str(&format!(
            "{} expected {list}",
            if unexpected.is_some() { ";" } else { ":" }
        ));
    }
    Diagnostic::error(message, span)
}

/// combine's "`=[Punctuator]`" or "end of input" as prose.
fn describe_unexpected(found: &str) -> String {
    match found.strip_prefix('`').and_then(|f| f.split_once('[')) {
        Some((token, _)) => format!("unexpected `{token}`"),
        None if found.starts_with("unterminated") => found.to_string(),
        None => format!("unexpected {found}"),
    }
}

/// One of combine's expected tokens (`Name`, `IntValue`, `}`) as prose.
fn describe_expected(item: &str) -> String {
    match item {
        "Name" => "a name".to_string(),
        "IntValue" => "an integer".to_string(),
        "FloatValue" => "a float".to_string(),
        "StringValue" => "a string".to_string(),
        "BlockString" => "a block string".to_string(),
        other => format!("`{other}`"),
    }
}

/// The pre-pass. Blanked ranges keep their newlines, so line numbers never
/// move. Fails on a malformed `extend schema`, which graphql-parser never sees.
pub fn prepare(source: &str) -> Result<Prepared, Box<Diagnostic>> {
    let index = LineIndex::new(source);
    let tokens: Vec<Token> = Lexer::new(source, 0).collect();
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut schema_description = None;
    let mut schema_extensions = Vec::new();
    let name = |t: &Token| (t.kind == TokenKind::Name).then(|| &source[t.start..t.end]);
    let mut depth = 0i32;
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        match token.kind {
            TokenKind::Punct(b'{') => depth += 1,
            TokenKind::Punct(b'}') => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            let next = tokens.get(i + 1);
            if let TokenKind::String { block } = token.kind
                && next.and_then(name) == Some("schema")
            {
                schema_description = Some(string_value(&source[token.start..token.end], block));
                blank.push((token.start, token.end));
            }
            if name(&token) == Some("extend") && next.and_then(name) == Some("schema") {
                let (extension, end) = read_schema_extension(source, &index, &tokens, i)?;
                blank.push((token.start, tokens[end - 1].end));
                schema_extensions.push(extension);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    let mut text = blank_ranges(source, &blank);
    text = rewrite_braced_escapes(&text);
    Ok(Prepared {
        text,
        schema_description,
        schema_extensions,
    })
}

fn blank_ranges(source: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut last = 0;
    for &(start, end) in ranges {
        out.push_str(&source[last..start]);
        out.extend(
            source[start..end]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
        );
        last = end;
    }
    out.push_str(&source[last..]);
    out
}

/// Replaces `\u{HEX}` inside ordinary strings with an escape graphql-parser reads.
fn rewrite_braced_escapes(text: &str) -> String {
    if !text.contains("\\u{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for token in Lexer::new(text, 0) {
        if token.kind != (TokenKind::String { block: false }) {
            continue;
        }
        let raw = &text[token.start..token.end];
        if !raw.contains("\\u{") {
            continue;
        }
        out.push_str(&text[last..token.start]);
        let mut rest = raw;
        while let Some(at) = rest.find("\\u{") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 3..];
            let close = after.find('}').unwrap_or(after.len());
            match u32::from_str_radix(&after[..close], 16)
                .ok()
                .and_then(char::from_u32)
            {
                Some('"') => out.push_str("\\\""),
                Some('\\') => out.push_str("\\\\"),
                Some(c) if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
                Some(c) => out.push(c),
                None => out.push_str(&rest[at..at + 3 + close + 1]),
            }
            rest = &after[(close + 1).min(after.len())..];
        }
        out.push_str(rest);
        last = token.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_schema_extensions_and_descriptions() {
        let src = "\"\"\"The API\"\"\"\nschema { query: Q }\ntype Q { a: Int }\nextend schema @tag(x: 1) {\n  mutation: M\n}\n";
        let prepared = prepare(src).unwrap();
        assert_eq!(prepared.schema_description.as_deref(), Some("The API"));
        let ext = &prepared.schema_extensions[0];
        assert_eq!(ext.directives[0].name, "tag");
        assert_eq!(ext.directives[0].arguments[0].0, "x");
        assert_eq!(
            (ext.directives[0].span.line, ext.directives[0].span.column),
            (4, 16)
        );
        assert_eq!(ext.operations[0].0, "mutation");
        assert_eq!(ext.operations[0].2.line, 5);
        assert_eq!(prepared.text.lines().count(), src.lines().count());
        assert!(parse(src).is_ok());
    }

    #[test]
    fn braced_escapes_parse() {
        let (ast, _) = parse("type Q { a(x: String = \"\\u{1F600}\\u{22}\"): Int }").unwrap();
        assert_eq!(ast.definitions.len(), 1);
    }

    #[test]
    fn syntax_errors_are_positioned() {
        let err = parse("type Q {\n  a: \n}").unwrap_err();
        assert_eq!(err.span.line, 3);
        assert!(err.message.starts_with("syntax error"), "{}", err.message);
    }
}
