//! The builder and the linter read the same rules, so they must agree: for
//! every (action set, key) pair and every (key, operator form) the typed
//! API has or lacks, the builder compiles the statement exactly when the
//! linter reports nothing on the same JSON, and the JSON reads back into a
//! policy that writes the same JSON (in the style of unicode-ident's
//! `tests/compare.rs`, which checks its tables on every code point).
//!
//! What the builder compiles is the generator's `typed_api`, computed by the
//! rule the emitter generates the `AppliesTo`/`KeyPolicyAllows`/`Fits` impls
//! with (the trybuild cases in `ui-tests/tests/ui` pin that the impls say the same).

use std::collections::BTreeSet;
use std::path::PathBuf;

use kms_codegen::typed_api::{TypedApi, typed_api};
use kms_types::lint::{Code, Finding, PolicyKind, lint};
use kms_types::policy::{IdentityPolicy, KeyPolicy};
use kms_types::rules::{FAMILY_FITS, Family, KeyType, Qualifier};
use kms_types::{ConditionKey, ValueType};
use serde_json::{Value, json};

/// The sources the crate under test was built from.
fn sources() -> PathBuf {
    match option_env!("KMS_SOURCES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sources"),
    }
}

fn api() -> TypedApi {
    let spec = kms_spec::load(&sources()).unwrap_or_else(|e| panic!("{e}"));
    typed_api(&spec)
}

/// The key as a policy writes it: a template gets a name in place of its
/// placeholder (`kms:EncryptionContext:*` → `kms:EncryptionContext:Department`).
fn concrete(key: &str) -> String {
    match key.strip_suffix('*') {
        Some(head) => format!("{head}Department"),
        None => key.to_string(),
    }
}

fn condition_key(key: &str) -> ConditionKey {
    ConditionKey::for_policy_key(&concrete(key)).unwrap_or_else(|| panic!("{key} is not a key"))
}

/// A base operator of `family` and a value it takes on `key` (a member of
/// the key's closed set under `...Equals`).
fn operator_and_value(family: Family, key: ConditionKey) -> (&'static str, Value) {
    match family {
        Family::String => match key.value_set() {
            Some(set) => ("StringEquals", json!(set[0])),
            None => ("StringEquals", json!("example")),
        },
        Family::Arn => ("ArnLike", json!("arn:aws:iam::111122223333:role/*")),
        Family::Numeric => ("NumericLessThan", json!("1700000000")),
        Family::Date => ("DateLessThan", json!("2030-01-01T00:00:00Z")),
        Family::Bool => ("Bool", json!("true")),
        Family::Binary => ("BinaryEquals", json!("QmluYXJ5")),
        Family::IpAddress => ("IpAddress", json!("203.0.113.0/24")),
        Family::Null => ("Null", json!("false")),
    }
}

/// The family that fits `key`'s type, with its qualifier as the key's
/// multiplicity wants it: a condition the builder accepts on every action
/// that takes the key.
fn fitting(key: ConditionKey) -> (String, Value) {
    let ty = key
        .condition_type()
        .and_then(|t| KeyType::of_condition_type(t.name()))
        .unwrap_or(KeyType::Untyped);
    let family = FAMILY_FITS
        .iter()
        .find(|(_, types)| types.contains(&ty))
        .map_or(Family::String, |(f, _)| *f);
    let (op, value) = operator_and_value(family, key);
    match key.value_type() {
        Some(ValueType::MultiValued) => (format!("ForAnyValue:{op}"), value),
        _ => (op.to_string(), value),
    }
}

fn statement(
    actions: &[String],
    principal: bool,
    operator: &str,
    key: &str,
    value: Value,
) -> Value {
    // One entry as a string, several as an array: as `to_json` writes them.
    let actions = match actions {
        [one] => json!(one),
        many => json!(many),
    };
    let mut statement = json!({
        "Effect": "Allow",
        "Action": actions,
        "Resource": "*",
        "Condition": { operator: { concrete(key): value } },
    });
    if principal {
        statement["Principal"] = json!({ "AWS": "arn:aws:iam::111122223333:role/App" });
    }
    json!({ "Version": "2012-10-17", "Statement": [statement] })
}

/// Findings, less the deprecation warning that the builder gives too (as
/// rustc's `#[deprecated]` warning): both warn, neither rejects.
fn findings(policy: &Value, kind: PolicyKind) -> Vec<Finding> {
    let report = lint(&policy.to_string(), kind).expect("the test writes JSON");
    report
        .findings
        .into_iter()
        .filter(|f| f.code != Code::DeprecatedKey)
        // What a whole key policy gives whom (public access, lockout, ...)
        // is not the form of a statement: the builder does not judge it.
        .filter(|f| {
            !matches!(
                f.code,
                Code::PublicAccess
                    | Code::CrossAccountAccess
                    | Code::LockoutRisk
                    | Code::GrantDelegation
            )
        })
        .collect()
}

#[test]
fn every_action_set_and_key_compiles_exactly_when_the_linter_is_silent() {
    let api = api();
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for (set, actions) in &api.set_actions {
        for key in &api.keys {
            let (operator, value) = fitting(condition_key(key));
            let pair = (set.clone(), key.clone());
            for (kind, principal, compiles) in [
                (PolicyKind::Identity, false, api.applies_to.contains(&pair)),
                (PolicyKind::Key, true, api.key_policy.contains(&pair)),
            ] {
                let policy = statement(actions, principal, &operator, key, value.clone());
                let found = findings(&policy, kind);
                checked += 1;
                if compiles != found.is_empty() {
                    disagreements.push(format!(
                        "{kind:?} {set} + {key} ({operator}): builder {}, linter {:?}",
                        if compiles { "compiles" } else { "rejects" },
                        found.iter().map(|f| f.code.as_str()).collect::<Vec<_>>()
                    ));
                }
                // What compiles reads back: from_json(to_json(p)) == p.
                if compiles && principal {
                    let read = KeyPolicy::from_json(&policy).unwrap();
                    assert_eq!(read.to_json(), policy);
                    assert_eq!(KeyPolicy::from_json(&read.to_json()).unwrap(), read);
                } else if compiles {
                    let read = IdentityPolicy::from_json(&policy).unwrap();
                    assert_eq!(read.to_json(), policy);
                    assert_eq!(IdentityPolicy::from_json(&read.to_json()).unwrap(), read);
                }
            }
        }
    }
    assert!(
        checked >= 2 * api.set_actions.len() * api.keys.len(),
        "every pair is checked"
    );
    agree(&disagreements, checked);
}

/// Fails with every disagreement, if there is any (and if anything was
/// checked at all).
fn agree(disagreements: &[String], checked: usize) {
    assert!(checked > 0, "nothing was checked");
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn every_key_and_operator_form_compiles_exactly_when_the_linter_is_silent() {
    let api = api();
    let families: BTreeSet<Family> = FAMILY_FITS.iter().map(|(f, _)| *f).collect();
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for key in &api.keys {
        // An action that takes the key, alone: only the operator is judged.
        let Some((set, _)) = api
            .applies_to
            .iter()
            .find(|(set, k)| k == key && set.starts_with("actions::"))
        else {
            continue;
        };
        let actions = &api.set_actions[set];
        let ck = condition_key(key);
        for &family in &families {
            let (base, value) = operator_and_value(family, ck);
            for (qualifier, form) in [
                (None, "plain"),
                (Some(Qualifier::ForAnyValue), "ForAnyValue/ForAllValues"),
                (Some(Qualifier::ForAllValues), "ForAnyValue/ForAllValues"),
            ] {
                let operator = match qualifier {
                    Some(q) => format!("{}:{base}", q.name()),
                    None => base.to_string(),
                };
                let compiles = api
                    .operators
                    .contains(&(key.clone(), format!("{}* ({form})", family.name())));
                let policy = statement(actions, false, &operator, key, value.clone());
                let found = findings(&policy, PolicyKind::Identity);
                checked += 1;
                if compiles != found.is_empty() {
                    disagreements.push(format!(
                        "{key} with {operator}: builder {}, linter {:?}",
                        if compiles { "compiles" } else { "rejects" },
                        found.iter().map(|f| f.code.as_str()).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    agree(&disagreements, checked);
}

/// The first probe of the issue that asked for this test: `aws:ResourceTag`
/// does not apply to `ListKeys` (it takes no resource, so the key is never
/// in its requests): the builder rejects it, so the linter reports it.
#[test]
fn aws_resource_tag_on_list_keys_is_reported() {
    let api = api();
    if !api.keys.contains("aws:ResourceTag/*") {
        return; // sources without the database: no aws: keys typed
    }
    assert!(
        !api.applies_to
            .contains(&("actions::ListKeys".into(), "aws:ResourceTag/*".into()))
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "kms:ListKeys", "Resource": "*",
        "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}]});
    let found = findings(&policy, PolicyKind::Identity);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, Code::KeyNotForAction);
    assert!(
        found[0].message.contains("never matches"),
        "{}",
        found[0].message
    );
    // Global keys the KMS data does not list are still left alone.
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "kms:ListKeys", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]});
    assert!(findings(&policy, PolicyKind::Identity).is_empty());
}

/// The second probe: `NotResource` (and `NotPrincipal`) are IAM grammar;
/// `from_json` reads them as the linter does, and both reject a statement
/// with `Resource` and `NotResource`.
#[test]
fn not_resource_reads_back_and_both_forms_together_are_rejected() {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "Action": "kms:Decrypt", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/*"}]});
    assert!(findings(&policy, PolicyKind::Identity).is_empty());
    let read = IdentityPolicy::from_json(&policy).unwrap();
    assert_eq!(read.to_json(), policy);

    let key_policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "kms:*", "Resource": "*"}]});
    assert!(findings(&key_policy, PolicyKind::Key).is_empty());
    assert_eq!(
        KeyPolicy::from_json(&key_policy).unwrap().to_json(),
        key_policy
    );
    assert!(IdentityPolicy::from_json(&key_policy).is_err());

    let both = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "kms:Decrypt", "Resource": "*", "NotResource": "*"}]});
    let error = IdentityPolicy::from_json(&both).unwrap_err();
    assert_eq!(error.path, "/Statement/0/NotResource");
    let found = findings(&both, PolicyKind::Identity);
    assert!(
        found
            .iter()
            .any(|f| f.code == Code::PolicyGrammar && f.path == "/Statement/0/NotResource"),
        "{found:?}"
    );
}
