//! A small GraphQL lexer: the tokens of a document or schema by byte range,
//! as the spec's lexical grammar reads them. The guard counts a request's
//! tokens and nesting with it before any parser runs, and the generator
//! locates names that graphql-parser gives no position for.

/// One lexical token of GraphQL, by byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Name,
    Punct(u8),
    String {
        block: bool,
    },
    Number,
    /// Input the lexer does not know; it steps over one character.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Yields the tokens of `text` from byte `from`, skipping whitespace,
/// commas, comments and byte-order marks, as the spec's lexical grammar does.
pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, from: usize) -> Self {
        Lexer { text, pos: from }
    }

    fn skip_ignored(&mut self) {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' | b',' => self.pos += 1,
                b'#' => {
                    while self.pos < bytes.len() && bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                0xEF if self.text[self.pos..].starts_with('\u{feff}') => self.pos += 3,
                _ => break,
            }
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        self.skip_ignored();
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let first = *bytes.get(start)?;
        let kind = match first {
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                self.pos = scan_while(bytes, start, |b| b == b'_' || b.is_ascii_alphanumeric());
                TokenKind::Name
            }
            b'-' | b'0'..=b'9' => {
                self.pos = scan_while(bytes, start + 1, |b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')
                });
                TokenKind::Number
            }
            b'"' if self.text[start..].starts_with("\"\"\"") => {
                self.pos = block_string_end(self.text, start);
                TokenKind::String { block: true }
            }
            b'"' => {
                self.pos = string_end(bytes, start);
                TokenKind::String { block: false }
            }
            b'!' | b'$' | b'&' | b'(' | b')' | b':' | b'=' | b'@' | b'[' | b']' | b'{' | b'|'
            | b'}' => {
                self.pos += 1;
                TokenKind::Punct(first)
            }
            b'.' if self.text[start..].starts_with("...") => {
                self.pos += 3;
                TokenKind::Punct(b'.')
            }
            _ => {
                self.pos += self.text[start..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Other
            }
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
        })
    }
}

fn scan_while(bytes: &[u8], mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
    while at < bytes.len() && keep(bytes[at]) {
        at += 1;
    }
    at
}

fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'\n' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

fn block_string_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start + 3;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"\\\"\"\"") {
            at += 4;
        } else if bytes[at..].starts_with(b"\"\"\"") {
            return at + 3;
        } else {
            at += 1;
        }
    }
    text.len()
}
