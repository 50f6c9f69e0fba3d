//! Finding the GraphQL embedded in JavaScript and TypeScript sources (`.js`,
//! `.jsx`, `.ts`, `.tsx`, `.mjs`, `.cjs`, `.mts`, `.cts`). This module owns
//! the scanner that walks a script's lexical structure (comments, strings,
//! regular-expression literals, template literals and their `${...}`
//! interpolations, nested to any depth) and blanks out everything that is not
//! the text of a GraphQL template, keeping every line and column in place.
//!
//! Like Relay's `extract-graphql`, it is a hand-written character scanner, not
//! a JavaScript parser. A template literal is GraphQL when it is:
//!
//! - tagged with the whole identifier `gql` or `graphql`, possibly as a member
//!   (``Apollo.gql`...` ``), with only whitespace or comments before the
//!   backtick;
//! - the first argument of a call to `gql(` or `graphql(` (GraphQL Codegen's
//!   client preset, gql.tada);
//! - directly preceded by the comment `/* GraphQL */` (any case, any
//!   whitespace inside the comment).
//!
//! Inside a GraphQL template the raw characters are kept as written: escapes
//! are not cooked, except that the backslash of `` \` `` and `\$` is blanked,
//! so the GraphQL sees the escaped character alone (a backtick can only be
//! meaningful to GraphQL inside a string or a comment, where it is kept).
//! Interpolations `${...}` are blanked whole, together with anything nested in
//! them (graphql-tag users interpolate fragment documents there; those are
//! found by name in their own templates). A GraphQL template nested in the
//! interpolation of a template that is not GraphQL is found as usual.
//!
//! The heuristics, and their limits:
//!
//! - Regex or division: a `/` begins a regular expression when the previous
//!   significant token is nothing, an operator or punctuator other than `)`,
//!   `]`, `}`, `++`, `--` and `<`, or one of the keywords `return`, `typeof`,
//!   `case`, `do`, `else`, `in`, `of`, `new`, `delete`, `void`, `throw`,
//!   `instanceof`, `yield`, `await` (not after a `.`, where they are property
//!   names). Otherwise it divides. So `if (ok) /re/.test(s)` and a regex
//!   opening a statement after a block's `}` are misread as divisions, and
//!   `x = y++ /re/` is not a thing anyone writes. A `/` after `<` divides so
//!   that JSX closing tags (`</p>`) are read as punctuation.
//! - A string or regex literal that reaches the end of its line unclosed ends
//!   there, which JavaScript would reject anyway: an apostrophe in JSX text
//!   (`<p>don't</p>`) swallows only the rest of its line. A GraphQL template
//!   starting later on that same line is missed.
//! - JSX text is otherwise read as code: a backtick or `/*` in it derails the
//!   scan until a matching one.
//! - An unterminated comment, string, regex or template runs to the end of the
//!   source; an unterminated GraphQL template is still counted, its text
//!   running to the end of the source.
//! - Identifiers are read with Unicode letters, digits, `$` and `_`, but
//!   without `\u` escapes, so ``g\u0071l`...` `` is not a tag.

/// The GraphQL of a script: the text of every GraphQL template at its own
/// place, everything else blanked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Same number of lines as the source, and every line the same number of
    /// chars (Unicode scalar values): each char outside a GraphQL template
    /// (and each char of an interpolation `${...}` inside one, and the
    /// backticks) is replaced by one ASCII space, except `\n` and `\r`, which
    /// are kept. So a line:column (in chars) in `text` is the same line:column in
    /// the source file.
    pub text: String,
    /// Each GraphQL template's byte range in `text` (between its
    /// backticks), in source order: each is a document of its own.
    pub templates: Vec<std::ops::Range<usize>>,
}

/// Scans a JavaScript or TypeScript source and keeps only its GraphQL
/// templates, in place. Never fails: malformed scripts are scanned as far as
/// they make sense.
pub fn extract(source: &str) -> Extracted {
    Scanner::new(source).run()
}

/// The tag identifiers that make a template (or a call's first argument) GraphQL.
const GRAPHQL_TAGS: [&str; 2] = ["gql", "graphql"];

/// Keywords after which an expression, hence a regular expression, may start.
const KEYWORDS_BEFORE_EXPRESSION: [&str; 14] = [
    "return",
    "typeof",
    "case",
    "do",
    "else",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "instanceof",
    "yield",
    "await",
];

/// What the last significant token of the code being scanned was: enough to
/// tell a regex from a division, and to spot a GraphQL tag or call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Previous {
    /// Nothing yet, an operator, a punctuator or a keyword: an expression may
    /// start here, so `/` begins a regex.
    ExpressionStart,
    /// A name, a literal, `)`, `]`, `}`, `++` or `--`: `/` divides.
    Operand,
    /// `<`: `/` divides, so a JSX closing tag `</p>` is not taken for a regex.
    LessThan,
    /// A single `.`: the next identifier is a property name, never a keyword.
    Dot,
    /// The identifier `gql` or `graphql`: a backtick here opens GraphQL.
    GraphqlTag,
    /// `gql(` or `graphql(`: a backtick here opens GraphQL.
    GraphqlCallOpen,
}

impl Previous {
    fn allows_regex(self) -> bool {
        matches!(self, Previous::ExpressionStart | Previous::GraphqlCallOpen)
    }
}

/// The state of a stretch of code: the whole script, or one interpolation.
#[derive(Debug, Clone, Copy)]
struct Code {
    /// Whether a `}` with no `{` open ends this code (it is a `${...}`).
    is_interpolation: bool,
    /// `{` opened in this code and not closed yet.
    open_braces: usize,
    previous: Previous,
    /// Whether the last thing scanned was the comment `/* GraphQL */`.
    after_magic_comment: bool,
}

impl Code {
    fn script() -> Self {
        Code {
            is_interpolation: false,
            open_braces: 0,
            previous: Previous::ExpressionStart,
            after_magic_comment: false,
        }
    }

    fn interpolation() -> Self {
        Code {
            is_interpolation: true,
            ..Code::script()
        }
    }

    /// Records a significant token.
    fn saw(&mut self, token: Previous) {
        self.previous = token;
        self.after_magic_comment = false;
    }

    fn closes_on_brace(&self) -> bool {
        self.is_interpolation && self.open_braces == 0
    }

    fn expects_graphql(&self) -> bool {
        self.after_magic_comment
            || matches!(
                self.previous,
                Previous::GraphqlTag | Previous::GraphqlCallOpen
            )
    }
}

/// A template literal being scanned.
#[derive(Debug, Clone, Copy)]
struct Template {
    is_graphql: bool,
}

/// What is open at some point of the scan; the innermost is on top of the stack.
#[derive(Debug, Clone, Copy)]
enum Frame {
    Code(Code),
    Template(Template),
}

/// Walks the source's chars once. Nesting is an explicit stack, not
/// recursion, so no input can exhaust the call stack.
struct Scanner {
    chars: Vec<char>,
    /// The index in `chars` of the next char to scan; never past its end.
    pos: usize,
    /// The result being built: starts all blank, GraphQL chars are copied in.
    out: Vec<char>,
    stack: Vec<Frame>,
    /// Whether a GraphQL template is open: templates nested in its
    /// interpolations are blanked with it, never GraphQL themselves.
    in_graphql: bool,
    /// The char ranges of the GraphQL templates found; the last one's end
    /// is set when it closes (else it runs to the end of the source).
    templates: Vec<std::ops::Range<usize>>,
}

impl Scanner {
    fn new(source: &str) -> Self {
        let chars: Vec<char> = source.chars().collect();
        let out = chars.iter().map(|&c| blank(c)).collect();
        Scanner {
            chars,
            pos: 0,
            out,
            stack: vec![Frame::Code(Code::script())],
            in_graphql: false,
            templates: Vec::new(),
        }
    }

    fn run(mut self) -> Extracted {
        self.skip_hashbang();
        while self.pos < self.chars.len() {
            match self.stack.pop() {
                Some(Frame::Code(code)) => self.scan_code(code),
                Some(Frame::Template(template)) => self.scan_template(template),
                // Unreachable: a frame is only dropped when it ends, and the
                // script's own frame ends only with the source.
                None => break,
            }
        }
        // Char indices to byte offsets of the text.
        let mut offsets = Vec::with_capacity(self.out.len() + 1);
        let mut offset = 0;
        for c in &self.out {
            offsets.push(offset);
            offset += c.len_utf8();
        }
        offsets.push(offset);
        Extracted {
            templates: self
                .templates
                .iter()
                .map(|chars| offsets[chars.start]..offsets[chars.end])
                .collect(),
            text: self.out.into_iter().collect(),
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn advance(&mut self, by: usize) {
        self.pos = (self.pos + by).min(self.chars.len());
    }

    /// Copies the source char at `index` into the result.
    fn keep(&mut self, index: usize) {
        if let (Some(slot), Some(&c)) = (self.out.get_mut(index), self.chars.get(index)) {
            *slot = c;
        }
    }

    /// `#!/usr/bin/env node` on the first line is not code.
    fn skip_hashbang(&mut self) {
        if self.peek(0) == Some('#') && self.peek(1) == Some('!') {
            self.skip_to_line_end();
        }
    }

    fn skip_to_line_end(&mut self) {
        while let Some(c) = self.peek(0)
            && !is_line_terminator(c)
        {
            self.advance(1);
        }
    }

    /// Scans code until it opens a template (whose frame it pushes above its
    /// own) or, being an interpolation, ends at its closing `}`.
    fn scan_code(&mut self, mut code: Code) {
        while let Some(c) = self.peek(0) {
            match c {
                '`' => {
                    self.open_template(&mut code);
                    return;
                }
                '}' if code.closes_on_brace() => {
                    self.advance(1);
                    return;
                }
                _ => self.scan_code_token(&mut code, c),
            }
        }
    }

    fn open_template(&mut self, code: &mut Code) {
        let is_graphql = !self.in_graphql && code.expects_graphql();
        self.advance(1);
        if is_graphql {
            self.in_graphql = true;
            self.templates.push(self.pos..self.chars.len());
        }
        code.saw(Previous::Operand);
        self.stack.push(Frame::Code(*code));
        self.stack.push(Frame::Template(Template { is_graphql }));
    }

    /// Scans one token (or comment, or whitespace char) starting with `c`.
    fn scan_code_token(&mut self, code: &mut Code, c: char) {
        match c {
            '/' => self.scan_slash(code),
            '\'' | '"' => {
                self.skip_string(c);
                code.saw(Previous::Operand);
            }
            '{' => {
                self.advance(1);
                code.open_braces += 1;
                code.saw(Previous::ExpressionStart);
            }
            '}' => {
                self.advance(1);
                code.open_braces = code.open_braces.saturating_sub(1);
                code.saw(Previous::Operand);
            }
            ')' | ']' => {
                self.advance(1);
                code.saw(Previous::Operand);
            }
            '(' => {
                self.advance(1);
                code.saw(if code.previous == Previous::GraphqlTag {
                    Previous::GraphqlCallOpen
                } else {
                    Previous::ExpressionStart
                });
            }
            '.' => self.scan_dot(code),
            '<' => {
                self.advance(1);
                code.saw(Previous::LessThan);
            }
            '+' | '-' if self.peek(1) == Some(c) => {
                self.advance(2);
                code.saw(Previous::Operand);
            }
            c if is_whitespace(c) => self.advance(1),
            c if is_identifier_start(c) => self.scan_identifier(code),
            c if c.is_ascii_digit() => {
                self.skip_number();
                code.saw(Previous::Operand);
            }
            _ => {
                self.advance(1);
                code.saw(Previous::ExpressionStart);
            }
        }
    }

    /// A comment, a regex or a division.
    fn scan_slash(&mut self, code: &mut Code) {
        match self.peek(1) {
            Some('/') => {
                self.skip_to_line_end();
                code.after_magic_comment = false;
            }
            Some('*') => code.after_magic_comment = self.skip_block_comment(),
            _ if code.previous.allows_regex() => {
                self.skip_regex();
                code.saw(Previous::Operand);
            }
            _ => {
                self.advance(1);
                code.saw(Previous::ExpressionStart);
            }
        }
    }

    /// `.` (member access) or `...` (spread); a `.5` number reads as `.`
    /// then `5`, which ends the same way, on an operand.
    fn scan_dot(&mut self, code: &mut Code) {
        if self.peek(1) == Some('.') && self.peek(2) == Some('.') {
            self.advance(3);
            code.saw(Previous::ExpressionStart);
        } else {
            self.advance(1);
            code.saw(Previous::Dot);
        }
    }

    fn scan_identifier(&mut self, code: &mut Code) {
        let start = self.pos;
        self.skip_identifier_parts();
        let name = &self.chars[start..self.pos];
        let token = if GRAPHQL_TAGS.iter().any(|tag| chars_are(name, tag)) {
            Previous::GraphqlTag
        } else if code.previous != Previous::Dot
            && KEYWORDS_BEFORE_EXPRESSION
                .iter()
                .any(|keyword| chars_are(name, keyword))
        {
            Previous::ExpressionStart
        } else {
            Previous::Operand
        };
        code.saw(token);
    }

    fn skip_identifier_parts(&mut self) {
        while let Some(c) = self.peek(0)
            && is_identifier_part(c)
        {
            self.advance(1);
        }
    }

    /// Digits, letters (hex, exponents, `n`), `_` and `.`; an exponent's sign
    /// is left to be read as an operator before more digits.
    fn skip_number(&mut self) {
        while let Some(c) = self.peek(0)
            && (c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            self.advance(1);
        }
    }

    /// Skips a `'` or `"` string, which ends at its closing quote, or unclosed
    /// before a line break (see the module doc on JSX).
    fn skip_string(&mut self, quote: char) {
        self.advance(1);
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => self.skip_escape(),
                c if c == quote => {
                    self.advance(1);
                    return;
                }
                c if is_line_terminator(c) => return,
                _ => self.advance(1),
            }
        }
    }

    /// Skips a backslash and the char it escapes; an escaped CRLF is one
    /// line continuation.
    fn skip_escape(&mut self) {
        if self.peek(1) == Some('\r') && self.peek(2) == Some('\n') {
            self.advance(3);
        } else {
            self.advance(2);
        }
    }

    /// Skips a block comment and tells whether it is `/* GraphQL */`.
    fn skip_block_comment(&mut self) -> bool {
        self.advance(2);
        let body_start = self.pos;
        while self.pos < self.chars.len() {
            if self.peek(0) == Some('*') && self.peek(1) == Some('/') {
                let is_magic = is_magic_comment(&self.chars[body_start..self.pos]);
                self.advance(2);
                return is_magic;
            }
            self.advance(1);
        }
        false
    }

    /// Skips a regex literal and its flags. A `/` in a class `[...]` or
    /// escaped does not end it; a line break does (it is unterminated).
    fn skip_regex(&mut self) {
        self.advance(1);
        let mut in_class = false;
        while let Some(c) = self.peek(0) {
            match c {
                c if is_line_terminator(c) => return,
                '\\' if self.peek(1).is_some_and(is_line_terminator) => {
                    self.advance(1);
                    return;
                }
                '\\' => self.advance(2),
                '[' => {
                    in_class = true;
                    self.advance(1);
                }
                ']' => {
                    in_class = false;
                    self.advance(1);
                }
                '/' if !in_class => {
                    self.advance(1);
                    self.skip_identifier_parts();
                    return;
                }
                _ => self.advance(1),
            }
        }
    }

    /// Scans a template's text until it closes, or opens an interpolation
    /// (whose frame it pushes above its own). GraphQL text is copied out.
    fn scan_template(&mut self, template: Template) {
        while let Some(c) = self.peek(0) {
            match c {
                '`' => {
                    if template.is_graphql {
                        self.in_graphql = false;
                        if let Some(last) = self.templates.last_mut() {
                            last.end = self.pos;
                        }
                    }
                    self.advance(1);
                    return;
                }
                '$' if self.peek(1) == Some('{') => {
                    self.advance(2);
                    self.stack.push(Frame::Template(template));
                    self.stack.push(Frame::Code(Code::interpolation()));
                    return;
                }
                '\\' => self.scan_template_escape(template),
                _ => {
                    if template.is_graphql {
                        self.keep(self.pos);
                    }
                    self.advance(1);
                }
            }
        }
    }

    /// A backslash and the char it escapes, kept raw in GraphQL, except that
    /// the backslash of `` \` `` and `\$` is blanked.
    fn scan_template_escape(&mut self, template: Template) {
        if template.is_graphql {
            if !matches!(self.peek(1), Some('`' | '$')) {
                self.keep(self.pos);
            }
            self.keep(self.pos + 1);
        }
        self.advance(2);
    }
}

/// What a source char becomes outside GraphQL.
fn blank(c: char) -> char {
    if c == '\n' || c == '\r' { c } else { ' ' }
}

fn chars_are(chars: &[char], word: &str) -> bool {
    chars.iter().copied().eq(word.chars())
}

fn is_magic_comment(body: &[char]) -> bool {
    body.iter()
        .collect::<String>()
        .trim()
        .eq_ignore_ascii_case("graphql")
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_whitespace(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn is_identifier_start(c: char) -> bool {
    c == '$' || c == '_' || c.is_alphabetic()
}

fn is_identifier_part(c: char) -> bool {
    is_identifier_start(c) || c.is_alphanumeric() || c == '\u{200c}' || c == '\u{200d}'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extracts, and checks the layout invariant: same lines, same chars
    /// per line, and each char either the source's own or a blank.
    fn check(source: &str) -> Extracted {
        let extracted = extract(source);
        assert_layout_kept(source, &extracted.text);
        extracted
    }

    fn assert_layout_kept(source: &str, text: &str) {
        let source_lines: Vec<&str> = source.split('\n').collect();
        let text_lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            source_lines.len(),
            text_lines.len(),
            "line count of {source:?}"
        );
        for (source_line, text_line) in source_lines.iter().zip(&text_lines) {
            assert_eq!(
                source_line.chars().count(),
                text_line.chars().count(),
                "chars of line {source_line:?} in {source:?}"
            );
        }
        for (s, t) in source.chars().zip(text.chars()) {
            if s == '\r' {
                assert_eq!(t, '\r', "\\r kept in {source:?}");
            } else {
                assert!(t == s || t == ' ', "{t:?} for {s:?} in {source:?}");
            }
        }
    }

    /// The GraphQL found, with the blanks around and between templates
    /// collapsed: for tests that don't care about columns.
    fn graphql(source: &str) -> String {
        check(source)
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn count(source: &str) -> usize {
        check(source).templates.len()
    }

    #[test]
    fn tagged_template_is_kept_in_place() {
        let extracted = check("const q = gql`query { a }`;");
        assert_eq!(extracted.text, "              query { a }  ");
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn graphql_tag() {
        let extracted = check("graphql`{ a }`");
        assert_eq!(extracted.text, "        { a } ");
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn member_tag() {
        assert_eq!(graphql("const q = Apollo.gql`{ a }`;"), "{ a }");
        assert_eq!(graphql("x.graphql`{ b }`"), "{ b }");
        assert_eq!(graphql("x?.gql`{ c }`"), "{ c }");
    }

    #[test]
    fn whitespace_and_comments_between_tag_and_backtick() {
        assert_eq!(graphql("gql /* c */ `{ a }`"), "{ a }");
        assert_eq!(graphql("gql // c\n  `{ a }`"), "{ a }");
        assert_eq!(graphql("gql\r\n\t`{ a }`"), "{ a }");
    }

    #[test]
    fn call_form() {
        let extracted = check("graphql(`query Q { a }`)");
        assert_eq!(extracted.text, "         query Q { a }  ");
        assert_eq!(extracted.templates.len(), 1);
        assert_eq!(graphql("gql( /* c */ `{ a }`, { x: 1 })"), "{ a }");
        assert_eq!(graphql("graphql(\n  `\n  { a }\n`\n)"), "{ a }");
    }

    #[test]
    fn only_the_first_call_argument_is_graphql() {
        assert_eq!(count("graphql(`{ a }`, `{ b }`)"), 1);
        assert_eq!(graphql("graphql(`{ a }`, `{ b }`)"), "{ a }");
        assert_eq!(count("graphql(x, `{ b }`)"), 0);
    }

    #[test]
    fn magic_comment() {
        let extracted = check("/* GraphQL */`{ a }`");
        assert_eq!(extracted.text, "              { a } ");
        assert_eq!(extracted.templates.len(), 1);
        assert_eq!(graphql("const q = /* GraphQL */ `{ a }`;"), "{ a }");
        assert_eq!(graphql("q = /*graphql*/`{ a }`"), "{ a }");
        assert_eq!(graphql("q = /*  GRAPHQL \n */ `{ a }`"), "{ a }");
        assert_eq!(graphql("f(/* GraphQL */ `{ a }`)"), "{ a }");
        assert_eq!(graphql("f(x, /* GraphQL */ `{ a }`)"), "{ a }");
    }

    #[test]
    fn magic_comment_must_be_directly_before_the_template() {
        assert_eq!(count("/* GraphQL */ x + `{ a }`"), 0);
        assert_eq!(count("/* GraphQL */ /* other */ `{ a }`"), 0);
        assert_eq!(count("/* GraphQL fragment */ `{ a }`"), 0);
        assert_eq!(count("// GraphQL\n`{ a }`"), 0);
        assert_eq!(count("/* GraphQL */ f(`{ a }`)"), 0);
    }

    #[test]
    fn tag_must_be_a_whole_identifier() {
        for source in [
            "mygql`{ a }`",
            "gqlx`{ a }`",
            "graphqlx`{ a }`",
            "$gql`{ a }`",
            "gql_`{ a }`",
            "ñgql`{ a }`",
            "mygraphql(`{ a }`)",
            "gql2`{ a }`",
        ] {
            assert_eq!(count(source), 0, "{source}");
        }
    }

    #[test]
    fn plain_templates_are_not_graphql() {
        assert_eq!(count("const s = `gql ${x} graphql`;"), 0);
        assert_eq!(count("f(`{ a }`)"), 0);
        assert_eq!(count("gql; `{ a }`"), 0);
        assert_eq!(count("gql.x`{ a }`"), 0);
        assert_eq!(count("gql(x)`{ a }`"), 0);
    }

    #[test]
    fn interpolation_is_blanked() {
        let extracted = check("gql`{ ...F }\n${fragment}`");
        assert_eq!(extracted.text, "    { ...F }\n            ");
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn interpolation_with_nested_code_is_blanked() {
        let source = "gql`{ a ${ f({ b: '}', c: \"`\" }, `x${ { } }y`, /* } ` */ 1) // }\n } b }`";
        let extracted = check(source);
        assert_eq!(
            extracted.text.split_whitespace().collect::<Vec<_>>(),
            ["{", "a", "b", "}"]
        );
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn escapes_are_raw_but_for_backtick_and_dollar() {
        let extracted = check(r"gql`{ a(s: ${x} ) }`");
        assert_eq!(extracted.text, "    { a(s:      ) } ");
        let extracted = check(r#"gql`{ a(s: "\`\${x}\n\\") }`"#);
        assert_eq!(extracted.text, r#"    { a(s: " ` ${x}\n\\") } "#);
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn escaped_backslash_before_backtick_closes() {
        let extracted = check(r"gql`{ a }\\` + `{ b }`");
        assert_eq!(extracted.text, r"    { a }\\           ");
    }

    #[test]
    fn graphql_nested_in_a_plain_templates_interpolation_is_found() {
        let extracted = check("const s = `x ${gql`{ a }`} y`;");
        assert_eq!(extracted.text, "                   { a }      ");
        assert_eq!(extracted.templates.len(), 1);
        assert_eq!(
            graphql("`${ `${ graphql(`{ a }`) }` }` + gql`{ b }`"),
            "{ a } { b }"
        );
        assert_eq!(count("`${ `${ graphql(`{ a }`) }` }` + gql`{ b }`"), 2);
    }

    #[test]
    fn graphql_nested_in_a_graphql_interpolation_is_blanked() {
        let extracted = check("gql`{ a ${gql`{ b }`} }`");
        assert_eq!(extracted.text, "    { a               } ");
        assert_eq!(extracted.templates.len(), 1);
        assert_eq!(
            graphql("gql`{ a ${gql`{ b }`} }`; gql`{ c }`"),
            "{ a } { c }"
        );
    }

    #[test]
    fn strings_do_not_hide_or_fake_templates() {
        assert_eq!(count("'gql`{ a }`'"), 0);
        assert_eq!(count("\"gql`\""), 0);
        assert_eq!(
            graphql("s = 'gql`'; t = \"`\\\"`\"; q = gql`{ a }`"),
            "{ a }"
        );
        assert_eq!(graphql("s = '\\'`'; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("s = 'a\\\nb`'; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("s = 'a\\\r\nb`'; q = gql`{ a }`"), "{ a }");
    }

    #[test]
    fn comments_do_not_hide_or_fake_templates() {
        assert_eq!(count("// gql`{ a }`\n"), 0);
        assert_eq!(count("/* gql`{ a }` */"), 0);
        assert_eq!(count("/* a ` */ x = 1; /* ` */"), 0);
        assert_eq!(graphql("// `\nq = gql`{ a }` // `"), "{ a }");
        assert_eq!(graphql("/* `\n*/ q = gql`{ a }` /* ` */"), "{ a }");
    }

    #[test]
    fn regex_with_a_backtick() {
        let extracted = check("const r = /`/; const q = gql`{ a }`;");
        assert_eq!(extracted.text, "                             { a }  ");
        assert_eq!(extracted.templates.len(), 1);
        assert_eq!(graphql("r = /[`]/g, q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("r = /\\`/, q = gql`{ a }`"), "{ a }");
    }

    #[test]
    fn regex_containing_slashes() {
        assert_eq!(graphql("r = /[//]`/; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("r = /\\//; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("r = /https?:\\/\\/`/i; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("r = /[\\]/`]/; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("r = /'/; q = gql`{ a }`"), "{ a }");
    }

    #[test]
    fn regex_after_keywords_and_punctuators() {
        assert_eq!(
            graphql("function f() { return /`/.test(s) }\nq = gql`{ a }`"),
            "{ a }"
        );
        assert_eq!(graphql("x = typeof /`/; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("f(/`/, gql`{ a }`)"), "{ a }");
        assert_eq!(graphql("[/`/, gql`{ a }`]"), "{ a }");
        assert_eq!(graphql("x = y ? /`/ : /`/; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("const f = () => /`/; q = gql`{ a }`"), "{ a }");
        assert_eq!(graphql("`${/`/}` + gql`{ a }`"), "{ a }");
        assert_eq!(graphql("graphql(/`/)`{ a }`"), "");
    }

    #[test]
    fn division_is_not_a_regex() {
        assert_eq!(graphql("x = a / 2; const q = gql`{ a }`;"), "{ a }");
        assert_eq!(
            graphql("const half = total / 2, q = gql`{ a }`, r = x / 3;"),
            "{ a }"
        );
        assert_eq!(graphql("x = f(a) / 2, q = gql`{ a }`, y = z / 2"), "{ a }");
        assert_eq!(graphql("x = a[0] / 2, q = gql`{ a }`, y = z / 2"), "{ a }");
        assert_eq!(
            graphql("x = 1.5e3 / 2, q = gql`{ a }`, y = 0x1F / 2"),
            "{ a }"
        );
        assert_eq!(graphql("x = 'a' / 2, q = gql`{ a }`, y = z / 2"), "{ a }");
        assert_eq!(graphql("x = i++ / 2, q = gql`{ a }`, y = j-- / 2"), "{ a }");
        assert_eq!(
            graphql("x = o.return / 2, q = gql`{ a }`, y = z / 2"),
            "{ a }"
        );
        assert_eq!(graphql("x = `t` / 2, q = gql`{ a }`, y = z / 2"), "{ a }");
        assert_eq!(graphql("x = a /= 2, q = gql`{ a }`, y = z / 2"), "{ a }");
        assert_eq!(graphql("x = $_a1 / 2, q = gql`{ a }`, y = z / 2"), "{ a }");
    }

    #[test]
    fn jsx_apostrophe_before_a_template() {
        let source = "const A = () => <p>don't</p>;\nconst q = gql`{ a }`;";
        assert_eq!(graphql(source), "{ a }");
        assert_eq!(count(source), 1);
        let source = "const A = () => (\n  <div>\n    <p>It's</p>\n  </div>\n);\nconst q = gql`\n  { a }\n`;\n";
        assert_eq!(graphql(source), "{ a }");
    }

    #[test]
    fn jsx_closing_tags_are_not_regexes() {
        let source = "const A = <p>x</p>; const q = gql`{ a }`; const B = <b>y</b>;";
        assert_eq!(graphql(source), "{ a }");
        let source = "const A = <div><br /><img src=\"a\" /></div>; q = gql`{ a }`";
        assert_eq!(graphql(source), "{ a }");
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        let extracted = check("const q = gql`\r\n  query {\r\n    a\r\n  }\r\n`;\r\n");
        assert_eq!(
            extracted.text,
            "              \r\n  query {\r\n    a\r\n  }\r\n  \r\n"
        );
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn non_ascii_before_a_template_keeps_columns() {
        let source = "const s = 'héllo wörld 🎉'; /* ünïcode */ const q = gql`{ a }`;";
        let extracted = check(source);
        let source_column = source.chars().position(|c| c == '{');
        let text_column = extracted.text.chars().position(|c| c == '{');
        assert!(source_column.is_some());
        assert_eq!(text_column, source_column);
        assert!(extracted.text.is_ascii());
        assert_eq!(extracted.templates.len(), 1);
    }

    #[test]
    fn non_ascii_inside_a_template_is_kept() {
        let extracted = check("const café = gql`{ a(s: \"ü🎉\") }`;");
        assert_eq!(extracted.text, "                 { a(s: \"ü🎉\") }  ");
    }

    #[test]
    fn unicode_identifiers() {
        assert_eq!(
            graphql("const ñ = a / 2, q = gql`{ a }`, r = b / 2"),
            "{ a }"
        );
        assert_eq!(count("ñgql`{ a }`"), 0);
    }

    #[test]
    fn several_templates() {
        let extracted = check("a = gql`{ a }`;gql`{ b }`\nb = graphql(`{ c }`)");
        assert_eq!(
            extracted.text,
            "        { a }      { b } \n             { c }  "
        );
        let each: Vec<&str> = extracted
            .templates
            .iter()
            .map(|range| &extracted.text[range.clone()])
            .collect();
        assert_eq!(each, ["{ a }", "{ b }", "{ c }"]);
    }

    #[test]
    fn template_ranges_are_byte_ranges_of_the_text() {
        let extracted = check("é = gql`{ é }`; gql`{ ${x} b }`; gql`{ c");
        let each: Vec<&str> = extracted
            .templates
            .iter()
            .map(|range| &extracted.text[range.clone()])
            .collect();
        assert_eq!(each, ["{ é }", "{      b }", "{ c"]);
    }

    #[test]
    fn hashbang_line_is_skipped() {
        assert_eq!(graphql("#!/usr/bin/env node '`\nq = gql`{ a }`"), "{ a }");
    }

    #[test]
    fn typescript_template_literal_types() {
        let source = "type K = `${string}-id`;\nconst q = gql`{ a }` as const;";
        assert_eq!(graphql(source), "{ a }");
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for source in [
            "",
            "`",
            "gql`",
            "gql`{ a",
            "gql`{ a ${",
            "gql`{ a ${ `",
            "gql`{ a }\\",
            "gql`\\",
            "\\",
            "'\\",
            "\"",
            "/*",
            "/* GraphQL",
            "/* GraphQL *",
            "//",
            "/",
            "x /",
            "/[",
            "/\\",
            "}",
            "}}}`${}}}`",
            "${",
            "graphql(",
            "#!",
            "#",
        ] {
            check(source);
        }
        assert_eq!(check("gql`{ a").text, "    { a");
        assert_eq!(check("gql`{ a").templates.len(), 1);
        assert_eq!(check("gql`\\").text, "    \\");
    }

    #[test]
    fn every_short_input_keeps_the_layout() {
        let alphabet: Vec<char> = "`${}/\\'\"*\ng(\r".chars().collect();
        let mut source = String::new();
        for length in 0..=4u32 {
            for index in 0..alphabet.len().pow(length) {
                source.clear();
                let mut rest = index;
                for _ in 0..length {
                    source.push(alphabet[rest % alphabet.len()]);
                    rest /= alphabet.len();
                }
                check(&source);
            }
        }
    }

    #[test]
    fn every_prefix_of_a_script_keeps_the_layout() {
        let script = "#!/usr/bin/env node\r\nimport { gql } from '@apollo/client';\n\
            const r = /[`/]\\//g, d = a / 2;\n/* GraphQL */ const x = `a${ `b${gql`{ é }`}` }`;\n\
            const A = () => <p>don't</p>;\nexport const Q = gql`\n  query Q($id: ID!) {\n    \
            user(id: $id) { ...F \\` }\n  }\n  ${F}\n`;\n";
        for (index, _) in script.char_indices() {
            check(&script[..index]);
        }
        assert_eq!(count(script), 2);
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let depth = 100_000;
        let source = "`${".repeat(depth) + &"}`".repeat(depth) + "gql`{ a }`";
        assert_eq!(graphql(&source), "{ a }");
        let source = "`${".repeat(depth);
        assert_eq!(count(&source), 0);
    }
}
