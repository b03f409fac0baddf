//! Golden tests: every file under
//! `tests/fixtures/{policy-sentry,condition-keys,policy-sentry-json}/`
//! is parsed by its parser, and the rendered diagnostics are compared with
//! the `.expected` file beside it. `UPDATE_EXPECT=1 cargo test -p kms-spec`
//! rewrites the expectations (review the diff before committing).

use std::fs;
use std::path::Path;

use kms_spec::diagnostic::{render_all, sort};
use kms_spec::{
    Diagnostic, SourceText, api_enums, condition_keys, policy_sentry, policy_sentry_json,
    service_reference,
};

type Parse = fn(&SourceText, &mut Vec<Diagnostic>);

fn parse_policy_sentry(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) {
    policy_sentry::parse(source, diagnostics);
}

fn parse_condition_keys(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) {
    condition_keys::parse(source, diagnostics);
}

fn parse_api_enums(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) {
    api_enums::parse(source, diagnostics);
}

fn parse_database(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) {
    policy_sentry_json::parse(source, diagnostics);
}

fn parse_service_reference(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) {
    service_reference::parse(source, diagnostics);
}

/// What a fixture renders to: the decoding error, or the parser's diagnostics.
fn render(shown: &str, bytes: &[u8], parse: Parse) -> String {
    match SourceText::from_bytes(shown, bytes) {
        Err(diagnostic) => diagnostic.render(),
        Ok(source) => {
            let mut diagnostics = Vec::new();
            parse(&source, &mut diagnostics);
            sort(&mut diagnostics);
            if diagnostics.is_empty() {
                "no diagnostics\n".to_string()
            } else {
                render_all(&diagnostics)
            }
        }
    }
}

fn compare(expected_path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(expected_path, actual).unwrap();
        return;
    }
    match fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{} differs\n--- expected\n{expected}\n--- actual\n{actual}",
            expected_path.display()
        )),
        Err(_) => failures.push(format!("{} is missing", expected_path.display())),
    }
}

fn check_dir(kind: &str, parse: Parse) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".expected"))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    let mut rendered = Vec::new();
    for name in names {
        let bytes = fs::read(dir.join(&name)).unwrap();
        let shown = format!("tests/fixtures/{kind}/{name}");
        let actual = render(&shown, &bytes, parse);
        compare(
            &dir.join(format!("{name}.expected")),
            &actual,
            &mut failures,
        );
        rendered.push((name, actual));
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the new output is right: UPDATE_EXPECT=1 cargo test -p kms-spec --test fixtures",
        failures.join("\n\n")
    );
    rendered
}

/// Fixtures that hold no error: the reference layout, its CRLF twin, and
/// inputs whose problems are warnings.
const CLEAN: [&str; 7] = [
    "lf.md",
    "crlf.md",
    "stray-text.md",
    "lf.txt",
    "crlf.txt",
    "valid.json",
    "valid-2024-layout.json",
];

fn assert_broken_fixtures_fail(rendered: &[(String, String)]) {
    for (name, output) in rendered {
        let is_error = output.contains("error:") || output.contains("error[");
        if CLEAN.contains(&name.as_str()) || name == "broken-examples.txt" {
            assert!(!is_error, "{name} should have no error:\n{output}");
        } else {
            assert!(is_error, "{name} should be reported as an error:\n{output}");
        }
    }
}

#[test]
fn policy_sentry_fixtures_render_as_expected() {
    let rendered = check_dir("policy-sentry", parse_policy_sentry);
    assert!(rendered.len() >= 12, "at least 12 policy-sentry fixtures");
    assert_broken_fixtures_fail(&rendered);
}

#[test]
fn database_fixtures_render_as_expected() {
    let rendered = check_dir("policy-sentry-json", parse_database);
    assert!(rendered.len() >= 13, "at least 13 database fixtures");
    assert_broken_fixtures_fail(&rendered);
    // Each broken fixture is reported for what was edited, at its line.
    for (name, needle) in [
        (
            "wrong-type.json",
            "`required` must be a boolean, found a string",
        ),
        (
            "missing-field.json",
            "missing field `description` in privilege `ListKeys`",
        ),
        (
            "unknown-access-level.json",
            "unknown access level `Admin` for `Decrypt`",
        ),
        (
            "unknown-field.json",
            "unknown field `arn_format` in privilege `Decrypt`",
        ),
        (
            "unknown-condition-type.json",
            "unknown condition type `IPAddress`",
        ),
        ("duplicate-privilege.json", "duplicate privilege `DECRYPT`"),
        ("duplicate-field.json", "duplicate field `access_level`"),
        ("lower-name-mismatch.json", "maps `listkeys` to `Decrypt`"),
        (
            "name-mismatch.json",
            "`privilege` is `ListKey` under the key `ListKeys`",
        ),
        ("invalid-key-name.json", "kms: Via Service"),
        ("not-json.json", "is not valid JSON"),
        ("top-level-array.json", "must be an object, found an array"),
    ] {
        let (_, output) = rendered
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no fixture {name}"));
        assert!(output.contains(needle), "{name}: {needle}\n{output}");
        assert!(
            output.contains(&format!("{name}:")),
            "{name} has a location\n{output}"
        );
    }
}

/// Edited copies of `sources/kms/service-reference.json` (three actions,
/// their keys): the 2026 layout (maps keyed in lower case, levels as lists)
/// and the 2024 one (keyed by name, `isPermissionOnly`) read cleanly; each
/// edit is an error at its place.
#[test]
fn service_reference_fixtures_render_as_expected() {
    let rendered = check_dir("service-reference", parse_service_reference);
    assert!(
        rendered.len() >= 13,
        "at least 13 Service Reference fixtures"
    );
    assert_broken_fixtures_fail(&rendered);
    for (name, needle) in [
        ("truncated.json", "is not valid JSON"),
        (
            "top-level-array.json",
            "the Service Reference document must be an object, found an array",
        ),
        (
            "unknown-access-level.json",
            "unknown or repeated access level `Writ` in `Permissions management, Writ` for `creategrant`",
        ),
        (
            "name-mismatch.json",
            "`name` is `Encrypt` under the key `decrypt`",
        ),
        (
            "unknown-field.json",
            "unknown field `apiDocumentation` in action `decrypt`",
        ),
        (
            "missing-field.json",
            "missing field `accessLevel` in action `getkeylastusage`",
        ),
        (
            "wrong-type.json",
            "`resourceTypes` of `Decrypt` must be an array, found an object",
        ),
        (
            "unknown-condition-type.json",
            "unknown condition type `ArrayOfIpAddress`",
        ),
        ("invalid-key-name.json", "kms:Encryption Context"),
        ("duplicate-action.json", "duplicate action `decrypt`"),
        (
            "bad-arn-format.json",
            "the ARN format of `key` does not start with `arn:`",
        ),
    ] {
        let (_, output) = rendered
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no fixture {name}"));
        assert!(output.contains(needle), "{name}: {needle}\n{output}");
        assert!(
            output.contains(&format!("{name}:")),
            "{name} has a location\n{output}"
        );
    }
}

#[test]
fn api_enum_fixtures_render_as_expected() {
    let rendered = check_dir("api-enums", parse_api_enums);
    assert_broken_fixtures_fail(&rendered);
    for (name, needle) in [
        ("wrong-type.json", "must have `\"type\": \"string\"`"),
        (
            "repeated-value.json",
            "`AWS_KMS` appears twice in `OriginType`",
        ),
        (
            "unknown-field.json",
            "unknown field `values` in shape `OriginType`",
        ),
        (
            "missing-enum.json",
            "missing field `enum` in shape `OriginType`",
        ),
        ("empty-enum.json", "shape `OriginType` has no values"),
        (
            "non-string-value.json",
            "a value of `OriginType` must be a non-empty string, found a number",
        ),
        ("duplicate-shape.json", "duplicate shape `KeySpec`"),
    ] {
        let (_, output) = rendered.iter().find(|(n, _)| n == name).unwrap();
        assert!(output.contains(needle), "{name}: {needle}\n{output}");
        assert!(
            output.contains(&format!("{name}:")),
            "{name}: located\n{output}"
        );
    }
    let source = fixture("api-enums", "valid.json");
    let mut diagnostics = Vec::new();
    let parsed = api_enums::parse(&source, &mut diagnostics);
    assert!(diagnostics.is_empty());
    assert_eq!((parsed.read, parsed.shapes.len()), (3, 3));
    assert!(
        parsed.shapes[2].deprecated,
        "CustomerMasterKeySpec is deprecated in the model"
    );
}

#[test]
fn the_valid_database_fixture_reads_every_record() {
    let source = fixture("policy-sentry-json", "valid.json");
    let mut diagnostics = Vec::new();
    let db = policy_sentry_json::parse(&source, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!((db.privileges_read, db.actions.len()), (2, 2));
    assert_eq!((db.resources_read, db.resources.len()), (2, 2));
    assert_eq!(db.conditions_read, db.conditions.len());
    let decrypt = &db.actions[0];
    assert_eq!(decrypt.name, "Decrypt");
    assert_eq!(decrypt.resources[0].resource_type, "");
    assert_eq!(decrypt.location.line, 6);
}

#[test]
fn condition_key_fixtures_render_as_expected() {
    let rendered = check_dir("condition-keys", parse_condition_keys);
    assert_broken_fixtures_fail(&rendered);
}

fn fixture(kind: &str, name: &str) -> SourceText {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(name);
    // Same shown path for both, so that locations compare equal.
    SourceText::from_bytes(format!("{kind}/doc"), &fs::read(path).unwrap()).unwrap()
}

#[test]
fn crlf_policy_sentry_parses_exactly_like_lf() {
    let (mut d1, mut d2) = (Vec::new(), Vec::new());
    let lf = policy_sentry::parse(&fixture("policy-sentry", "lf.md"), &mut d1);
    let crlf = policy_sentry::parse(&fixture("policy-sentry", "crlf.md"), &mut d2);
    assert_eq!(lf.actions.len(), 2);
    assert_eq!(lf, crlf);
    assert_eq!(d1, d2);
}

#[test]
fn crlf_condition_key_page_parses_exactly_like_lf() {
    let (mut d1, mut d2) = (Vec::new(), Vec::new());
    let lf = condition_keys::parse(&fixture("condition-keys", "lf.txt"), &mut d1);
    let crlf = condition_keys::parse(&fixture("condition-keys", "crlf.txt"), &mut d2);
    assert_eq!(lf.tables.len(), 1);
    assert_eq!(lf.deprecated.len(), 1);
    assert_eq!(lf, crlf);
    assert_eq!(d1, d2);
}

/// 10 MB of deterministic noise: words, markdown and JSON punctuation, blank
/// lines. Both parsers and the whole pipeline must answer with diagnostics.
fn noise() -> String {
    const ALPHABET: &[u8] =
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      \n\n#-*:`{}[]\",.()>";
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut out = String::with_capacity(10 * 1024 * 1024);
    while out.len() < 10 * 1024 * 1024 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push(ALPHABET[(state % ALPHABET.len() as u64) as usize] as char);
    }
    out
}

#[test]
fn ten_megabytes_of_noise_give_diagnostics_not_panics() {
    let noise = noise();
    let ps = SourceText::from_str("noise/kms/policy-sentry.md", &noise);
    let page = SourceText::from_str("noise/kms/condition-keys.txt", &noise);
    let failure = kms_spec::from_sources(&ps, &page).expect_err("noise is not a valid source");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut failures = Vec::new();
    compare(
        &dir.join("noise-10mb.expected"),
        &failure.render(),
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
