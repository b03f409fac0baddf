//! The parser of the AWS "AWS KMS condition keys" page, flattened to text.
//!
//! The page is read line by line. A key section starts at a line that is a
//! key name alone (`kms:ViaService`), optionally followed by ` (deprecated)`.
//! A regular section continues with the table header line
//! (`AWS KMS condition keys Condition type Value type API operations Policy type`)
//! and then one cell per non-blank line: the key name, the condition type,
//! the value type, one or more operations, and one or more policy types.
//!
//! Irregular rows the page really has, each kept:
//! - one policy type for several operations: it applies to all of them;
//!   as many policy types as operations: they pair up in order;
//! - a merged cell (`Multi-valued KMS key resource operations`): split into
//!   the value type and the first operation, with a note;
//! - deprecated keys have no table: a paragraph names the replacement
//!   (`Instead, use the kms:KeySpec condition key.`);
//! - the `kms:ViaService` section holds a table of services and their
//!   ViaService names, one row per line, some rows continued by bullets;
//! - example policies are lines starting with `{`; two are not valid JSON as
//!   printed: each is kept with its line and reported, the comma-joined
//!   pair read as its two statements, the other kept as text.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::key_name::KeyName;
use crate::model::{ConditionType, Example, Location, PolicyType, ValueType, ViaService};
use crate::source::SourceText;

pub use crate::service::kms::{TABLE_HEADER, VIA_SERVICE_HEADER};

/// What the condition-key page says, before reconciliation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConditionKeyPage {
    /// The page's first line.
    pub title: String,
    /// Key tables that parsed cleanly, in page order.
    pub tables: Vec<KeyTable>,
    /// Deprecated keys, in page order.
    pub deprecated: Vec<DeprecatedKey>,
    /// Every example, in page order.
    pub examples: Vec<Example>,
    /// The ViaService table rows.
    pub via_services: Vec<ViaService>,
    /// How many key tables were read (clean or not).
    pub tables_read: usize,
    /// How many deprecation sections were read.
    pub deprecated_read: usize,
    /// How many key tables were reported instead of modelled.
    pub tables_reported: usize,
    /// How many deprecation sections were reported instead of modelled.
    pub deprecated_reported: usize,
    /// How many ViaService rows were read.
    pub via_service_rows_read: usize,
}

/// One key's table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTable {
    /// The key name.
    pub key: String,
    /// Condition type cell.
    pub condition_type: ConditionType,
    /// Value type cell.
    pub value_type: ValueType,
    /// Operation cells paired with their policy type, each where it is.
    pub operations: Vec<OperationCell>,
    /// First paragraph after the table.
    pub description: String,
    /// Where the section heading is.
    pub location: Location,
}

/// One "API operations" cell of a key table, with its policy type.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationCell {
    /// The operation or operation group, as written.
    pub operation: String,
    /// The policy type it is paired with.
    pub policy_type: PolicyType,
    /// The policy type cell as written.
    pub policy_type_text: String,
    /// The line of the operation cell.
    pub location: Location,
}

/// A deprecated key and its replacement.
#[derive(Debug, Clone, PartialEq)]
pub struct DeprecatedKey {
    /// The deprecated key.
    pub key: String,
    /// The key to use instead.
    pub replacement: String,
    /// The first paragraph of the section.
    pub description: String,
    /// Where the section heading is.
    pub location: Location,
}

struct Line<'a> {
    number: u32,
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn span(&self) -> Range<usize> {
        let lead = self.text.len() - self.text.trim_start().len();
        self.start + lead..self.start + self.text.trim_end().len()
    }
}

/// Parses the condition-key page of AWS KMS, collecting every diagnostic.
pub fn parse(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> ConditionKeyPage {
    parse_for(source, &crate::service::KMS, diagnostics)
}

/// Parses a condition-key page of the service `rules` describe: a key
/// section starts at a line naming a key of that service's prefix.
pub fn parse_for(
    source: &SourceText,
    rules: &crate::service::ServiceRules,
    diagnostics: &mut Vec<Diagnostic>,
) -> ConditionKeyPage {
    let prefix = rules.prefix;
    let mut page = ConditionKeyPage::default();
    let mut offset = 0;
    let lines: Vec<Line> = source
        .text
        .split('\n')
        .enumerate()
        .map(|(i, text)| {
            let line = Line {
                number: i as u32 + 1,
                start: offset,
                text,
            };
            offset += text.len() + 1;
            line
        })
        .collect();
    let Some(first) = lines.iter().find(|l| !l.text.trim().is_empty()) else {
        diagnostics.push(
            source
                .error(0..0, "the condition-key page is empty")
                .with_help("expected the page title, then one section per condition key"),
        );
        return page;
    };
    page.title = first.text.trim().to_string();

    // Section boundaries: heading lines (a key name alone, maybe "(deprecated)").
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&i| heading_key(&lines, i, prefix).is_some())
        .collect();
    if headings.is_empty() {
        diagnostics.push(
            source
                .error(first.span(), "the condition-key page has no condition key sections")
                .with_help(format!("a section starts with a line such as `kms:ViaService` followed by `{TABLE_HEADER}`")),
        );
    }
    // A table must follow a key heading; one that does not would be lost.
    for (index, line) in lines.iter().enumerate() {
        if line.text.trim() != TABLE_HEADER {
            continue;
        }
        let previous = lines[..index]
            .iter()
            .rposition(|l| !l.text.trim().is_empty());
        if previous.is_none_or(|p| heading_key(&lines, p, prefix).is_none()) {
            page.tables_read += 1;
            page.tables_reported += 1;
            diagnostics.push(
                source
                    .error(line.span(), "key table without a key heading")
                    .with_help(
                        "a key table follows a line that names the key, such as `kms:ViaService`",
                    ),
            );
        }
    }
    // Examples before the first section belong to no key.
    let intro_end = headings.first().copied().unwrap_or(lines.len());
    collect_examples(source, &lines[..intro_end], None, &mut page, diagnostics);
    for (n, &start) in headings.iter().enumerate() {
        let end = headings.get(n + 1).copied().unwrap_or(lines.len());
        section(source, &lines[start..end], prefix, &mut page, diagnostics);
    }
    page
}

/// The key a heading line names, and whether it says "(deprecated)".
fn heading_key(lines: &[Line], index: usize, prefix: &str) -> Option<(String, bool)> {
    let text = lines[index].text.trim();
    let (name, deprecated) = match text.strip_suffix("(deprecated)") {
        Some(name) => (name.trim_end(), true),
        None => (text, false),
    };
    let owned = name
        .split_once(':')
        .is_some_and(|(key_prefix, _)| key_prefix == prefix);
    if !owned || KeyName::parse(name).is_err() {
        return None;
    }
    // The first table cell repeats the key name right after the header: not a heading.
    let previous = lines[..index]
        .iter()
        .rev()
        .find(|l| !l.text.trim().is_empty());
    if previous.is_some_and(|l| l.text.trim() == TABLE_HEADER) {
        return None;
    }
    Some((name.to_string(), deprecated))
}

fn non_blank<'a, 'b>(lines: &'b [Line<'a>]) -> impl Iterator<Item = (usize, &'b Line<'a>)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
}

fn section(
    source: &SourceText,
    lines: &[Line],
    prefix: &str,
    page: &mut ConditionKeyPage,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (key, deprecated) = heading_key(lines, 0, prefix).unwrap_or_default();
    let heading = &lines[0];
    let location = source.location(heading.span().start);
    let mut cells = non_blank(&lines[1..]).map(|(i, l)| (i + 1, l));
    let body_start;
    if deprecated {
        page.deprecated_read += 1;
        body_start = 1;
        let body: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.text.trim())
            .filter(|t| !t.is_empty() && !t.starts_with('{'))
            .collect();
        let description = body.first().copied().unwrap_or_default().to_string();
        let replacement = body.iter().find_map(|p| replacement_in(p));
        match replacement {
            Some(replacement) => page.deprecated.push(DeprecatedKey {
                key: key.clone(),
                replacement,
                description,
                location,
            }),
            None => {
                page.deprecated_reported += 1;
                diagnostics.push(
                source
                    .error(heading.span(), format!("deprecated key `{key}` names no replacement"))
                    .with_help("expected a sentence such as `Instead, use the kms:KeySpec condition key.`"),
            )
            }
        }
    } else {
        page.tables_read += 1;
        let at = TableAt {
            source,
            key: &key,
            heading,
        };
        match table(&at, &mut cells, diagnostics) {
            Some((mut table, end)) => {
                body_start = end;
                table.location = location;
                table.description = lines[end..]
                    .iter()
                    .map(|l| l.text.trim())
                    .find(|t| !t.is_empty() && !t.starts_with('{'))
                    .unwrap_or_default()
                    .to_string();
                page.tables.push(table);
            }
            None => {
                page.tables_reported += 1;
                body_start = 1;
            }
        }
    }
    let rest = &lines[body_start..];
    collect_examples(source, rest, Some(&key), page, diagnostics);
    if let Some(header) = rest
        .iter()
        .position(|l| l.text.trim() == VIA_SERVICE_HEADER)
    {
        via_services(&rest[header + 1..], page);
    }
}

fn replacement_in(paragraph: &str) -> Option<String> {
    let (_, after) = paragraph.split_once("Instead, use the ")?;
    let name = after.split_whitespace().next()?;
    KeyName::parse(name).ok().map(|_| name.to_string())
}

/// Reads a key table; returns it and the index of the first line after it.
fn table<'a, 'b>(
    at: &TableAt,
    cells: &mut impl Iterator<Item = (usize, &'b Line<'a>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(KeyTable, usize)>
where
    'a: 'b,
{
    let key = at.key;
    let Some((_, header)) = cells.next() else {
        return at.fail(
            diagnostics,
            None,
            format!("condition key section `{key}` has no table"),
            "expected the table header line",
        );
    };
    if header.text.trim() != TABLE_HEADER {
        return at.fail(
            diagnostics,
            Some(header),
            format!("condition key section `{key}` has no table"),
            &format!("expected `{TABLE_HEADER}`, or `{key} (deprecated)` as the heading"),
        );
    }
    let name_cell = cells.next();
    match name_cell {
        Some((_, line)) if line.text.trim() == key => {}
        other => {
            let found = other.map_or("the end of the section".to_string(), |(_, l)| {
                format!("`{}`", l.text.trim())
            });
            return at.fail(
                diagnostics,
                other.map(|(_, l)| l),
                format!("the table of `{key}` should start with the key name, found {found}"),
                "the first cell of a key table repeats the key name",
            );
        }
    }
    // Condition type.
    let Some((_, type_line)) = cells.next() else {
        return at.fail(
            diagnostics,
            name_cell.map(|(_, l)| l),
            format!("the table of `{key}` ends before its condition type"),
            "expected `String`, `String (list)`, `Boolean`, `Numeric`, `Timestamp` or `ARN`",
        );
    };
    let condition_type = condition_type_cell(at, type_line, diagnostics)?;
    // Value type, possibly merged with the first operation cell.
    let Some((_, value_line)) = cells.next() else {
        return at.fail(
            diagnostics,
            Some(type_line),
            format!("the table of `{key}` ends before its value type"),
            "expected `Single-valued` or `Multi-valued`",
        );
    };
    let (value_text, merged) = split_value_type(value_line.text.trim());
    let Some(value_type) = ValueType::parse(value_text) else {
        return at.fail(
            diagnostics,
            Some(value_line),
            format!(
                "unknown value type `{}` in the table of `{key}`",
                value_line.text.trim()
            ),
            "expected `Single-valued` or `Multi-valued`",
        );
    };
    table_cells(
        at,
        (value_line, value_text, merged),
        cells,
        (condition_type, value_type),
        diagnostics,
    )
}

/// A key table's condition type cell.
fn condition_type_cell(
    at: &TableAt,
    type_line: &Line,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ConditionType> {
    let key = at.key;
    let type_text = type_line.text.trim();
    match ConditionType::parse(type_text) {
        Some(ty) => Some(ty),
        None if ValueType::parse(split_value_type(type_text).0).is_some() => at.fail(
            diagnostics,
            Some(type_line),
            format!("the table of `{key}` is missing its condition type"),
            "expected `String`, `String (list)`, `Boolean`, `Numeric`, `Timestamp` or `ARN` before the value type",
        ),
        None => at.fail(
            diagnostics,
            Some(type_line),
            format!("unknown condition type `{type_text}` in the table of `{key}`"),
            "expected `String`, `String (list)`, `Boolean`, `Numeric`, `Timestamp` or `ARN`",
        ),
    }
}

/// The key table being read: where its errors go.
struct TableAt<'t> {
    source: &'t SourceText,
    key: &'t str,
    heading: &'t Line<'t>,
}

impl TableAt<'_> {
    /// An error at `line`, or else at the section heading.
    fn fail<T>(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        line: Option<&Line>,
        message: String,
        help: &str,
    ) -> Option<T> {
        let span = line.map_or(self.heading.span(), Line::span);
        diagnostics.push(self.source.error(span, message).with_help(help));
        None
    }
}

/// The rest of a key table after its value type: the operation cells,
/// then their policy types, paired.
fn table_cells<'a, 'b>(
    at: &TableAt,
    (value_line, value_text, merged): (&Line, &str, Option<&str>),
    cells: &mut impl Iterator<Item = (usize, &'b Line<'a>)>,
    (condition_type, value_type): (ConditionType, ValueType),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(KeyTable, usize)>
where
    'a: 'b,
{
    let (source, key) = (at.source, at.key);
    let mut operations: Vec<(String, &Line)> = Vec::new();
    if let Some(merged) = merged {
        let span = value_line.span();
        diagnostics.push(
            source
                .diagnostic(Severity::Note, span, format!("merged cell in the table of `{key}`: read as value type `{value_text}` and operation `{merged}`")),
        );
        operations.push((merged.to_string(), value_line));
    }
    let mut policy_types: Vec<(PolicyType, String)> = Vec::new();
    let mut end = 0;
    for (index, line) in cells.by_ref() {
        let text = line.text.trim();
        end = index;
        if let Some(policy_type) = PolicyType::parse(text) {
            policy_types.push((policy_type, text.to_string()));
            continue;
        }
        if !policy_types.is_empty() {
            break;
        }
        if is_operation(text) {
            operations.push((text.to_string(), line));
        } else {
            return at.fail(
                diagnostics,
                Some(line),
                format!("unexpected cell `{text}` in the table of `{key}`"),
                "expected an operation (`Decrypt`, `KMS key resource operations`) or a policy type (`Key policies and IAM policies`, `IAM policies only`)",
            );
        }
        end = index + 1;
    }
    if policy_types.is_empty() || operations.is_empty() {
        let what = if operations.is_empty() {
            "operations"
        } else {
            "policy type"
        };
        return at.fail(
            diagnostics,
            Some(value_line),
            format!("the table of `{key}` has no {what}"),
            "a key table lists one or more operations, then their policy types",
        );
    }
    let paired = pair_cells(at, value_line, &operations, &policy_types, diagnostics)?;
    Some((
        KeyTable {
            key: key.to_string(),
            condition_type,
            value_type,
            operations: paired,
            description: String::new(),
            location: source.location(at.heading.span().start),
        },
        end,
    ))
}

/// Operation cells paired with policy types: one each, or one for all.
fn pair_cells(
    at: &TableAt,
    value_line: &Line,
    operations: &[(String, &Line)],
    policy_types: &[(PolicyType, String)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<OperationCell>> {
    let (source, key) = (at.source, at.key);
    let cell = |(op, line): &(String, &Line), (ty, text): &(PolicyType, String)| OperationCell {
        operation: op.clone(),
        policy_type: *ty,
        policy_type_text: text.clone(),
        location: source.location(line.span().start),
    };
    let paired: Vec<OperationCell> = if policy_types.len() == operations.len() {
        operations
            .iter()
            .zip(policy_types)
            .map(|(op, ty)| cell(op, ty))
            .collect()
    } else if policy_types.len() == 1 {
        operations
            .iter()
            .map(|op| cell(op, &policy_types[0]))
            .collect()
    } else {
        return at.fail(
            diagnostics,
            Some(value_line),
            format!(
                "the table of `{key}` has {} operations but {} policy types",
                operations.len(),
                policy_types.len()
            ),
            "give one policy type for all operations, or one per operation",
        );
    };
    Some(paired)
}

/// Splits `Multi-valued KMS key resource operations` into the value type and the rest.
fn split_value_type(text: &str) -> (&str, Option<&str>) {
    for value in ["Single-valued", "Multi-valued"] {
        if let Some(rest) = text.strip_prefix(value)
            && rest.starts_with(' ')
        {
            return (value, Some(rest.trim()));
        }
    }
    (text, None)
}

/// An operation cell: an API name (`Decrypt`) or a group (`... operations`).
fn is_operation(text: &str) -> bool {
    let api = text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric());
    api || (text.ends_with(" operations") && text.len() < 80)
}

fn collect_examples(
    source: &SourceText,
    lines: &[Line],
    key: Option<&str>,
    page: &mut ConditionKeyPage,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for line in lines.iter().filter(|l| is_example(l.text)) {
        page.examples
            .push(read_example(source, line, key, diagnostics));
    }
}

/// An example policy is a line that opens a JSON object and names an
/// `"Effect"` or a `"Statement"`; other lines are prose.
fn is_example(text: &str) -> bool {
    text.starts_with('{') && (text.contains("\"Effect\"") || text.contains("\"Statement\""))
}

/// Reads one example line.
///
/// Examples are JSON values, but two of the seed page's are not valid as
/// printed: one is two statements joined by a comma (each is read, and the
/// join is reported), one lacks a comma (kept as text, no statement read,
/// reported with the column where JSON parsing stops). Nothing is repaired
/// silently.
fn read_example(
    source: &SourceText,
    line: &Line,
    key: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Example {
    let text = line.text.trim_end();
    let mut values = Vec::new();
    let mut problem = None;
    let mut position = 0;
    let mut joins = Vec::new();
    loop {
        match kms_json::parse_prefix(&text[position..]) {
            Ok((value, end)) => {
                values.push(value);
                position += end;
            }
            Err(error) => {
                let at = position + error.offset;
                let (_, at_char) = kms_json::line_col(text, at);
                let msg = format!(
                    "the example is not valid JSON as printed: {} at column {at_char}; it is kept as text and no statement is read from it",
                    error.message
                );
                diagnostics.push(source.warning(line.start + at..line.start + at + 1, msg.clone()));
                problem = Some(msg);
                values.clear();
                break;
            }
        }
        let rest = &text[position..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix(',') {
            joins.push(position);
            position = text.len() - after.len();
            continue;
        }
        // Anything else after a value is what the next parse reports.
    }
    if problem.is_none() && !joins.is_empty() {
        let msg = format!(
            "the example is not valid JSON as printed: {} values joined by a comma; each is read as a statement",
            values.len()
        );
        let comma = joins[0];
        diagnostics.push(source.warning(line.start + comma..line.start + comma + 1, msg.clone()));
        problem = Some(msg);
    }
    let mut statements = Vec::new();
    for value in &values {
        match value.get("Statement") {
            Some(list) if list.as_array().is_some() => {
                statements.extend(
                    list.as_array()
                        .unwrap_or(&[])
                        .iter()
                        .map(ToString::to_string),
                );
            }
            Some(single) if single.as_object().is_some() => statements.push(single.to_string()),
            _ => statements.push(value.to_string()),
        }
    }
    Example {
        key: key.map(str::to_string),
        location: source.location(line.start),
        text: text.to_string(),
        statements,
        problem,
    }
}

fn via_services(lines: &[Line], page: &mut ConditionKeyPage) {
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let bullet = text.strip_prefix('•').map(str::trim);
        let tokens: Vec<&str> = bullet.unwrap_or(text).split_whitespace().collect();
        let first_via = tokens.iter().position(|t| is_via(t));
        match (bullet, first_via, page.via_services.last_mut()) {
            // A bullet continues the previous row.
            (Some(_), Some(_), Some(row)) => row.via_names.extend(via_names_in(&tokens)),
            // A line holding only ViaService names continues the previous row.
            (None, Some(0), Some(row)) => row.via_names.extend(via_names_in(&tokens)),
            (None, Some(0), None) | (Some(_), _, None) => {
                page.via_service_rows_read += 1;
                page.via_services.push(ViaService {
                    service: String::new(),
                    via_names: via_names_in(&tokens),
                    notes: vec![text.to_string()],
                    line: line.number,
                });
            }
            (None, Some(index), _) => {
                page.via_service_rows_read += 1;
                let via_names = via_names_in(&tokens[index..]);
                let rest: Vec<&str> = tokens[index..]
                    .iter()
                    .filter(|t| !is_via(t))
                    .copied()
                    .collect();
                page.via_services.push(ViaService {
                    service: tokens[..index].join(" "),
                    via_names,
                    notes: if rest.is_empty() {
                        vec![]
                    } else {
                        vec![rest.join(" ")]
                    },
                    line: line.number,
                });
            }
            // A line without a ViaService name: a row whose names follow as
            // bullets when it names a service, else a remark on the previous row.
            (None, None, last) => {
                let continues = last.as_ref().is_some_and(|row| row.via_names.is_empty());
                match last {
                    Some(row) if continues => row.notes.push(text.to_string()),
                    _ => {
                        page.via_service_rows_read += 1;
                        page.via_services.push(ViaService {
                            service: text.to_string(),
                            via_names: Vec::new(),
                            notes: Vec::new(),
                            line: line.number,
                        });
                    }
                }
            }
            (Some(_), None, Some(row)) => row.notes.push(text.to_string()),
        }
    }
}

fn is_via(token: &str) -> bool {
    token.trim_end_matches(',').ends_with(".amazonaws.com")
}

fn via_names_in(tokens: &[&str]) -> Vec<String> {
    tokens
        .iter()
        .filter(|t| is_via(t))
        .map(|t| t.trim_end_matches(',').to_string())
        .collect()
}
