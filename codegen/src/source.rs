//! The schema's source text: line/column arithmetic over the runtime's
//! GraphQL lexer (to locate names that graphql-parser gives no position
//! for), and the spec's string-value rules (escapes, block-string dedent).

use weftql_runtime::lexer::{Lexer, Token, TokenKind};

/// A place in the source: 1-based line and column (in characters), and the
/// length of the token there, for the caret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl Span {
    pub fn at(line: usize, column: usize) -> Self {
        Span {
            line,
            column,
            len: 1,
        }
    }
}

/// Line starts and conversions between byte offsets and 1-based positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The byte offset of a 1-based line and character column.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        Span {
            line,
            column: self.text[line_start..start].chars().count() + 1,
            len: self.text[start..end].chars().count().max(1),
        }
    }

    /// The span of the first name token `name` at or after a parser position:
    /// graphql-parser points at a definition's keyword or description, the
    /// caret belongs under the name.
    pub fn name_span(&self, line: usize, column: usize, name: &str) -> Span {
        let from = self.offset(line, column);
        Lexer::new(self.text, from)
            .take(64)
            .find(|t| t.kind == TokenKind::Name && &self.text[t.start..t.end] == name)
            .map_or(Span::at(line, column), |t| self.span(t.start, t.end))
    }

    /// The spans of `names`, each its own occurrence in order, in the list
    /// after the first `marker` token at or after the given position (the
    /// interfaces after `implements`, the members after a union's `=`). A
    /// name not found gets the position itself.
    pub fn list_spans(
        &self,
        line: usize,
        column: usize,
        marker: &str,
        names: &[String],
    ) -> Vec<Span> {
        let from = self.offset(line, column);
        let text = |t: &Token| &self.text[t.start..t.end];
        let mut tokens = Lexer::new(self.text, from)
            .skip_while(|t| text(t) != marker)
            .skip(1)
            .take_while(|t| t.kind != TokenKind::Punct(b'{'));
        names
            .iter()
            .map(|name| {
                tokens
                    .find(|t| t.kind == TokenKind::Name && text(t) == name)
                    .map_or(Span::at(line, column), |t| self.span(t.start, t.end))
            })
            .collect()
    }

    /// The span of the whole type (`[Type!]!`) in a field or argument
    /// declaration that starts at the given position.
    pub fn type_ref_span(&self, line: usize, column: usize) -> Span {
        let from = self.offset(line, column);
        let mut depth = 0usize;
        let mut tokens = Lexer::new(self.text, from).skip_while(|t| {
            match t.kind {
                TokenKind::Punct(b'(') => depth += 1,
                TokenKind::Punct(b')') => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth > 0 || t.kind != TokenKind::Punct(b':')
        });
        tokens.next();
        let (mut first, mut last, mut brackets, mut named) = (None, None, 0usize, false);
        for token in tokens {
            match token.kind {
                TokenKind::Punct(b'[') if !named => brackets += 1,
                TokenKind::Name if !named => named = true,
                TokenKind::Punct(b'!') if named => {}
                TokenKind::Punct(b']') if named && brackets > 0 => brackets -= 1,
                _ => break,
            }
            first.get_or_insert(token.start);
            last = Some(token.end);
        }
        match (first, last) {
            (Some(start), Some(end)) => self.span(start, end),
            _ => Span::at(line, column),
        }
    }

    /// The span of the named type in a field or argument declaration that
    /// starts at the given position (`name(args): [Type!]`), for errors about
    /// the type rather than the field.
    pub fn type_span(&self, line: usize, column: usize, type_name: &str) -> Span {
        let from = self.offset(line, column);
        let mut depth = 0usize;
        let mut seen_colon = false;
        for token in Lexer::new(self.text, from).take(4096) {
            match token.kind {
                TokenKind::Punct(b'(') => depth += 1,
                TokenKind::Punct(b')') => depth = depth.saturating_sub(1),
                TokenKind::Punct(b':') if depth == 0 => seen_colon = true,
                TokenKind::Name if seen_colon && depth == 0 => {
                    if &self.text[token.start..token.end] == type_name {
                        return self.span(token.start, token.end);
                    }
                    break;
                }
                _ => {}
            }
        }
        Span::at(line, column)
    }

    /// The span of the default value in an argument or input field declared
    /// at the given position (`name: Type = value`).
    pub fn default_value_span(&self, line: usize, column: usize) -> Span {
        let from = self.offset(line, column);
        let mut tokens =
            Lexer::new(self.text, from).take_while(|t| t.kind != TokenKind::Punct(b'@'));
        if !tokens.any(|t| t.kind == TokenKind::Punct(b'=')) {
            return Span::at(line, column);
        }
        self.value_span(tokens).unwrap_or(Span::at(line, column))
    }

    /// The spans of argument `name` and of its value in the directive
    /// applied at the given position (its name, after the `@`).
    pub fn directive_argument_spans(
        &self,
        line: usize,
        column: usize,
        name: &str,
    ) -> Option<(Span, Span)> {
        let from = self.offset(line, column);
        let mut tokens = Lexer::new(self.text, from).skip(1).peekable();
        tokens.next_if(|t| t.kind == TokenKind::Punct(b'('))?;
        let mut depth = 1usize;
        while let Some(token) = tokens.next() {
            match token.kind {
                TokenKind::Punct(b'(' | b'[' | b'{') => depth += 1,
                TokenKind::Punct(b')' | b']' | b'}') if depth == 1 => return None,
                TokenKind::Punct(b')' | b']' | b'}') => depth -= 1,
                TokenKind::Name if depth == 1 && &self.text[token.start..token.end] == name => {
                    tokens.next_if(|t| t.kind == TokenKind::Punct(b':'))?;
                    return Some((self.span(token.start, token.end), self.value_span(tokens)?));
                }
                _ => {}
            }
        }
        None
    }

    /// The span of the constant value the tokens start with: all of it when
    /// it fits on its first line, else its first token.
    fn value_span(&self, tokens: impl Iterator<Item = Token>) -> Option<Span> {
        let mut depth = 0usize;
        let mut start = None;
        for token in tokens {
            let first = *start.get_or_insert(token.start);
            match token.kind {
                TokenKind::Punct(b'[' | b'{') => depth += 1,
                TokenKind::Punct(b']' | b'}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                if !self.text[first..token.end].contains('\n') {
                    return Some(self.span(first, token.end));
                }
                let opening = self.text[first..].chars().next().map_or(1, char::len_utf8);
                return Some(self.span(first, first + opening));
            }
        }
        None
    }

    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// The value of a string token's text (quotes included), per the spec.
pub fn string_value(raw: &str, block: bool) -> String {
    if block {
        let inner = &raw[3..raw.len().saturating_sub(3).max(3)];
        block_string_value(&inner.replace("\\\"\"\"", "\"\"\""))
    } else {
        let inner = &raw[1..raw.len().saturating_sub(1).max(1)];
        unescape(inner)
    }
}

fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let rest = chars.as_str();
                let (hex, used) = if let Some(braced) = rest.strip_prefix('{') {
                    let close = braced.find('}').unwrap_or(braced.len());
                    (&braced[..close], close + 2)
                } else {
                    (&rest[..rest.len().min(4)], rest.len().min(4))
                };
                if let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
                chars = rest[used.min(rest.len())..].chars();
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The spec's BlockStringValue(): common indentation and blank edge lines removed.
pub fn block_string_value(raw: &str) -> String {
    let lines: Vec<&str> = raw.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter_map(|l| {
            let trimmed = l.trim_start_matches([' ', '\t']);
            (!trimmed.is_empty()).then(|| l.len() - trimmed.len())
        })
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { &l[indent.min(l.len())..] })
        .collect();
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_strings_are_dedented() {
        assert_eq!(block_string_value("\n    a\n      b\n    "), "a\n  b");
    }

    #[test]
    fn escapes_include_braced_unicode() {
        assert_eq!(string_value(r#""a\u{1F600}b\u0041\n""#, false), "a😀bA\n");
    }

    #[test]
    fn default_value_span_covers_the_value() {
        let index =
            LineIndex::new("input I {\n  a: [E!] = [A, B] @x\n  b: I = {\n    a: []\n  }\n}");
        let at = |span: Span| (span.line, span.column, span.len);
        assert_eq!(at(index.default_value_span(2, 3)), (2, 13, 6));
        assert_eq!(at(index.default_value_span(3, 3)), (3, 10, 1));
    }

    #[test]
    fn type_ref_span_covers_the_wrappers() {
        let index = LineIndex::new("type A {\n  f(x: [Int]): [B!]! @d\n}");
        let at = |span: Span| (span.line, span.column, span.len);
        assert_eq!(at(index.type_ref_span(2, 3)), (2, 16, 5));
        assert_eq!(at(index.type_ref_span(2, 5)), (2, 8, 5));
    }

    #[test]
    fn type_span_skips_arguments() {
        let text = "type A {\n  two(argument: InputType!): Type\n}";
        let index = LineIndex::new(text);
        let span = index.type_span(2, 3, "Type");
        assert_eq!((span.line, span.column, span.len), (2, 30, 4));
    }
}
