//! YAML (CloudFormation templates) read into the same spanned values as
//! JSON, with byte offsets into the YAML text, so that the linter's
//! findings point at the template's lines and columns.
//!
//! CloudFormation's short-form tags become their long form, as
//! CloudFormation reads them: `!Ref X` → `{"Ref": "X"}`, `!Sub ...` →
//! `{"Fn::Sub": ...}`, `!GetAtt a.b` → `{"Fn::GetAtt": "a.b"}`; the linter
//! treats those as opaque. Scalars follow the YAML 1.2 core schema (`true`,
//! `null`, numbers; everything else, and every quoted scalar, a string).
//! Anchors and aliases are resolved. Only the first document is read.

use std::collections::HashMap;

use kms_json::{Json, Spanned};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Text that is not YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// Byte offset of the problem.
    pub offset: usize,
}

/// Reads the first document of `text`.
pub fn parse(text: &str) -> Result<Spanned, YamlError> {
    // saphyr counts positions in characters; the linter wants bytes.
    let bytes_at: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |span_index: usize| bytes_at[span_index.min(bytes_at.len() - 1)];
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        byte: &byte,
        depth: 0,
    };
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            Event::StreamEnd | Event::DocumentEnd => {
                return Ok(Spanned {
                    value: Json::Null,
                    start: byte(span.start.index()),
                    end: byte(span.start.index()),
                });
            }
            event => return reader.node(event, span),
        }
    }
}

/// Nesting deeper than this is refused rather than overflowing the stack.
const MAX_DEPTH: usize = 128;

struct Reader<'a, 'b> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Spanned>,
    byte: &'b dyn Fn(usize) -> usize,
    depth: usize,
}

impl<'a> Reader<'a, '_> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(error)) => Err(YamlError {
                message: error.info().to_string(),
                offset: (self.byte)(error.marker().index()),
            }),
            None => Err(YamlError {
                message: "the YAML ends inside a value".to_string(),
                offset: (self.byte)(usize::MAX),
            }),
        }
    }

    fn error(&self, message: &str, span: &Span) -> YamlError {
        YamlError {
            message: message.to_string(),
            offset: (self.byte)(span.start.index()),
        }
    }

    /// The node that `event` starts.
    fn node(&mut self, event: Event<'a>, span: Span) -> Result<Spanned, YamlError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("YAML nested too deeply", &span));
        }
        let start = (self.byte)(span.start.index());
        let (node, anchor, tag) = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let value = if plain {
                    core_schema(&value)
                } else {
                    Json::String(value.into_owned())
                };
                let end = (self.byte)(span.end.index()).max(start);
                (Spanned { value, start, end }, anchor, tag)
            }
            Event::SequenceStart(anchor, tag) => {
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    match event {
                        Event::SequenceEnd => break (self.byte)(span.end.index()),
                        event => items.push(self.node(event, span)?),
                    }
                };
                let end = end.max(items.last().map_or(start, |i: &Spanned| i.end));
                (
                    Spanned {
                        value: Json::Array(items),
                        start,
                        end,
                    },
                    anchor,
                    tag,
                )
            }
            Event::MappingStart(anchor, tag) => {
                let mut entries = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    let key = match event {
                        Event::MappingEnd => break (self.byte)(span.end.index()),
                        event => self.node(event, span)?,
                    };
                    let key_text = match &key.value {
                        Json::String(s) | Json::Number(s) => s.clone(),
                        Json::Bool(b) => b.to_string(),
                        Json::Null => "null".to_string(),
                        _ => {
                            return Err(YamlError {
                                message: "a mapping key is a scalar in a template".to_string(),
                                offset: key.start,
                            });
                        }
                    };
                    let (event, span) = self.next()?;
                    let value = self.node(event, span)?;
                    entries.push((key_text, key.start, value));
                };
                let end = end.max(entries.last().map_or(start, |(_, _, v)| v.end));
                (
                    Spanned {
                        value: Json::Object(entries),
                        start,
                        end,
                    },
                    anchor,
                    tag,
                )
            }
            Event::Alias(id) => {
                self.depth -= 1;
                return match self.anchors.get(&id) {
                    Some(node) => Ok(node.clone()),
                    None => Err(self.error("an alias to an unknown anchor", &span)),
                };
            }
            _ => return Err(self.error("unexpected YAML structure", &span)),
        };
        self.depth -= 1;
        // A CloudFormation short form (`!Sub`): the long form, around the node.
        let node = match tag {
            Some(tag) if tag.handle == "!" => {
                let name = match tag.suffix.as_str() {
                    "Ref" | "Condition" => tag.suffix.clone(),
                    other => format!("Fn::{other}"),
                };
                let (start, end) = (node.start, node.end);
                Spanned {
                    value: Json::Object(vec![(name, start, node)]),
                    start,
                    end,
                }
            }
            _ => node,
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

/// A plain scalar by the YAML 1.2 core schema.
fn core_schema(text: &str) -> Json {
    match text {
        "true" | "True" | "TRUE" => Json::Bool(true),
        "false" | "False" | "FALSE" => Json::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Json::Null,
        _ if is_number(text) => Json::Number(text.to_string()),
        _ => Json::String(text.to_string()),
    }
}

/// A decimal integer or float of the core schema (`3`, `-1.5`, `2e10`).
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    let dots = mantissa.chars().filter(|&c| c == '.').count();
    let mantissa_ok = digits > 0 && dots <= 1 && digits + dots == mantissa.len();
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_tags_and_scalars() {
        let text = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Enabled: true\n      Description: !Sub \"key for ${AWS::StackName}\"\n      Count: 3\n";
        let doc = parse(text).unwrap();
        let key = doc.get("Resources").unwrap().get("Key").unwrap();
        let ty = key.get("Type").unwrap();
        assert_eq!(ty.as_str(), Some("AWS::KMS::Key"));
        assert_eq!(&text[ty.start..ty.end], "AWS::KMS::Key");
        let properties = key.get("Properties").unwrap();
        assert_eq!(properties.get("Enabled").unwrap().as_bool(), Some(true));
        let description = properties.get("Description").unwrap();
        let (name, _, inner) = &description.as_object().unwrap()[0];
        assert_eq!(name, "Fn::Sub");
        assert_eq!(inner.as_str(), Some("key for ${AWS::StackName}"));
        assert_eq!(
            properties.get("Count").unwrap().value,
            Json::Number("3".into())
        );
        // Mapping keys point at the key in the text.
        let (_, at, _) = &properties.as_object().unwrap()[0];
        assert_eq!(&text[*at..*at + 7], "Enabled");
    }

    #[test]
    fn multi_byte_text_and_errors() {
        let text = "a: \"\u{e9}\u{e9}\"\nb: [1, 2]\n";
        let doc = parse(text).unwrap();
        let b = doc.get("b").unwrap();
        assert_eq!(&text[b.start..b.start + 1], "[");
        assert!(parse("a: [1, 2\nb: 3").is_err());
        assert!(parse(&"[".repeat(500)).is_err());
        assert_eq!(parse("").unwrap().value, Json::Null);
        let anchors = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(
            anchors.get("b").unwrap().get("k").unwrap().as_str(),
            Some("v")
        );
    }
}
