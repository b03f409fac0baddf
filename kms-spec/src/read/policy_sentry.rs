//! The Policy Sentry page parser, on `pulldown-cmark` events with their offsets.
//!
//! Layout read (everything else is reported, not skipped silently):
//!
//! ```text
//! ---                      YAML front matter: title, sources (name/url/license)
//! # Key Management Service service name
//! - prefix: kms            service prefix
//! ## Table of Contents / ## Privileges
//! ### Decrypt              one section per action
//! - description: ...
//! - access level: Write    one or more levels, comma-separated
//! - resource types
//! ```                      a JSON object: resource type -> row
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use kms_json::Spanned;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Diagnostic;
use crate::key_name::KeyName;
use crate::model::{AccessLevel, AccessLevels, Location, Origin, ResourceRequirement};
use crate::source::SourceText;

/// What the Policy Sentry page says, before reconciliation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySentryPage {
    /// Front matter `title:`.
    pub title: String,
    /// Front matter `sources:`.
    pub origins: Vec<Origin>,
    /// The `#` heading.
    pub service_name: String,
    /// The `- prefix:` value.
    pub prefix: String,
    /// The action sections that parsed cleanly, in document order.
    pub actions: Vec<PolicySentryAction>,
    /// How many `###` sections were read (clean or not).
    pub sections_read: usize,
    /// How many `###` sections were reported instead of modelled.
    pub sections_reported: usize,
    /// The first place each condition key name is referenced (byte span,
    /// quotes included), for reports about a key.
    pub key_references: BTreeMap<String, Range<usize>>,
}

/// One `###` section that parsed cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySentryAction {
    /// The heading text.
    pub name: String,
    /// `- description:`.
    pub description: String,
    /// `- access level:`.
    pub access_level: AccessLevels,
    /// The JSON block's rows, sorted by resource type (`""` first).
    pub resources: Vec<ResourceRequirement>,
    /// Where the heading is.
    pub location: Location,
}

/// One row of the JSON block, as Policy Sentry writes it.
#[derive(Debug)]
struct RawRow {
    resource_type: String,
    required: bool,
    /// Each key with the byte span of its string in the block.
    condition_keys: Vec<(String, Range<usize>)>,
    dependent_actions: Vec<String>,
}

/// The fields of a row, all required; any other field is an error.
const ROW_FIELDS: &str = "`resource_type`, `required`, `condition_keys`, `dependent_actions`";

/// A structural error in the JSON block: what is wrong, and the byte offset
/// (within the block) where.
type RowError = (String, usize);

/// The JSON block: an object of rows. Duplicate resource types, duplicate
/// fields, unknown fields, missing fields and wrong types are errors (a
/// plain map would keep the last duplicate silently).
fn raw_rows(json: &Spanned) -> Result<Vec<(String, RawRow)>, RowError> {
    let entries = json.as_object().ok_or_else(|| {
        (
            format!(
                "expected an object mapping resource types to rows, found {}",
                json.kind()
            ),
            json.start,
        )
    })?;
    let mut rows: Vec<(String, RawRow)> = Vec::new();
    for (key, key_at, value) in entries {
        if rows.iter().any(|(k, _)| k == key) {
            return Err((format!("duplicate resource type `{key}`"), *key_at));
        }
        rows.push((key.clone(), raw_row(value)?));
    }
    Ok(rows)
}

fn raw_row(row: &Spanned) -> Result<RawRow, RowError> {
    let entries = row.as_object().ok_or_else(|| {
        (
            format!("expected a row object, found {}", row.kind()),
            row.start,
        )
    })?;
    let mut resource_type = None;
    let mut required = None;
    let mut condition_keys = None;
    let mut dependent_actions = None;
    for (field, at, value) in entries {
        let duplicate = || (format!("duplicate field `{field}`"), *at);
        match field.as_str() {
            "resource_type" => {
                let text = value
                    .as_str()
                    .ok_or_else(|| wrong(field, "a string", value))?;
                if resource_type.replace(text.to_string()).is_some() {
                    return Err(duplicate());
                }
            }
            "required" => {
                let flag = value
                    .as_bool()
                    .ok_or_else(|| wrong(field, "a boolean", value))?;
                if required.replace(flag).is_some() {
                    return Err(duplicate());
                }
            }
            "condition_keys" => {
                if condition_keys.replace(strings(field, value)?).is_some() {
                    return Err(duplicate());
                }
            }
            "dependent_actions" => {
                let names = strings(field, value)?.into_iter().map(|(name, _)| name);
                if dependent_actions.replace(names.collect()).is_some() {
                    return Err(duplicate());
                }
            }
            other => {
                return Err((
                    format!("unknown field `{other}`, expected one of {ROW_FIELDS}"),
                    *at,
                ));
            }
        }
    }
    let missing = |name: &str| (format!("missing field `{name}`"), row.start);
    Ok(RawRow {
        resource_type: resource_type.ok_or_else(|| missing("resource_type"))?,
        required: required.ok_or_else(|| missing("required"))?,
        condition_keys: condition_keys.ok_or_else(|| missing("condition_keys"))?,
        dependent_actions: dependent_actions.ok_or_else(|| missing("dependent_actions"))?,
    })
}

fn wrong(field: &str, expected: &str, value: &Spanned) -> RowError {
    (
        format!("`{field}` must be {expected}, found {}", value.kind()),
        value.start,
    )
}

fn strings(field: &str, value: &Spanned) -> Result<Vec<(String, Range<usize>)>, RowError> {
    let items = value
        .as_array()
        .ok_or_else(|| wrong(field, "an array of strings", value))?;
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(|text| (text.to_string(), item.start..item.end))
                .ok_or_else(|| wrong(field, "an array of strings", item))
        })
        .collect()
}

/// A `###` section while it is being read.
#[derive(Default)]
struct Section {
    name: String,
    heading: Range<usize>,
    description: Option<(String, Range<usize>)>,
    access_level: Option<(String, Range<usize>)>,
    resource_types_marker: bool,
    json: Option<(String, usize)>,
    /// Set when something in the section was already reported as an error.
    broken: bool,
}

/// Parses the Policy Sentry page, collecting every diagnostic.
pub fn parse(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> PolicySentryPage {
    let text = source.text.as_str();
    let mut page = PolicySentryPage::default();
    if text.trim().is_empty() {
        diagnostics.push(
            source
                .error(0..0, "the Policy Sentry page is empty")
                .with_help("expected front matter, `# Service name`, `- prefix:` and one `###` section per action"),
        );
        return page;
    }
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut section: Option<Section> = None;
    let mut prefix_seen = false;
    let mut heading_seen = false;
    let mut depth = 0usize;
    let mut in_metadata = false;
    let mut strays = Strays::new();
    let mut metadata = String::new();
    let parser =
        Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    match &tag {
                        Tag::MetadataBlock(_) => in_metadata = true,
                        Tag::Heading { level, .. } => {
                            let raw = text[range.clone()].trim();
                            let title = raw.trim_start_matches('#').trim().to_string();
                            match level {
                                HeadingLevel::H1 => {
                                    page.service_name = title;
                                    heading_seen = true;
                                }
                                HeadingLevel::H2 => {}
                                HeadingLevel::H3 => {
                                    finish(source, section.take(), &mut page, &mut seen, diagnostics);
                                    page.sections_read += 1;
                                    section = Some(Section {
                                        name: title,
                                        heading: trimmed(text, range.clone()),
                                        ..Section::default()
                                    });
                                }
                                _ => diagnostics.push(source.warning(
                                    trimmed(text, range.clone()),
                                    format!("unexpected heading `{raw}`; only `#`, `##` and `###` are read"),
                                )),
                            }
                        }
                        Tag::List(_) => {}
                        Tag::CodeBlock(kind) => code_block(
                            source,
                            kind,
                            range.clone(),
                            section.as_mut(),
                            &mut strays,
                            diagnostics,
                        ),
                        _ => report_stray(source, range.clone(), section.as_mut(), &mut strays),
                    }
                } else if depth == 1 && matches!(tag, Tag::Item) {
                    item(
                        source,
                        range.clone(),
                        section.as_mut(),
                        &mut page,
                        &mut prefix_seen,
                        &mut strays,
                        diagnostics,
                    );
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(tag, TagEnd::MetadataBlock(_)) {
                    in_metadata = false;
                }
            }
            Event::Text(t) if in_metadata => metadata.push_str(&t),
            _ if depth == 0 => report_stray(source, range, section.as_mut(), &mut strays),
            _ => {}
        }
    }
    finish(source, section.take(), &mut page, &mut seen, diagnostics);
    flush_strays(source, strays, diagnostics);
    front_matter(&metadata, &mut page);
    check_page(source, &page, heading_seen, prefix_seen, diagnostics);
    page
}

/// What every Policy Sentry page has: a `#` heading, a `- prefix:` line,
/// at least one `###` action section.
fn check_page(
    source: &SourceText,
    page: &PolicySentryPage,
    heading_seen: bool,
    prefix_seen: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !heading_seen {
        diagnostics.push(source.error(
            0..0,
            "the Policy Sentry page has no `# Service name` heading",
        ));
    }
    if !prefix_seen {
        diagnostics.push(
            source
                .error(0..0, "the Policy Sentry page has no `- prefix:` line")
                .with_help("add `- prefix: kms` under the `#` heading"),
        );
    }
    if page.sections_read == 0 {
        diagnostics.push(source.error(0..0, "the Policy Sentry page has no `###` action sections"));
    }
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// Text the layout has no place for; grouped per section when reported.
type Strays = Vec<(Range<usize>, String)>;

fn place_of(section: Option<&Section>) -> String {
    section.map_or("outside any action section".to_string(), |s| {
        format!("in section `### {}`", s.name)
    })
}

fn report_stray(
    source: &SourceText,
    range: Range<usize>,
    section: Option<&mut Section>,
    strays: &mut Strays,
) {
    let span = trimmed(&source.text, range);
    if !span.is_empty() {
        strays.push((span, place_of(section.as_deref())));
    }
}

/// One warning per run of unexpected text in the same place, at its first block.
fn flush_strays(source: &SourceText, strays: Strays, diagnostics: &mut Vec<Diagnostic>) {
    let mut index = 0;
    while index < strays.len() {
        let (span, place) = &strays[index];
        let run = strays[index..]
            .iter()
            .take_while(|(_, p)| p == place)
            .count();
        let mut diagnostic = source.warning(
            span.clone(),
            format!("unexpected text {place}; it is not read"),
        );
        if run > 1 {
            diagnostic = diagnostic.with_help(format!(
                "{run} blocks of unexpected text here; the first is shown"
            ));
        }
        diagnostics.push(diagnostic.with_help(
            "an action section holds `- description:`, `- access level:`, `- resource types` and a fenced JSON block",
        ));
        index += run;
    }
}

fn item(
    source: &SourceText,
    range: Range<usize>,
    section: Option<&mut Section>,
    page: &mut PolicySentryPage,
    prefix_seen: &mut bool,
    strays: &mut Strays,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let span = trimmed(&source.text, range);
    let raw = &source.text[span.clone()];
    let body = raw
        .strip_prefix(['-', '*', '+'])
        .unwrap_or(raw)
        .trim_start();
    let body_start = span.start + (raw.len() - body.len());
    let (field, value) = match body.split_once(':') {
        Some((field, value)) => (field.trim(), Some(value)),
        None => (body.trim(), None),
    };
    let value_span = |value: &str| {
        let offset = body_start + (body.len() - value.len());
        let lead = value.len() - value.trim_start().len();
        offset + lead..offset + value.trim_end().len()
    };
    match (section, field, value) {
        (None, "prefix", Some(value)) => {
            page.prefix = value.trim().to_string();
            *prefix_seen = true;
        }
        (Some(section), "description", Some(value)) => set_once(
            source,
            section,
            "description",
            value.trim(),
            value_span(value),
            diagnostics,
            |s| &mut s.description,
        ),
        (Some(section), "access level", Some(value)) => set_once(
            source,
            section,
            "access level",
            value.trim(),
            value_span(value),
            diagnostics,
            |s| &mut s.access_level,
        ),
        (Some(section), "resource types", None) => section.resource_types_marker = true,
        (section, _, _) => strays.push((span, place_of(section.as_deref()))),
    }
}

fn set_once(
    source: &SourceText,
    section: &mut Section,
    field: &str,
    value: &str,
    span: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
    slot: impl Fn(&mut Section) -> &mut Option<(String, Range<usize>)>,
) {
    if slot(section).is_some() {
        section.broken = true;
        diagnostics.push(source.error(
            span,
            format!("`### {}` gives `{field}` twice", section.name),
        ));
    } else {
        *slot(section) = Some((value.to_string(), span));
    }
}

fn code_block(
    source: &SourceText,
    kind: &CodeBlockKind,
    range: Range<usize>,
    section: Option<&mut Section>,
    strays: &mut Strays,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = source.text.as_str();
    let Some(section) = section else {
        report_stray(source, range, None, strays);
        return;
    };
    let raw = &text[range.clone()];
    let (content_start, content_end) = match kind {
        CodeBlockKind::Fenced(_) => {
            let open_len = raw.find('\n').map_or(raw.len(), |i| i + 1);
            let body = raw[open_len..].trim_end_matches('\n');
            let last_line_start = body.rfind('\n').map_or(0, |i| i + 1);
            let closing = body[last_line_start..].trim();
            if open_len < raw.len() && (closing.starts_with("```") || closing.starts_with("~~~")) {
                (
                    range.start + open_len,
                    range.start + open_len + last_line_start,
                )
            } else {
                section.broken = true;
                let open = range.start..range.start + raw.find('\n').unwrap_or(raw.len());
                diagnostics.push(
                    source
                        .error(
                            open,
                            format!("unterminated code fence in `### {}`", section.name),
                        )
                        .with_help("close the JSON block with a line of three backticks"),
                );
                return;
            }
        }
        CodeBlockKind::Indented => (range.start, range.end),
    };
    if section.json.is_some() {
        section.broken = true;
        diagnostics.push(source.error(
            trimmed(text, range),
            format!("`### {}` has a second JSON block", section.name),
        ));
        return;
    }
    section.json = Some((text[content_start..content_end].to_string(), content_start));
}

fn finish(
    source: &SourceText,
    section: Option<Section>,
    page: &mut PolicySentryPage,
    seen: &mut BTreeMap<String, u32>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(section) = section else { return };
    let modelled = page.actions.len();
    finish_section(source, section, page, seen, diagnostics);
    if page.actions.len() == modelled {
        page.sections_reported += 1;
    }
}

fn finish_section(
    source: &SourceText,
    section: Section,
    page: &mut PolicySentryPage,
    seen: &mut BTreeMap<String, u32>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let before = diagnostics.len();
    let heading = section.heading.clone();
    let location = source.location(heading.start);
    let name = section.name.clone();
    // IAM's grammar, not KMS's habit of PascalCase: `neptune-db:connect`
    // and `cloudsearch:document` are real actions.
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid_name {
        diagnostics.push(
            source
                .error(heading.clone(), format!("`{name}` is not an action name"))
                .with_help(
                    "an action heading is one word of letters and digits, such as `### Decrypt`",
                ),
        );
    }
    if let Some(first) = seen.get(&name.to_ascii_lowercase()) {
        diagnostics.push(
            source
                .error(heading.clone(), format!("duplicate action `{name}`"))
                .with_help(format!("`### {name}` is first defined at line {first}; IAM action names are case-insensitive, so each may appear once")),
        );
    } else {
        seen.insert(name.to_ascii_lowercase(), location.line);
    }
    let nothing = section.description.is_none()
        && section.access_level.is_none()
        && section.json.is_none()
        && !section.resource_types_marker;
    if nothing && !section.broken {
        diagnostics.push(
            source
                .error(heading.clone(), format!("`### {name}` has no body"))
                .with_help("an action section needs `- description:`, `- access level:`, `- resource types` and a fenced JSON block"),
        );
        return;
    }
    let mut missing = |what: &str| {
        diagnostics.push(source.error(heading.clone(), format!("`### {name}` has no {what}")));
    };
    if section.description.is_none() {
        missing("`- description:` line");
    }
    if section.access_level.is_none() {
        missing("`- access level:` line");
    }
    if section.json.is_none() && !section.broken {
        missing("fenced JSON block of resource types");
    }
    let access_level = section
        .access_level
        .as_ref()
        .and_then(|(value, span)| access_levels(source, &name, value, span.clone(), diagnostics));
    let resources = section.json.as_ref().and_then(|(json, start)| {
        rows(
            source,
            &name,
            (json, *start),
            &mut page.key_references,
            diagnostics,
        )
    });
    if section.broken || diagnostics.len() > before {
        return;
    }
    let (Some(access_level), Some(resources), Some((description, _))) =
        (access_level, resources, section.description)
    else {
        return;
    };
    page.actions.push(PolicySentryAction {
        name,
        description,
        access_level,
        resources,
        location,
    });
}

fn access_levels(
    source: &SourceText,
    action: &str,
    value: &str,
    span: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<AccessLevels> {
    let mut all = Vec::new();
    let mut offset = span.start;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let part_span = offset + lead..offset + part.trim_end().len();
        offset += part.len() + 1;
        match AccessLevel::parse(part) {
            Some(level) if !all.contains(&level) => all.push(level),
            Some(_) => {}
            None => {
                diagnostics.push(
                    source
                        .error(
                            part_span,
                            format!("unknown access level `{}` for `{action}`", part.trim()),
                        )
                        .with_help(
                            "expected one or more of `List`, `Read`, `Write`, `Permissions management`, `Tagging`, separated by commas",
                        ),
                );
                return None;
            }
        }
    }
    let primary = *all.first()?;
    Some(AccessLevels { primary, all })
}

fn rows(
    source: &SourceText,
    action: &str,
    (json, start): (&str, usize),
    key_references: &mut BTreeMap<String, Range<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<ResourceRequirement>> {
    let parsed = kms_json::parse(json)
        .map_err(|error| (error.message, error.offset))
        .and_then(|value| raw_rows(&value));
    let parsed = match parsed {
        Ok(rows) => rows,
        Err((message, at)) => {
            let offset = start + at;
            diagnostics.push(source.error(
                offset..offset + 1,
                format!("invalid resource-types JSON for `{action}`: {message}"),
            ));
            return None;
        }
    };
    let mut ok = true;
    let mut rows = Vec::new();
    let mut types = BTreeSet::new();
    for (key, row) in parsed {
        if key != row.resource_type {
            ok = false;
            diagnostics.push(source.error(
                start..start + 1,
                format!(
                    "in `{action}`, the row `{key}` has `resource_type` `{}`; they must be equal",
                    row.resource_type
                ),
            ));
        }
        for (name, span) in &row.condition_keys {
            key_references
                .entry(name.clone())
                .or_insert(start + span.start..start + span.end);
            if let Err(error) = KeyName::parse(name) {
                ok = false;
                diagnostics.push(source.error(
                    start + span.start..start + span.end,
                    format!("in `{action}`: {}", error.0),
                ));
            }
        }
        types.insert(key.clone());
        rows.push(ResourceRequirement {
            resource_type: key,
            required: row.required,
            condition_keys: row
                .condition_keys
                .into_iter()
                .map(|(name, _)| name)
                .collect(),
            dependent_actions: row.dependent_actions,
            sources: vec![crate::model::SourceKind::PolicySentry],
        });
    }
    rows.sort_by(|a, b| a.resource_type.cmp(&b.resource_type));
    ok.then_some(rows)
}

/// Reads the few front matter fields the model keeps (title, sources).
fn front_matter(metadata: &str, page: &mut PolicySentryPage) {
    let unquote = |v: &str| v.trim().trim_matches(['\'', '"']).to_string();
    for line in metadata.lines() {
        let trimmed = line.trim();
        let (is_item, body) = match trimmed.strip_prefix("- ") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        match (line.starts_with(' ') || is_item, key.trim()) {
            (false, "title") => page.title = unquote(value),
            (true, "name") if is_item => page.origins.push(Origin {
                name: unquote(value),
                url: None,
                license: None,
            }),
            (true, "url") => {
                if let Some(origin) = page.origins.last_mut() {
                    origin.url = Some(unquote(value));
                }
            }
            (true, "license") => {
                if let Some(origin) = page.origins.last_mut() {
                    origin.license = Some(unquote(value));
                }
            }
            _ => {}
        }
    }
}
