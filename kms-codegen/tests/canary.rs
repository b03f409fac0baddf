//! The semver canary confirms `diff`'s verdict by compiling: for pairs of
//! sources directories we write (edited copies of the shipped documents,
//! one change each), `scripts/canary.sh` compiles the canary of the old
//! model against the kms-types of the new one, and the diff must say "stops
//! compiling" exactly when that fails.
//!
//! Each pair runs `cargo check` on kms-types and the canary (seconds each
//! once the dependencies are built, a minute for the first), so the tests
//! are `#[ignore]`d in `cargo test` and run by `.ci/run`.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// One edit of one document: the first `from` after `after` (which must
/// occur exactly once; `""` for the start) becomes `to`.
struct Edit {
    file: &'static str,
    after: &'static str,
    from: &'static str,
    to: &'static str,
}

/// A copy of the shipped `sources/kms` under `name`, with `edits` applied.
fn edited(name: &str, edits: &[Edit]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("canary-pairs")
        .join(name);
    let kms = dir.join("kms");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&kms).unwrap();
    for entry in std::fs::read_dir(workspace().join("sources/kms")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, kms.join(path.file_name().unwrap())).unwrap();
    }
    for edit in edits {
        let path = kms.join(edit.file);
        let text = std::fs::read_to_string(&path).unwrap();
        if !edit.after.is_empty() {
            assert_eq!(
                text.matches(edit.after).count(),
                1,
                "{name}: {:?} must occur once in {}",
                edit.after,
                edit.file
            );
        }
        let start = text.find(edit.after).unwrap();
        let at = start
            + text[start..]
                .find(edit.from)
                .unwrap_or_else(|| panic!("{name}: no {:?} in {}", edit.from, edit.file));
        let mut edited = text[..at].to_string();
        edited.push_str(edit.to);
        edited.push_str(&text[at + edit.from.len()..]);
        std::fs::write(&path, edited).unwrap();
    }
    dir
}

/// `scripts/canary.sh old new`: its output, after checking it agreed.
fn canary(old: &Path, new: &Path) -> String {
    let output = Command::new("bash")
        .arg(workspace().join("scripts/canary.sh"))
        .arg(old)
        .arg(new)
        .env(
            "CANARY_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("canary"),
        )
        .env_remove("KMS_SOURCES_DIR")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "canary.sh {} {}: {}\n{stdout}\n{}",
        old.display(),
        new.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.ends_with("agree\n"), "{stdout}");
    stdout
}

/// The diff the last `canary` call wrote, for checking the edit did what
/// the pair is about.
fn last_diff() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_TARGET_TMPDIR")).join("canary/diff.json"))
        .unwrap()
}

/// `kms:GrantConstraintSourceArn` is only in the Service Reference: taking
/// it out there removes it from the model.
const GRANT_CONSTRAINT_SOURCE_ARN: [Edit; 2] = [
    Edit {
        file: "service-reference.json",
        after: "",
        from: "        \"kms:GrantConstraintSourceArn\",\n",
        to: "",
    },
    Edit {
        file: "service-reference.json",
        after: "",
        from: "    \"kms:grantconstraintsourcearn\": {\n      \"key\": \"kms:GrantConstraintSourceArn\",\n      \"description\": \"Filters access to the CreateGrant operation based on the value of SourceArn constraint in the request\",\n      \"type\": \"ARN\"\n    },\n",
        to: "",
    },
];

/// `ML_DSA_87` out of the KMS API's `KeySpec` shape.
const ML_DSA_87: [Edit; 1] = [Edit {
    file: "api-enums.json",
    after: "\"KeySpec\": {",
    from: "      \"ML_DSA_87\",\n",
    to: "",
}];

/// `GetKeyLastUsage` is only in the Service Reference (Policy Sentry's
/// database predates it): without its entry the model has 55 actions.
const GET_KEY_LAST_USAGE: [Edit; 1] = [Edit {
    file: "service-reference.json",
    after: "",
    from: "    \"getkeylastusage\": {\n      \"name\": \"GetKeyLastUsage\",\n      \"description\": \"Controls permission to view the last usage of an AWS KMS key\",\n      \"accessLevel\": \"Read\",\n      \"resourceTypes\": [\n        {\n          \"name\": \"key\",\n          \"required\": true,\n          \"conditionKeys\": [],\n          \"dependentActions\": []\n        }\n      ],\n      \"conditionKeys\": [\n        \"kms:CallerAccount\",\n        \"kms:ViaService\"\n      ],\n      \"dependentActions\": []\n    },\n",
    to: "",
}];

#[test]
#[ignore = "runs cargo check on kms-types and a generated crate per pair; .ci/run runs it"]
fn the_canary_confirms_the_verdict_on_pairs_we_wrote() {
    let shipped = workspace().join("sources");

    // A key removed: breaking, and code naming it stops compiling.
    let without_key = edited("without-key", &GRANT_CONSTRAINT_SOURCE_ARN);
    let out = canary(&shipped, &without_key);
    assert!(
        out.contains(": breaking; code for the old version stops compiling"),
        "{out}"
    );
    assert!(last_diff().contains("\"kind\": \"key-removed\""));
    assert!(out.contains("fails to compile"), "{out}");
    // ... and added back: minor, the old canary compiles.
    let out = canary(&without_key, &shipped);
    assert!(
        out.contains(": minor; code for the old version still compiles"),
        "{out}"
    );
    assert!(last_diff().contains("\"kind\": \"key-added\""));

    // A value removed from a closed set: breaking; added: minor
    // (`values::KeySpec` is `#[non_exhaustive]`).
    let without_value = edited("without-value", &ML_DSA_87);
    let out = canary(&shipped, &without_value);
    assert!(
        out.contains(": breaking; code for the old version stops compiling"),
        "{out}"
    );
    assert!(last_diff().contains("\"kind\": \"value-removed\""));
    let out = canary(&without_value, &shipped);
    assert!(
        out.contains(": minor; code for the old version still compiles"),
        "{out}"
    );

    // An action moved to a second level beside its first: minor, as the
    // typed access sets hold actions by their first level.
    let one_level = edited(
        "one-level",
        &[Edit {
            file: "service-reference.json",
            after: "\"name\": \"TagResource\"",
            from: "\"accessLevel\": \"Tagging, Write\"",
            to: "\"accessLevel\": \"Tagging\"",
        }],
    );
    let out = canary(&one_level, &shipped);
    assert!(
        out.contains(": minor; code for the old version still compiles"),
        "{out}"
    );
    assert!(last_diff().contains("\"kind\": \"access-level-changed\""));

    // An action moved to another first level: `access::Read` gains
    // `Decrypt` and `access::Write` loses it.
    let moved = edited(
        "moved",
        &[Edit {
            file: "service-reference.json",
            after: "\"name\": \"Decrypt\"",
            from: "\"accessLevel\": \"Write\"",
            to: "\"accessLevel\": \"Read\"",
        }],
    );
    // Every statement the canary builds still compiles: the change is one
    // of meaning (what `access::Read` covers), breaking by the diff's rules.
    let out = canary(&shipped, &moved);
    assert!(
        out.contains(": breaking; code for the old version still compiles"),
        "{out}"
    );

    // An action added under a pattern. `GetKeyLastUsage` takes the keys
    // every `kms:Get*` action takes: minor, everything still compiles.
    let without_action = edited("without-action", &GET_KEY_LAST_USAGE);
    let out = canary(&without_action, &shipped);
    assert!(last_diff().contains("\"kind\": \"action-added\""));
    assert!(
        out.contains(": minor; code for the old version still compiles"),
        "{out}"
    );
    // Had it come without a resource type, it would take none of the keys
    // of a `key` resource (`aws:ResourceTag/${TagKey}`, `kms:KeySpec`, ...),
    // and `patterns::GetStar` and `patterns::GetKeyStar` would no longer
    // accept them: an addition that breaks.
    let narrower = edited(
        "narrower-action",
        &[Edit {
            file: "service-reference.json",
            after: "\"name\": \"GetKeyLastUsage\"",
            from: "\"resourceTypes\": [\n        {\n          \"name\": \"key\",\n          \"required\": true,\n          \"conditionKeys\": [],\n          \"dependentActions\": []\n        }\n      ],",
            to: "\"resourceTypes\": [],",
        }],
    );
    let out = canary(&without_action, &narrower);
    assert!(
        out.contains(": breaking; code for the old version stops compiling"),
        "{out}"
    );
    let diff = last_diff();
    assert!(diff.contains("\"kind\": \"action-added\""), "{diff}");
    assert!(
        diff.contains("\"subject\": \"patterns::GetStar\""),
        "{diff}"
    );

    // Nothing changed: nothing to release, and the canary compiles.
    let out = canary(&shipped, &shipped);
    assert!(
        out.contains(": no change; code for the old version still compiles"),
        "{out}"
    );
}

/// What the canary of the shipped sources names: every action, key,
/// resource type and value once in `enums`, each action set with each key
/// it accepts, and the key-policy form where the model allows it.
#[test]
fn the_canary_names_every_typed_item_once() {
    let spec = kms_spec::load(&workspace().join("sources")).unwrap();
    let code = kms_codegen::canary::canary(&spec).unwrap();
    let count = |needle: &str| code.lines().filter(|l| l.contains(needle)).count();
    assert_eq!(count("let _ = Action::"), spec.actions.len());
    assert_eq!(count("let _ = ConditionKey::"), spec.condition_keys.len());
    assert_eq!(count("let _ = ResourceType::"), spec.resource_types.len());
    assert!(code.contains("    let _ = values::KeySpec::MlDsa87;\n"));
    // The issue's own example, in an identity policy and a key policy.
    let statement = "Statement::allow().action(actions::GetKeyLastUsage).condition(op::Null, keys::ViaService, true)";
    assert!(code.contains(&format!("    let _ = {statement};\n")));
    assert!(code.contains(&format!(
        "    let _ = KeyPolicy::new().statement({statement}.principal(Principal::aws(\"*\")));\n"
    )));
    // Templated keys are named with a name of the canary's own.
    assert!(code.contains("keys::EncryptionContext(\"canary\")"));
    // Each operator form: Numeric, and a closed set under `StringEquals`.
    assert!(code.contains(
        "Statement::allow().condition(op::NumericEquals, keys::TrailingDaysWithoutKeyUsage, 1);"
    ));
    assert!(code.contains(
        "Statement::allow().condition(op::ForAnyValue(op::StringEquals), keys::GrantOperations, [values::GrantOperation::"
    ));
    // A key the page allows in IAM policies only gets no key-policy form.
    assert!(count("KeyPolicy::new()") < count(".condition(op::Null,"));
    // One function per action set type.
    assert!(code.contains("pub fn patterns_get_star() {"));
    assert!(code.contains("pub fn access_permissions_management() {"));
}

#[test]
fn the_canary_command_writes_a_crate_or_says_why_not() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("canary-command");
    let _ = std::fs::remove_dir_all(&out);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kms-codegen"))
            .current_dir(workspace())
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&["canary", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("kms-types = { path = "), "{manifest}");
    assert!(manifest.contains("[workspace]"), "{manifest}");
    assert!(out.join("src/lib.rs").is_file());
    let output = run(&[
        "canary",
        "--out",
        out.to_str().unwrap(),
        "--kms-types",
        "/nonexistent",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no kms-types crate at /nonexistent"),
        "{stderr}"
    );
    let output = run(&[
        "canary",
        "--sources",
        "/nonexistent-sources",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
}
