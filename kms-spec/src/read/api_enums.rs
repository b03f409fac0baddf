//! The enum shapes of the KMS API model (`kms/api-enums.json`, from
//! botocore): the closed value sets of request parameters, which the
//! condition keys named after those parameters take.
//!
//! Read strictly: an object of shapes, each `{"type": "string", "enum":
//! [...]}` with optional `deprecated`, `deprecatedMessage` and
//! `documentation`; any other field, a wrong type, an empty or repeated
//! value, or a repeated shape is an error at file:line:col.
//!
//! ```
//! use kms_spec::{api_enums, SourceText};
//! let text = r#"{"OriginType": {"type": "string", "enum": ["AWS_KMS", "EXTERNAL"]}}"#;
//! let mut diagnostics = Vec::new();
//! let shapes = api_enums::parse(&SourceText::from_str("api-enums.json", text), &mut diagnostics);
//! assert!(diagnostics.is_empty());
//! assert_eq!(shapes.shapes[0].values, ["AWS_KMS", "EXTERNAL"]);
//! ```

use kms_json::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::Location;
use crate::source::SourceText;

/// What the file says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiEnums {
    /// The shapes that read cleanly, in document order.
    pub shapes: Vec<EnumShape>,
    /// Shapes read.
    pub read: usize,
    /// Shapes with an error.
    pub reported: usize,
}

/// One enum shape.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumShape {
    /// The shape's name (`KeySpec`).
    pub name: String,
    /// Its values, in the model's order.
    pub values: Vec<String>,
    /// Whether the model marks the shape deprecated.
    pub deprecated: bool,
    /// Where the shape is.
    pub location: Location,
}

const FIELDS: &[&str] = &[
    "type",
    "enum",
    "deprecated",
    "deprecatedMessage",
    "documentation",
];

/// Parses the file; problems go to `diagnostics` as errors.
pub fn parse(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> ApiEnums {
    let mut out = ApiEnums::default();
    let root = match kms_json::parse(&source.text) {
        Ok(root) => root,
        Err(error) => {
            diagnostics.push(source.error(
                error.offset..error.offset + 1,
                format!("`{}` is not valid JSON: {}", source.path, error.message),
            ));
            return out;
        }
    };
    let Some(entries) = root.as_object() else {
        diagnostics.push(source.error(
            root.start..root.start + 1,
            format!(
                "the API enum shapes must be an object, found {}",
                root.kind()
            ),
        ));
        return out;
    };
    for (index, (name, at, shape)) in entries.iter().enumerate() {
        out.read += 1;
        let before = diagnostics.len();
        if entries[..index].iter().any(|(other, _, _)| other == name) {
            diagnostics.push(source.error(
                *at..*at + name.len() + 2,
                format!("duplicate shape `{name}`"),
            ));
        }
        let parsed = read_shape(source, name, *at, shape, diagnostics);
        match parsed {
            Some(shape) if diagnostics.len() == before => out.shapes.push(shape),
            _ => out.reported += 1,
        }
    }
    out
}

fn read_shape(
    source: &SourceText,
    name: &str,
    at: usize,
    shape: &Spanned,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<EnumShape> {
    let mut error = |span: std::ops::Range<usize>, message: String| {
        diagnostics.push(source.error(span, message));
    };
    let Some(fields) = shape.as_object() else {
        error(
            shape.start..shape.start + 1,
            format!("shape `{name}` must be an object, found {}", shape.kind()),
        );
        return None;
    };
    for (index, (field, field_at, _)) in fields.iter().enumerate() {
        let span = *field_at..*field_at + field.len() + 2;
        if !FIELDS.contains(&field.as_str()) {
            error(span, format!("unknown field `{field}` in shape `{name}`"));
        } else if fields[..index].iter().any(|(other, _, _)| other == field) {
            error(span, format!("duplicate field `{field}` in shape `{name}`"));
        }
    }
    match shape.get("type") {
        Some(ty) if ty.as_str() == Some("string") => {}
        Some(ty) => error(
            ty.start..ty.start + 1,
            format!("shape `{name}` must have `\"type\": \"string\"`"),
        ),
        None => error(
            shape.start..shape.start + 1,
            format!("missing field `type` in shape `{name}`"),
        ),
    }
    let mut values = Vec::new();
    match shape.get("enum").map(|e| (e, e.as_array())) {
        Some((list, Some(items))) => {
            if items.is_empty() {
                error(
                    list.start..list.start + 1,
                    format!("shape `{name}` has no values"),
                );
            }
            for item in items {
                match item.as_str() {
                    Some("") | None => error(
                        item.start..item.start + 1,
                        format!(
                            "a value of `{name}` must be a non-empty string, found {}",
                            item.kind()
                        ),
                    ),
                    Some(value) if values.iter().any(|v| v == value) => error(
                        item.start..item.end,
                        format!("`{value}` appears twice in `{name}`"),
                    ),
                    Some(value) => values.push(value.to_string()),
                }
            }
        }
        Some((list, None)) => error(
            list.start..list.start + 1,
            format!(
                "`enum` of `{name}` must be an array of strings, found {}",
                list.kind()
            ),
        ),
        None => error(
            shape.start..shape.start + 1,
            format!("missing field `enum` in shape `{name}`"),
        ),
    }
    let deprecated = shape
        .get("deprecated")
        .and_then(Spanned::as_bool)
        .unwrap_or(false);
    Some(EnumShape {
        name: name.to_string(),
        values,
        deprecated,
        location: source.location(at),
    })
}
