//! The strict JSON reader every JSON document's parser uses: objects
//! checked against their known fields (unknown, missing and repeated fields
//! are errors), values of the wrong JSON type, names that must be unique
//! ignoring case or equal their map key, condition-key names; each problem
//! an error at its byte span, so diagnostics point at file:line:col.

use std::collections::BTreeMap;
use std::ops::Range;

use kms_json::Spanned;

use crate::diagnostic::Diagnostic;
use crate::key_name::KeyName;
use crate::model::{ConditionType, ValueType};
use crate::read::policy_sentry_json::{CONDITION_TYPES, condition_type};
use crate::source::SourceText;

/// The document as JSON, or `None` with an error at the first byte that is
/// not JSON.
pub(crate) fn parse_json(
    source: &SourceText,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned> {
    match kms_json::parse(&source.text) {
        Ok(root) => Some(root),
        Err(error) => {
            let at = error.offset;
            diagnostics.push(source.error(
                at..at + 1,
                format!("`{}` is not valid JSON: {}", source.path, error.message),
            ));
            None
        }
    }
}

/// Reads values and reports problems at their place.
pub(crate) struct Reader<'a> {
    pub(crate) source: &'a SourceText,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
    /// The first place each condition key name is referenced
    /// ([`Reader::key_names`]), for reports about a key.
    pub(crate) key_references: BTreeMap<String, Range<usize>>,
}

/// An object's entries, checked against its known fields.
pub(crate) struct Fields<'a> {
    pub(crate) entries: &'a [(String, usize, Spanned)],
    start: usize,
    what: String,
}

impl<'a> Reader<'a> {
    /// A reader of `source` that reports into `diagnostics`.
    pub(crate) fn new(source: &'a SourceText, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Reader {
            source,
            diagnostics,
            key_references: BTreeMap::new(),
        }
    }

    pub(crate) fn error(&mut self, span: Range<usize>, message: String, help: Option<&str>) {
        let mut diagnostic = self.source.error(span, message);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn wrong(&mut self, value: &Spanned, what: &str, expected: &str) {
        self.error(
            value.start..value.start + 1,
            format!("{what} must be {expected}, found {}", value.kind()),
            None,
        );
    }

    /// The entries of an object; with `known` non-empty, unknown and
    /// repeated fields are errors.
    pub(crate) fn object<'v>(
        &mut self,
        value: &'v Spanned,
        what: &str,
        known: &[&str],
    ) -> Option<Fields<'v>> {
        let Some(entries) = value.as_object() else {
            self.wrong(value, what, "an object");
            return None;
        };
        if !known.is_empty() {
            let mut seen: Vec<&str> = Vec::new();
            for (field, at, _) in entries {
                let span = *at..*at + field.len() + 2;
                if !known.contains(&field.as_str()) {
                    let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                    self.error(
                        span,
                        format!("unknown field `{field}` in {what}"),
                        Some(&format!("expected one of {}", list.join(", "))),
                    );
                } else if seen.contains(&field.as_str()) {
                    self.error(
                        span,
                        format!("duplicate field `{field}` in {what}"),
                        Some("each field may appear once; JSON readers disagree on which one wins"),
                    );
                } else {
                    seen.push(field);
                }
            }
        }
        Some(Fields {
            entries,
            start: value.start,
            what: what.to_string(),
        })
    }

    pub(crate) fn string(&mut self, value: &Spanned, what: &str) -> Option<String> {
        let text = value.as_str().map(str::to_string);
        if text.is_none() {
            self.wrong(value, what, "a string");
        }
        text
    }

    /// Records a map key; a second key equal to an earlier one ignoring
    /// case is an error (IAM names are case-insensitive).
    pub(crate) fn unique_name(
        &mut self,
        seen: &mut BTreeMap<String, usize>,
        name: &str,
        at: usize,
        kind: &str,
    ) -> bool {
        let folded = name.to_ascii_lowercase();
        if let Some(first) = seen.get(&folded) {
            let line = self.source.location(*first).line;
            self.error(
                at..at + name.len() + 2,
                format!("duplicate {kind} `{name}`"),
                Some(&format!(
                    "first defined at line {line}; IAM names are case-insensitive, so each may appear once"
                )),
            );
            return false;
        }
        seen.insert(folded, at);
        true
    }

    /// A record's own name field must equal its map key.
    pub(crate) fn same_name(
        &mut self,
        declared: &str,
        key: &str,
        value: Option<&Spanned>,
        field: &str,
    ) -> bool {
        if declared == key {
            return true;
        }
        let span = value.map_or(0..1, |v| v.start..v.end);
        self.error(
            span,
            format!("`{field}` is `{declared}` under the key `{key}`; they must be equal"),
            None,
        );
        false
    }

    /// Reads each entry of a map of records (names unique ignoring case):
    /// the records that read with no new diagnostic, how many entries were
    /// read, and how many were reported.
    pub(crate) fn records<T>(
        &mut self,
        map: &Fields,
        kind: &str,
        mut read: impl FnMut(&mut Self, &str, usize, &Spanned) -> Option<T>,
    ) -> (Vec<T>, usize, usize) {
        let mut seen = BTreeMap::new();
        let (mut records, mut reported) = (Vec::new(), 0);
        for (name, at, value) in map.entries {
            let before = self.diagnostics.len();
            self.unique_name(&mut seen, name, *at, kind);
            match read(self, name, *at, value) {
                Some(record) if self.diagnostics.len() == before => records.push(record),
                _ => reported += 1,
            }
        }
        (records, map.entries.len(), reported)
    }

    /// Every key name of a list is a key name (each error at its span).
    pub(crate) fn key_names(&mut self, keys: &[(String, Range<usize>)], owner: &str) -> bool {
        let mut ok = true;
        for (key, span) in keys {
            ok &= self.key_name(key, span.clone(), owner);
            self.key_references
                .entry(key.clone())
                .or_insert_with(|| span.clone());
        }
        ok
    }

    /// A `type` field holding one of the database's condition types
    /// ([`CONDITION_TYPES`]): its text and what it means.
    pub(crate) fn condition_type(
        &mut self,
        fields: &Fields,
        owner: &str,
    ) -> Option<(String, (ConditionType, ValueType))> {
        let value = fields.require(self, "type")?;
        let text = self.string(value, "`type`")?;
        let parsed = condition_type(&text);
        if parsed.is_none() {
            let known: Vec<String> = CONDITION_TYPES
                .iter()
                .map(|(n, _, _)| format!("`{n}`"))
                .collect();
            self.error(
                value.start..value.end,
                format!("unknown condition type `{text}` for `{owner}`"),
                Some(&format!("expected one of {}", known.join(", "))),
            );
        }
        parsed.map(|p| (text, p))
    }

    /// An `arn` field holding an ARN format (`arn:${Partition}:...`).
    pub(crate) fn arn_format(&mut self, fields: &Fields, owner: &str) -> Option<String> {
        let arn = fields.string(self, "arn")?;
        if !arn.starts_with("arn:") {
            let value = fields.get("arn").expect("read above");
            self.error(
                value.start..value.end,
                format!("the ARN format of `{owner}` does not start with `arn:`"),
                None,
            );
            return None;
        }
        Some(arn)
    }

    pub(crate) fn key_name(&mut self, name: &str, span: Range<usize>, owner: &str) -> bool {
        match KeyName::parse(name) {
            Ok(_) => true,
            Err(error) => {
                self.error(span, format!("in `{owner}`: {}", error.0), None);
                false
            }
        }
    }

    /// A `*_lower_name` index: every entry maps the lower-case form of a
    /// name to that name, and every name has its entry.
    pub(crate) fn lower_names(&mut self, index: &Spanned, what: &str, names: &[&str]) {
        let Some(fields) = self.object(index, what, &[]) else {
            return;
        };
        for (lower, at, value) in fields.entries {
            let Some(target) = self.string(value, what) else {
                continue;
            };
            if !names.contains(&target.as_str()) || target.to_ascii_lowercase() != *lower {
                self.error(
                    *at..value.end,
                    format!("{what} maps `{lower}` to `{target}`, which is not the lower-case form of a listed name"),
                    None,
                );
            }
        }
        for name in names {
            let lower = name.to_ascii_lowercase();
            if !fields.entries.iter().any(|(l, _, _)| *l == lower) {
                self.error(
                    index.start..index.start + 1,
                    format!("{what} has no entry for `{name}`"),
                    None,
                );
            }
        }
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn get(&self, name: &str) -> Option<&'a Spanned> {
        self.entries
            .iter()
            .find(|(field, _, _)| field == name)
            .map(|(_, _, value)| value)
    }

    pub(crate) fn require(&self, r: &mut Reader, name: &str) -> Option<&'a Spanned> {
        let value = self.get(name);
        if value.is_none() {
            r.error(
                self.start..self.start + 1,
                format!("missing field `{name}` in {}", self.what),
                None,
            );
        }
        value
    }

    pub(crate) fn string(&self, r: &mut Reader, name: &str) -> Option<String> {
        let value = self.require(r, name)?;
        r.string(value, &format!("`{name}`"))
    }

    /// An array of strings, each with its span.
    pub(crate) fn strings(
        &self,
        r: &mut Reader,
        name: &str,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let value = self.require(r, name)?;
        let what = format!("`{name}`");
        let Some(items) = value.as_array() else {
            r.wrong(value, &what, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_str() {
                Some(text) => out.push((text.to_string(), item.start..item.end)),
                None => {
                    r.wrong(item, &format!("an item of {what}"), "a string");
                    return None;
                }
            }
        }
        Some(out)
    }
}
