//! The policy grammar: statements and their elements, `Version`,
//! duplicate keys, string-or-array fields, and the walk over a statement
//! that hands each part to the KMS checks.

use super::*;
use kms_iam_rules::grammar::{EXCLUSIVE, VERSION_2008, VERSION_2012};

impl Linter<'_> {
    /// Every key repeated within one object, anywhere in the document.
    /// The path of a place is written only when a finding needs it.
    pub(super) fn duplicates(&mut self, value: &Spanned, path: &str) {
        self.duplicates_under(
            value,
            &Place {
                parent: None,
                path,
                segment: None,
            },
        );
    }

    fn duplicates_under(&mut self, value: &Spanned, place: &Place<'_>) {
        match &value.value {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let child = Place {
                        parent: Some(place),
                        path: "",
                        segment: Some(Segment::Index(i)),
                    };
                    self.duplicates_under(item, &child);
                }
            }
            Json::Object(entries) => {
                // Objects in policies are small: a scan beats hashing, but
                // a large one (any input may be huge) is hashed.
                let mut first: std::collections::HashMap<&str, usize> =
                    std::collections::HashMap::new();
                for (index, (key, at, item)) in entries.iter().enumerate() {
                    let earlier = if entries.len() <= 32 {
                        entries[..index].iter().position(|(k, _, _)| k == key)
                    } else {
                        match first.get(key.as_str()) {
                            Some(&earlier) => Some(earlier),
                            None => {
                                first.insert(key, index);
                                None
                            }
                        }
                    };
                    if let Some(earlier) = earlier {
                        let (earlier_line, _) = self.lines().line_col(entries[earlier].1);
                        let (line, _) = self.lines().line_col(*at);
                        let last = entries
                            .iter()
                            .rposition(|(k, _, _)| k == key)
                            .unwrap_or(index);
                        let (last_line, _) = self.lines().line_col(entries[last].1);
                        let message = format!(
                            "`{key}` appears more than once in this object (lines {earlier_line} and {line}); JSON parsers that accept duplicate keys (serde_json, Python, JavaScript) keep the last one (line {last_line}), and this linter checks only that one: the others are never seen. AWS may reject the policy; keep one `{key}`"
                        );
                        let item_path = format!("{}/{}", place.render(), pointer(key));
                        self.find(
                            Code::DuplicateKey,
                            Severity::Error,
                            (*at, self.token_end(*at, key)),
                            &item_path,
                            message,
                        );
                    }
                    let child = Place {
                        parent: Some(place),
                        path: "",
                        segment: Some(Segment::Key(key)),
                    };
                    self.duplicates_under(item, &child);
                }
            }
            _ => {}
        }
    }

    /// The statements of a policy, a statement array or a single statement.
    pub(super) fn statements<'d>(&mut self, document: &'d Spanned) -> Vec<(&'d Spanned, String)> {
        if self.opaque(document) {
            self.unchecked += 1;
            return Vec::new();
        }
        match &document.value {
            Json::Array(items) => self.checkable(items, ""),
            Json::Object(entries) if document.get("Statement").is_some() => {
                self.policy_elements(entries, document.start);
                let statement = document.get("Statement").expect("checked");
                if self.opaque(statement) {
                    self.unchecked += 1;
                    return Vec::new();
                }
                match &statement.value {
                    Json::Array(items) => self.checkable(items, "/Statement"),
                    Json::Object(_) => vec![(statement, "/Statement".to_string())],
                    _ => {
                        let message = format!(
                            "`Statement` should be an object or an array, not {}",
                            statement.kind()
                        );
                        self.grammar(statement, "/Statement", message);
                        Vec::new()
                    }
                }
            }
            Json::Object(_) => vec![(document, String::new())],
            _ => {
                let message = format!(
                    "a policy is an object or an array of statements, not {}",
                    document.kind()
                );
                self.grammar(document, "", message);
                Vec::new()
            }
        }
    }

    /// The policy's own elements (all but the statements): unknown ones, and
    /// `Version`. `start` is where the policy's `{` is.
    pub(super) fn policy_elements(&mut self, entries: &[(String, usize, Spanned)], start: usize) {
        for (key, at, value) in entries {
            if !kms_iam_rules::grammar::is_policy_element(key) {
                let message = format!(
                    "unknown policy element `{key}`; a policy holds `Version`, `Id` and `Statement`"
                );
                self.find(
                    Code::PolicyGrammar,
                    Severity::Error,
                    (*at, value.end),
                    &format!("/{}", pointer(key)),
                    message,
                );
            }
        }
        let variables = self.text.contains("${");
        let consequence = if variables {
            "this policy's `${...}` policy variables are taken literally"
        } else {
            "policy variables (`${aws:username}`) would be taken literally"
        };
        // As parsers that accept duplicate keys do: the last one.
        let version = entries
            .iter()
            .rev()
            .find(|(k, _, _)| k == "Version")
            .map(|(_, _, v)| v);
        match version {
            Some(v) if v.as_str() == Some(VERSION_2012) || self.opaque(v) => {}
            Some(v) if v.as_str() == Some(VERSION_2008) => self.find(
                Code::PolicyVersion,
                Severity::Warning,
                (v.start, v.end),
                "/Version",
                format!("`Version` 2008-10-17 is accepted, but under it {consequence}; use \"2012-10-17\""),
            ),
            Some(v) => self.grammar(v, "/Version", "`Version` is \"2012-10-17\" (or the older \"2008-10-17\")".to_string()),
            None => self.find(
                Code::PolicyVersion,
                Severity::Warning,
                (start, start + 1),
                "",
                format!("the policy has no `Version`: IAM reads it as 2008-10-17, under which {consequence}; add \"Version\": \"2012-10-17\""),
            ),
        }
    }

    /// The statements of an array that no intrinsic computes, with their
    /// paths; the others are counted as unchecked.
    fn checkable<'d>(&mut self, items: &'d [Spanned], path: &str) -> Vec<(&'d Spanned, String)> {
        let mut out = Vec::with_capacity(items.len());
        for (i, s) in items.iter().enumerate() {
            if self.opaque(s) {
                self.unchecked += 1;
            } else {
                out.push((s, format!("{path}/{i}")));
            }
        }
        out
    }

    /// A string-or-array field: each string with its value and its index
    /// in the array (`None` for a lone string); [`item_path`] writes its
    /// path when a finding needs it.
    pub(super) fn strings<'d>(
        &mut self,
        value: &'d Spanned,
        path: &str,
    ) -> Vec<(&'d str, &'d Spanned, Option<usize>)> {
        if self.opaque(value) {
            self.opaque_seen = true;
            return Vec::new();
        }
        match &value.value {
            Json::String(s) => vec![(s.as_str(), value, None)],
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match &item.value {
                        _ if self.opaque(item) => self.opaque_seen = true,
                        Json::String(s) => out.push((s.as_str(), item, Some(i))),
                        _ => {
                            let message = format!("expected a string, found {}", item.kind());
                            self.grammar(item, &item_path(path, Some(i)), message);
                        }
                    }
                }
                out
            }
            _ => {
                let message = format!(
                    "expected a string or an array of strings, found {}",
                    value.kind()
                );
                self.grammar(value, path, message);
                Vec::new()
            }
        }
    }

    pub(super) fn statement(&mut self, statement: &Spanned, path: &str) {
        let Some(entries) = statement.as_object() else {
            let message = format!("a statement is an object, not {}", statement.kind());
            self.grammar(statement, path, message);
            return;
        };
        if statement.get("Effect").is_some_and(|e| self.opaque(e)) {
            // An Effect a template computes: every effect-dependent judgment
            // would be a guess.
            self.unchecked += 1;
            return;
        }
        let effect = match statement.get("Effect").map(|e| e.as_str()) {
            Some(Some("Allow")) => "Allow",
            Some(Some("Deny")) => "Deny",
            Some(_) => {
                let effect = statement.get("Effect").expect("checked");
                self.grammar(
                    effect,
                    &format!("{path}/Effect"),
                    "`Effect` is \"Allow\" or \"Deny\"".to_string(),
                );
                "Allow"
            }
            None => {
                self.grammar(
                    statement,
                    path,
                    "the statement has no `Effect`; add \"Effect\": \"Allow\" or \"Deny\""
                        .to_string(),
                );
                "Allow"
            }
        };
        for (key, at, value) in entries {
            if !kms_iam_rules::grammar::is_statement_element(key) {
                let message = format!("unknown statement element `{key}`");
                self.find(
                    Code::PolicyGrammar,
                    Severity::Error,
                    (*at, value.end),
                    &format!("{path}/{}", pointer(key)),
                    message,
                );
            }
        }
        for (one, other) in EXCLUSIVE {
            if let (Some(_), Some(second)) = (statement.get(one), statement.get(other)) {
                self.grammar(
                    second,
                    &format!("{path}/{other}"),
                    format!("a statement has `{one}` or `{other}`, not both: IAM rejects it"),
                );
            }
        }
        let mut covered = Vec::new();
        if let Some(action) = statement.get("Action") {
            covered = self.actions(action, &format!("{path}/Action"));
        }
        self.not_action = false;
        if let Some(not_action) = statement.get("NotAction") {
            let excluded = self.actions(not_action, &format!("{path}/NotAction"));
            if statement.get("Action").is_none() {
                // The statement covers every KMS action NotAction leaves in
                // (and every action of other services): checked as if a
                // wildcard had brought them in.
                self.not_action = true;
                covered = Action::ALL
                    .iter()
                    .filter(|a| !excluded.iter().any(|e| e.action == **a))
                    .map(|&action| Covered {
                        action,
                        by_wildcard: true,
                    })
                    .collect();
            }
        }
        if statement.get("Resource").is_none() && statement.get("NotResource").is_none() {
            self.grammar(
                statement,
                path,
                "the statement has neither `Resource` nor `NotResource`: IAM rejects it (\"Policy statement must contain resources\"); in a key policy use \"Resource\": \"*\" (the key itself)".to_string(),
            );
        }
        if statement.get("Action").is_none() && statement.get("NotAction").is_none() {
            self.grammar(
                statement,
                path,
                "the statement has neither `Action` nor `NotAction`".to_string(),
            );
        }
        if let Some(resource) = statement.get("Resource") {
            let resource_path = format!("{path}/Resource");
            self.opaque_seen = false;
            let listed = self.strings(resource, &resource_path);
            let computed = self.opaque_seen;
            self.arn_formats(&listed, &resource_path);
            let resources: Vec<(&str, (usize, usize))> = listed
                .into_iter()
                .map(|(r, at, _)| (r, (at.start, at.end)))
                .collect();
            // A resource a template computes could be of any kind.
            if !computed {
                self.resources(
                    &covered,
                    &resources,
                    (resource.start, resource.end),
                    &resource_path,
                );
            }
        }
        if let Some(not_resource) = statement.get("NotResource") {
            let not_resource_path = format!("{path}/NotResource");
            let listed = self.strings(not_resource, &not_resource_path);
            self.arn_formats(&listed, &not_resource_path);
        }
        if let Some(condition) = statement.get("Condition") {
            self.conditions(condition, &format!("{path}/Condition"), &covered, effect);
        }
    }
}

/// A place in the document, as a chain from the root: rendered as a JSON
/// pointer only when a finding is made there.
struct Place<'p> {
    parent: Option<&'p Place<'p>>,
    /// The path of the root of the chain (a statement's `/Statement/3`).
    path: &'p str,
    segment: Option<Segment<'p>>,
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

impl Place<'_> {
    fn render(&self) -> String {
        let mut out = match self.parent {
            Some(parent) => parent.render(),
            None => self.path.to_string(),
        };
        match &self.segment {
            Some(Segment::Key(key)) => {
                out.push('/');
                out.push_str(&pointer(key));
            }
            Some(Segment::Index(i)) => {
                out.push('/');
                out.push_str(&i.to_string());
            }
            None => {}
        }
        out
    }
}

/// The path of item `index` of the array at `base` (`base` itself for a
/// lone string).
pub(super) fn item_path(base: &str, index: Option<usize>) -> String {
    match index {
        Some(i) => format!("{base}/{i}"),
        None => base.to_string(),
    }
}
