//! A JSON reader that keeps where every value is (serde_json's `Value`
//! forgets), so that diagnostics and lint findings can name a line and a
//! column. RFC 8259; a duplicate object key is kept (both entries, in
//! document order) for the caller to report.
//!
//! ```
//! let doc = kms_json::parse(r#"{"Effect": "Allow", "Effect": "Deny"}"#).unwrap();
//! let effects: Vec<_> = doc.entries("Effect").map(|v| v.as_str().unwrap()).collect();
//! assert_eq!(effects, ["Allow", "Deny"]);
//! // `get` gives the last, as parsers that accept duplicates keep it.
//! assert_eq!(doc.get("Effect").unwrap().as_str(), Some("Deny"));
//! assert_eq!(doc.get("Effect").unwrap().start, 30);
//! assert_eq!(kms_json::line_col(r#"{"a":
//!   1}"#, 8), (2, 3));
//! ```
//!
//! No dependencies: this crate is compiled into the build script of every
//! crate that depends on `kms-types`.

#![deny(missing_docs)]

mod index;

pub use index::SourceIndex;

use std::fmt;

/// A JSON value with its byte span in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    /// The value.
    pub value: Json,
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
}

/// A JSON value whose children carry spans.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Spanned>),
    /// An object: (key, key start offset, value), in document order.
    Object(Vec<(String, usize, Spanned)>),
}

impl Spanned {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, usize, Spanned)]> {
        match &self.value {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Spanned]> {
        match &self.value {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Json::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Every entry named `key` in document order (more than one when the
    /// object repeats the key); none if this is not an object.
    pub fn entries<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Spanned> + 'a {
        self.as_object()
            .unwrap_or(&[])
            .iter()
            .filter(move |(k, _, _)| k == key)
            .map(|(_, _, v)| v)
    }

    /// The entry named `key`, if this is an object that has one; when the
    /// object repeats the key, the last one, as JSON parsers that accept
    /// duplicates (serde_json, Python's `json`, JavaScript's `JSON.parse`)
    /// keep it. [`Spanned::entries`] gives them all.
    pub fn get(&self, key: &str) -> Option<&Spanned> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, v)| v)
    }

    /// A JSON type name for messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub message: String,
    /// Byte offset of the problem.
    pub offset: usize,
    /// JSON pointer of the element being read when parsing stopped.
    pub path: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (byte {})", self.message, self.offset)
    }
}

/// Nesting deeper than this is refused rather than overflowing the stack.
const MAX_DEPTH: usize = 128;

/// Parses a whole document.
pub fn parse(text: &str) -> Result<Spanned, JsonError> {
    let (value, end) = parse_prefix(text)?;
    if end < text.len() {
        return Err(JsonError {
            message: "unexpected text after the JSON value".to_string(),
            offset: end,
            path: String::new(),
        });
    }
    Ok(value)
}

/// Parses the JSON value at the start of `text` (after whitespace) and
/// returns it with the byte offset just past it and the whitespace that
/// follows: what is left for the caller (a second value, a comma, prose).
pub fn parse_prefix(text: &str) -> Result<(Spanned, usize), JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        path: Vec::new(),
    };
    // A UTF-8 byte order mark is tolerated, as editors write one.
    if text.starts_with('\u{feff}') {
        parser.pos = 3;
    }
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    Ok((value, parser.pos))
}

/// The byte offset just past the JSON string token that starts (with its
/// opening `"`) at `start` in `text`: the end of an object key's span, which
/// the unescaped key's length does not give (`"a\t€"` is 8 bytes of text
/// for a 5-byte key). `text.len()` if the string is not closed.
pub fn string_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// The 1-based line and column (counted in characters) of byte `offset` in
/// `text`; an offset inside a character counts as that character, one past
/// the end as the column after the last character. For many offsets in one
/// text, build a [`SourceIndex`] once.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    // One location: indexing the text costs what counting would.
    SourceIndex::new(text).line_col(offset)
}

/// Compact JSON text (no whitespace), strings escaped as RFC 8259 asks and
/// numbers as written; duplicate keys are written as they were read.
impl fmt::Display for Spanned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// Compact JSON text, as for [`Spanned`].
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => f.write_str(n),
            Json::String(s) => write_string(f, s),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    item.fmt(f)?;
                }
                f.write_str("]")
            }
            Json::Object(entries) => {
                f.write_str("{")?;
                for (i, (key, _, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    f.write_str(":")?;
                    value.fmt(f)?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

/// Walks a JSON text token by token, for a caller that does not want the
/// whole document in memory: a linter reading a large policy's statements
/// one at a time, a reader deciding what a file is from its top-level keys.
/// Values it builds ([`Reader::value`]) carry spans into the whole text;
/// [`Reader::skip_value`] checks a value without building it.
///
/// ```
/// let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}, {"Effect": "Deny"}]}"#;
/// let mut reader = kms_json::Reader::new(text);
/// assert!(reader.eat(b'{'));
/// let (key, _) = reader.key().unwrap();
/// assert_eq!(key, "Version");
/// assert!(reader.eat(b':'));
/// reader.skip_value().unwrap();
/// assert!(reader.eat(b','));
/// let (key, _) = reader.key().unwrap();
/// assert!(reader.eat(b':') && reader.eat(b'['));
/// let first = reader.value().unwrap();
/// assert_eq!(first.get("Effect").unwrap().as_str(), Some("Allow"));
/// assert_eq!(&text[first.start..first.end], r#"{"Effect": "Allow"}"#);
/// ```
pub struct Reader<'a> {
    parser: Parser<'a>,
    /// How many `{` and `[` have been eaten and not closed: values read here
    /// nest as deep as [`parse`] would let them at this place.
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text` (after a UTF-8 byte order mark).
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            parser: Parser {
                bytes: text.as_bytes(),
                text,
                pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
                path: Vec::new(),
            },
            depth: 0,
        }
    }

    /// The byte offset of the next token (after whitespace).
    pub fn position(&mut self) -> usize {
        self.parser.skip_whitespace();
        self.parser.pos
    }

    /// The next byte after whitespace, without consuming it.
    pub fn peek(&mut self) -> Option<u8> {
        self.parser.skip_whitespace();
        self.parser.bytes.get(self.parser.pos).copied()
    }

    /// Consumes `byte` (after whitespace) if it comes next. `{` and `[`
    /// open a level of nesting, `}` and `]` close one.
    pub fn eat(&mut self, byte: u8) -> bool {
        if self.peek() != Some(byte) {
            return false;
        }
        self.parser.pos += 1;
        match byte {
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        true
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// Reads a string (an object key), with the offset of its opening quote.
    pub fn key(&mut self) -> Result<(String, usize), JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.parser.error("expected a string key"));
        }
        let start = self.parser.pos;
        Ok((self.parser.string()?, start))
    }

    /// Reads the next value, with spans into the whole text.
    pub fn value(&mut self) -> Result<Spanned, JsonError> {
        self.parser.skip_whitespace();
        self.parser.value(self.depth)
    }

    /// Checks the next value as [`Reader::value`] would, building nothing.
    pub fn skip_value(&mut self) -> Result<(), JsonError> {
        self.parser.skip_whitespace();
        self.parser.skip(self.depth)
    }
}

/// The offset of the first byte at or after `from` that ends a plain run
/// of string content: `"`, `\\` or a control character (`bytes.len()` if
/// none). Eight bytes at a time: strings are most of a policy's text.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let stop = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut i = from.min(bytes.len());
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
        // The lowest flagged byte is exact (borrows only flag bytes above it).
        let flagged = zero(x ^ (ONES * b'"' as u64))
            | zero(x ^ (ONES * b'\\' as u64))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS);
        if flagged != 0 {
            return i + (flagged.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !stop(bytes[i]) {
        i += 1;
    }
    i
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    /// Keys and indices from the root to the element being read.
    path: Vec<Segment>,
}

/// One step of the path to the element being read: indices are kept as
/// numbers, so that reading an array allocates nothing for its path.
enum Segment {
    Key(String),
    Index(usize),
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            message: message.into(),
            offset: self.pos.min(self.bytes.len()),
            path: self
                .path
                .iter()
                .map(|segment| match segment {
                    Segment::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
                    Segment::Index(index) => format!("/{index}"),
                })
                .collect(),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Spanned, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.error("expected a JSON value, found the end of the text")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Json::String(self.string()?),
            Some(b't') => self.literal("true", Json::Bool(true))?,
            Some(b'f') => self.literal("false", Json::Bool(false))?,
            Some(b'n') => self.literal("null", Json::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let found = self.text[self.pos..].chars().next().unwrap_or(' ');
                return Err(self.error(format!("expected a JSON value, found `{found}`")));
            }
        };
        Ok(Spanned {
            value,
            start,
            end: self.pos,
        })
    }

    /// What `value` checks, building nothing.
    fn skip(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        match self.bytes.get(self.pos) {
            None => Err(self.error("expected a JSON value, found the end of the text")),
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => {
                let close = if self.bytes[self.pos] == b'{' {
                    b'}'
                } else {
                    b']'
                };
                let object = close == b'}';
                self.pos += 1;
                self.skip_whitespace();
                if self.bytes.get(self.pos) == Some(&close) {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.skip_whitespace();
                    if object {
                        if self.bytes.get(self.pos) != Some(&b'"') {
                            return Err(self.error("expected a string key"));
                        }
                        self.skip_string()?;
                        self.skip_whitespace();
                        if self.bytes.get(self.pos) != Some(&b':') {
                            return Err(self.error("expected `:` after the key"));
                        }
                        self.pos += 1;
                        self.skip_whitespace();
                    }
                    self.skip(depth + 1)?;
                    self.skip_whitespace();
                    match self.bytes.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(&b) if b == close => {
                            self.pos += 1;
                            return Ok(());
                        }
                        _ if object => return Err(self.error("expected `,` or `}`")),
                        _ => return Err(self.error("expected `,` or `]`")),
                    }
                }
            }
            Some(_) => self.value(depth).map(|_| ()),
        }
    }

    /// What `string` checks, building nothing.
    fn skip_string(&mut self) -> Result<(), JsonError> {
        self.pos += 1;
        loop {
            // Runs without a quote, backslash or control character at once.
            self.pos = plain_run_end(self.bytes, self.pos);
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            match byte {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    match self.bytes.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            self.unicode_escape()?;
                        }
                        _ => return Err(self.error("invalid escape in string")),
                    }
                }
                0x00..=0x1f => return Err(self.error("control character in string")),
                _ => self.pos += 1,
            }
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(format!("expected `{word}`")))
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("expected a digit")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("expected a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(Json::Number(self.text[start..self.pos].to_string()))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        // Most strings have no escape: find the closing quote and copy once.
        let start = self.pos;
        self.pos = plain_run_end(self.bytes, start);
        if self.bytes.get(self.pos) == Some(&b'"') {
            self.pos += 1;
            return Ok(self.text[start..self.pos - 1].to_string());
        }
        let mut out = self.text[start..self.pos].to_string();
        loop {
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            match byte {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escape = self.bytes.get(self.pos).copied();
                    self.pos += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape in string"));
                        }
                    }
                }
                0x00..=0x1f => return Err(self.error("control character in string")),
                _ => {
                    // Copy one whole UTF-8 character.
                    let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                    out.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
        self.pos += 4;
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0xfffd))
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            self.pos += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                let code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
        }
        Ok(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Json::Array(Vec::new()));
        }
        let mut items = Vec::with_capacity(4);
        loop {
            self.skip_whitespace();
            self.path.push(Segment::Index(items.len()));
            items.push(self.value(depth + 1)?);
            self.path.pop();
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Json::Object(Vec::new()));
        }
        // Policy objects hold a handful of entries: one allocation, mostly.
        let mut entries = Vec::with_capacity(6);
        loop {
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.pos += 1;
            self.skip_whitespace();
            self.path.push(Segment::Key(key));
            let value = self.value(depth + 1)?;
            let key = match self.path.pop() {
                Some(Segment::Key(key)) => key,
                _ => String::new(), // the key pushed above
            };
            entries.push((key, key_start, value));
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(entries));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_values() {
        let doc = parse(r#"{"a": [1, "x\u00e9", true], "b": null}"#).unwrap();
        let a = doc.get("a").unwrap();
        assert_eq!(a.start, 6);
        let Json::Array(items) = &a.value else {
            panic!()
        };
        assert_eq!(items[1].as_str(), Some("xé"));
        assert_eq!(items[0].value, Json::Number("1".into()));
        assert_eq!(doc.get("b").unwrap().value, Json::Null);
    }

    #[test]
    fn errors_have_offsets() {
        let error = parse(r#"{"a": 1 "b": 2}"#).unwrap_err();
        assert_eq!(error.offset, 8);
        let error = parse(r#"{"Statement": [{"Action": [tru]}]}"#).unwrap_err();
        assert_eq!(error.path, "/Statement/0/Action/0");
        assert!(parse("[1,]").is_err());
        assert!(parse("01").is_err());
        assert!(parse(&"[".repeat(1000)).is_err());
        assert!(parse("\"\\ud83d\\ude00\"").is_ok());
    }

    #[test]
    fn prefix_leaves_the_rest() {
        let text = r#" {"a": 1} , {"b": 2}"#;
        let (first, end) = parse_prefix(text).unwrap();
        assert_eq!(first.to_string(), r#"{"a":1}"#);
        assert_eq!(&text[end..], r#", {"b": 2}"#);
        assert_eq!(parse(text).unwrap_err().offset, end);
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"\u{e9}t\u{e9}\": x}";
        let error = parse(text).unwrap_err();
        assert_eq!(line_col(text, error.offset), (2, 10));
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.len() + 5), (2, 12));
        // Inside a multi-byte character: that character's column.
        assert_eq!(line_col(text, 5), (2, 4));
    }

    #[test]
    fn key_spans_cover_escapes() {
        let text = "{\"kms:X\\t\\t\u{20ac}\": 1}";
        let doc = parse(text).unwrap();
        let (key, at, _) = &doc.as_object().unwrap()[0];
        assert_eq!(key, "kms:X\t\t\u{20ac}");
        let end = string_end(text, *at);
        assert_eq!(&text[*at..end], "\"kms:X\\t\\t\u{20ac}\"");
        assert_eq!(string_end("\"open", 0), 5);
    }

    #[test]
    fn duplicates_are_kept_in_order() {
        let doc = parse(r#"{"k": 1, "x": 0, "k": 2}"#).unwrap();
        let all: Vec<String> = doc.entries("k").map(ToString::to_string).collect();
        assert_eq!(all, ["1", "2"]);
        assert_eq!(doc.to_string(), r#"{"k":1,"x":0,"k":2}"#);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,64}") {
            if let Err(error) = parse(&text) {
                proptest::prop_assert!(error.offset <= text.len());
                let _ = line_col(&text, error.offset);
            }
        }

        #[test]
        fn agrees_with_serde_json(text in r#"[\[\]{}":, 0-9a-z.\-]{0,24}"#) {
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}", text);
            if let Ok(ours) = ours {
                // What we write is JSON that serde_json reads back as the same value.
                let again = serde_json::from_str::<serde_json::Value>(&ours.to_string());
                proptest::prop_assert_eq!(again.ok(), theirs.ok());
            }
        }

        #[test]
        fn strings_round_trip(s in "\\PC{0,16}|[\\x00-\\x1f\"\\\\]{0,8}") {
            let written = Spanned { value: Json::String(s.clone()), start: 0, end: 0 }.to_string();
            let read = parse(&written).unwrap();
            proptest::prop_assert_eq!(read.as_str(), Some(s.as_str()));
            proptest::prop_assert_eq!(serde_json::from_str::<String>(&written).unwrap(), s);
        }

        /// The eight-bytes-at-a-time scan finds what a byte-by-byte one does.
        #[test]
        fn plain_runs_end_where_a_byte_scan_says(bytes in proptest::collection::vec(proptest::prop_oneof![proptest::strategy::Just(b'"'), proptest::strategy::Just(b'\\'), proptest::strategy::Just(0x1fu8), proptest::strategy::Just(0x20u8), proptest::strategy::Just(b'a'), proptest::strategy::Just(0x80u8), proptest::strategy::Just(0xffu8), proptest::arbitrary::any::<u8>()], 0..40), from in 0usize..40) {
            let expected = (from.min(bytes.len())..bytes.len())
                .find(|&i| bytes[i] == b'"' || bytes[i] == b'\\' || bytes[i] < 0x20)
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(plain_run_end(&bytes, from), expected);
        }

        /// Skipping checks exactly what reading checks, and stops at the
        /// same place (or the same error).
        #[test]
        fn skipping_agrees_with_reading(text in r#"[\[\]{}":, 0-9a-z.\-\\u]{0,24}"#) {
            let mut read = Reader::new(&text);
            let mut skipped = Reader::new(&text);
            let value = read.value();
            let skip = skipped.skip_value();
            proptest::prop_assert_eq!(value.is_ok(), skip.is_ok(), "{}", text);
            match (value, skip) {
                (Ok(_), Ok(())) => proptest::prop_assert_eq!(read.position(), skipped.position()),
                (Err(a), Err(b)) => proptest::prop_assert_eq!((a.offset, a.message), (b.offset, b.message)),
                _ => {}
            }
        }
    }
}
