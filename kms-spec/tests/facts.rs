//! Facts of the two seed documents, asserted on the model built from a
//! seed-only sources directory (`tests/seed-only/kms/*`, links to the seeds
//! in `sources/kms/`; no database). The shipped sources' facts are in
//! `tests/shipped.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kms_spec::*;

fn sources() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed-only")
}

fn spec() -> Spec {
    load(&sources()).unwrap_or_else(|failure| panic!("{}", failure.render()))
}

fn key<'a>(spec: &'a Spec, name: &str) -> &'a ConditionKey {
    spec.condition_key(name)
        .unwrap_or_else(|| panic!("no key {name}"))
}

#[test]
fn forty_seven_actions_by_access_level() {
    let spec = spec();
    assert_eq!(spec.actions.len(), 47);
    let mut levels: BTreeMap<AccessLevel, usize> = BTreeMap::new();
    for action in &spec.actions {
        assert_eq!(action.access_level.all, vec![action.access_level.primary]);
        *levels.entry(action.access_level.primary).or_default() += 1;
    }
    assert_eq!(levels[&AccessLevel::Write], 29);
    assert_eq!(levels[&AccessLevel::Read], 7);
    assert_eq!(levels[&AccessLevel::List], 5);
    assert_eq!(levels[&AccessLevel::PermissionsManagement], 4);
    assert_eq!(levels[&AccessLevel::Tagging], 2);
}

#[test]
fn resource_types_are_key_and_alias() {
    let spec = spec();
    let names: Vec<&str> = spec
        .resource_types
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["alias", "key"]);
    let create_alias = spec.action("CreateAlias").unwrap();
    assert!(
        create_alias
            .resources
            .iter()
            .any(|r| r.resource_type == "alias" && r.required)
    );
    assert!(
        create_alias
            .resources
            .iter()
            .any(|r| r.resource_type == "key" && r.required)
    );
    let create_key = spec.action("CreateKey").unwrap();
    assert!(create_key.resources.iter().all(|r| !r.required));
}

#[test]
fn thirty_one_key_tables_plus_two_deprecated_keys() {
    let spec = spec();
    assert_eq!(spec.condition_keys.len(), 33);
    let tables = spec
        .condition_keys
        .iter()
        .filter(|k| k.typed_by == TypedBy::KeyTable)
        .count();
    assert_eq!(tables, 31);
    for (old, new) in [
        ("kms:CustomerMasterKeySpec", "kms:KeySpec"),
        ("kms:CustomerMasterKeyUsage", "kms:KeyUsage"),
    ] {
        let old = key(&spec, old);
        let new_key = key(&spec, new);
        assert_eq!(old.deprecated_by.as_deref(), Some(new));
        assert_eq!(old.typed_by, TypedBy::Replacement(new.to_string()));
        assert_eq!(old.condition_type, new_key.condition_type);
        assert_eq!(old.value_type, new_key.value_type);
        // "work the same way": wherever the replacement applies, with
        // CreateKey also listed by Policy Sentry.
        assert_eq!(old.actions, new_key.actions);
        let create_key = spec.action("CreateKey").unwrap();
        let association = create_key
            .condition_keys
            .iter()
            .find(|k| k.key == old.name)
            .unwrap();
        assert_eq!(
            association.sources,
            [SourceKind::PolicySentry, SourceKind::ConditionKeyPage]
        );
    }
    assert!(
        spec.condition_keys
            .iter()
            .all(|k| k.typed_by != TypedBy::Untyped)
    );
}

#[test]
fn condition_types_of_the_key_tables() {
    let spec = spec();
    let mut types: BTreeMap<ConditionType, usize> = BTreeMap::new();
    for key in spec
        .condition_keys
        .iter()
        .filter(|k| k.typed_by == TypedBy::KeyTable)
    {
        *types.entry(key.condition_type.unwrap()).or_default() += 1;
    }
    assert_eq!(types[&ConditionType::String], 18);
    assert_eq!(types[&ConditionType::StringList], 6);
    assert_eq!(types[&ConditionType::Boolean], 4);
    assert_eq!(types[&ConditionType::Numeric], 2);
    assert_eq!(types[&ConditionType::Timestamp], 1);
    assert_eq!(types.values().sum::<usize>(), 31);
}

#[test]
fn exactly_three_keys_are_multi_valued() {
    let spec = spec();
    let multi: Vec<&str> = spec
        .condition_keys
        .iter()
        .filter(|k| k.value_type == Some(ValueType::MultiValued))
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(
        multi,
        [
            "kms:EncryptionContextKeys",
            "kms:GrantOperations",
            "kms:ResourceAliases"
        ]
    );
    // String (list) does not mean multi-valued: the page types these single-valued.
    assert_eq!(
        key(&spec, "kms:ReplicaRegion").value_type,
        Some(ValueType::SingleValued)
    );
}

#[test]
fn decrypt_keys_with_provenance() {
    let spec = spec();
    let decrypt = spec.action("Decrypt").unwrap();
    let of = |name: &str| {
        decrypt
            .condition_keys
            .iter()
            .find(|k| k.key == name)
            .unwrap_or_else(|| panic!("Decrypt lacks {name}"))
    };
    let both = [SourceKind::PolicySentry, SourceKind::ConditionKeyPage];
    assert_eq!(of("kms:ViaService").sources, both);
    assert_eq!(
        of("kms:EncryptionContext:context-key").sources,
        [SourceKind::ConditionKeyPage]
    );
    assert_eq!(of("kms:EncryptionContextKeys").sources, both);
    assert_eq!(of("kms:ViaService").scopes, [KeyScope::Action]);
    // kms:ResourceAliases is for IAM policies only, on every key resource operation.
    assert_eq!(
        of("kms:ResourceAliases").policy_type,
        Some(PolicyType::IamOnly)
    );
}

#[test]
fn the_encryption_context_key_is_a_template() {
    let spec = spec();
    let key = key(&spec, "kms:EncryptionContext:context-key");
    assert_eq!(key.parsed.name, "EncryptionContext");
    assert_eq!(key.parsed.placeholder.as_ref().unwrap().text, "context-key");
    assert!(key.parsed.matches("kms:EncryptionContext:AppName"));
}

#[test]
fn policy_types_pair_with_operations() {
    let spec = spec();
    let bypass = key(&spec, "kms:BypassPolicyLockoutSafetyCheck");
    let pairs: Vec<(&str, PolicyType)> = bypass
        .operations
        .iter()
        .map(|o| (o.operation.as_str(), o.policy_type))
        .collect();
    assert_eq!(
        pairs,
        [
            ("CreateKey", PolicyType::IamOnly),
            ("PutKeyPolicy", PolicyType::KeyAndIam)
        ]
    );
    // "IAM policies" (without "only") on kms:KeyOrigin's CreateKey row.
    let origin = key(&spec, "kms:KeyOrigin");
    assert_eq!(origin.operations[0].policy_type_text, "IAM policies");
    assert_eq!(origin.operations[0].policy_type, PolicyType::IamOnly);
    // "IAM and key policies" on kms:GranteePrincipal.
    let grantee = key(&spec, "kms:GranteePrincipal");
    assert_eq!(grantee.operations[0].policy_type, PolicyType::KeyAndIam);
}

#[test]
fn groups_expand_by_rule() {
    let spec = spec();
    let caller = key(&spec, "kms:CallerAccount");
    let groups: Vec<&str> = caller
        .operations
        .iter()
        .map(|o| o.operation.as_str())
        .collect();
    assert_eq!(
        groups,
        ["KMS key resource operations", "Custom key store operations"]
    );
    let key_ops = &caller.operations[0].actions;
    assert!(key_ops.contains(&"Decrypt".to_string()));
    assert!(!key_ops.contains(&"CreateKey".to_string()));
    assert_eq!(caller.operations[1].actions.len(), 6);
    let reencrypt = key(&spec, "kms:ReEncryptOnSameKey");
    assert_eq!(
        reencrypt.operations[0].actions,
        ["ReEncryptFrom", "ReEncryptTo"]
    );
    let alias = key(&spec, "kms:RequestAlias");
    let crypto = &alias.operations[0];
    assert_eq!(crypto.operation, "Cryptographic operations");
    assert_eq!(crypto.unmatched, ["GenerateMac", "VerifyMac"]);
    assert!(crypto.actions.contains(&"Sign".to_string()));
}

#[test]
fn operations_no_action_defines_are_kept_and_reported() {
    let spec = spec();
    for (key_name, operation) in [
        ("kms:MacAlgorithm", "GenerateMac"),
        ("kms:MacAlgorithm", "VerifyMac"),
        ("kms:ReplicaRegion", "ReplicateKey"),
        ("kms:PrimaryRegion", "UpdatePrimaryRegion"),
    ] {
        let key = key(&spec, key_name);
        assert!(key.operations.iter().any(|o| o.unmatched == [operation]));
        assert!(
            spec.report.diagnostics.iter().any(|d| d
                .message
                .contains(&format!("`{operation}` of `{key_name}`"))),
            "{operation} of {key_name} not reported"
        );
    }
    assert!(key(&spec, "kms:MacAlgorithm").actions.is_empty());
}

#[test]
fn create_custom_key_store_depends_on_cloudhsm() {
    let spec = spec();
    let action = spec.action("CreateCustomKeyStore").unwrap();
    assert_eq!(action.dependent_actions, ["cloudhsm:DescribeClusters"]);
}

#[test]
fn fifty_one_examples_two_reported_with_their_lines() {
    let spec = spec();
    assert_eq!(spec.examples.len(), 51);
    let broken: Vec<u32> = spec
        .examples
        .iter()
        .filter(|e| e.problem.is_some())
        .map(|e| e.location.line)
        .collect();
    assert_eq!(broken, [277, 879]);
    let warned: Vec<u32> = spec
        .report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("not valid JSON as printed"))
        .map(|d| d.line)
        .collect();
    assert_eq!(warned, [277, 879]);
    // The comma-joined pair is read as its two statements; the other is kept as text only.
    assert_eq!(
        spec.examples
            .iter()
            .find(|e| e.location.line == 277)
            .unwrap()
            .statements
            .len(),
        2
    );
    assert!(
        spec.examples
            .iter()
            .find(|e| e.location.line == 879)
            .unwrap()
            .statements
            .is_empty()
    );
    // A full policy contributes each of its statements.
    let full = spec
        .examples
        .iter()
        .find(|e| e.location.line == 569)
        .unwrap();
    assert_eq!(full.statements.len(), 2);
    assert_eq!(full.key.as_deref(), Some("kms:KeyOrigin"));
}

#[test]
fn via_service_table() {
    let spec = spec();
    let row = |service: &str| {
        spec.via_services
            .iter()
            .find(|r| r.service == service)
            .unwrap_or_else(|| panic!("no row {service}"))
    };
    let ebs = row("Amazon Elastic Block Store (Amazon EBS)");
    assert_eq!(ebs.via_names, ["ec2.AWS_region.amazonaws.com"]);
    assert_eq!(ebs.notes, ["(EBS only)"]);
    assert_eq!(
        row("Amazon ElastiCache").via_names,
        [
            "elasticache.AWS_region.amazonaws.com",
            "dax.AWS_region.amazonaws.com"
        ]
    );
    assert_eq!(
        row("Amazon OpenSearch Service").via_names,
        [
            "es.AWS_region.amazonaws.com",
            "aoss.AWS_region.amazonaws.com"
        ]
    );
    assert_eq!(spec.via_services.len(), 87);
}

#[test]
fn nothing_read_disappears() {
    let spec = spec();
    assert!(!spec.report.counts.is_empty());
    for count in &spec.report.counts {
        assert_eq!(
            count.read,
            count.modelled + count.reported,
            "{}: read {} != modelled {} + reported {}",
            count.kind,
            count.read,
            count.modelled,
            count.reported
        );
    }
    let by_kind = |kind: &str| spec.report.counts.iter().find(|c| c.kind == kind).unwrap();
    assert_eq!(by_kind("action sections").modelled, spec.actions.len());
    assert_eq!(by_kind("key tables").modelled, 31);
    assert_eq!(by_kind("example policies").read, spec.examples.len());
    // Every reported operation cell has its warning.
    let cells = by_kind("operation cells");
    let cell_warnings = spec
        .report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("Policy Sentry page"))
        .count();
    assert_eq!(cells.reported, cell_warnings);
}

/// The model with what depends on byte layout (digests, locations) removed.
fn layout_free(spec: &Spec) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for field in ["sha256", "location", "line"] {
                    map.remove(field);
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(spec).unwrap();
    value["report"]["diagnostics"] = serde_json::Value::Null;
    strip(&mut value);
    value
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(sources().join(relative)).unwrap()
}

#[test]
fn the_same_model_whatever_the_order_of_sections() {
    let text = read(POLICY_SENTRY_PATH);
    let first = text.find("\n### ").unwrap() + 1;
    let (head, body) = text.split_at(first);
    let mut sections: Vec<String> = body.split_inclusive_sections();
    sections.reverse();
    let reordered = format!("{head}{}", sections.concat());
    assert_ne!(reordered, text);
    let page = SourceText::from_str("page", &read(CONDITION_KEYS_PATH));
    let original = from_sources(&SourceText::from_str("ps", &text), &page).unwrap();
    let shuffled = from_sources(&SourceText::from_str("ps", &reordered), &page).unwrap();
    assert_eq!(layout_free(&original), layout_free(&shuffled));
    let names: Vec<&str> = shuffled.actions.iter().map(|a| a.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

trait Sections {
    fn split_inclusive_sections(&self) -> Vec<String>;
}

impl Sections for str {
    /// Splits at each `### ` heading, keeping the heading with its section.
    fn split_inclusive_sections(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = String::new();
        for line in self.split_inclusive('\n') {
            if line.starts_with("### ") && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push_str(line);
        }
        out.push(current);
        out
    }
}

#[test]
fn crlf_sources_give_the_same_model() {
    let ps = read(POLICY_SENTRY_PATH);
    let page = read(CONDITION_KEYS_PATH);
    let lf = from_sources(
        &SourceText::from_str("ps", &ps),
        &SourceText::from_str("page", &page),
    )
    .unwrap();
    let crlf = from_sources(
        &SourceText::from_str("ps", &ps.replace('\n', "\r\n")),
        &SourceText::from_str("page", &page.replace('\n', "\r\n")),
    )
    .unwrap();
    let mut expected = lf.clone();
    for (a, b) in expected
        .service
        .sources
        .iter_mut()
        .zip(&crlf.service.sources)
    {
        a.sha256 = b.sha256.clone();
    }
    // Locations, diagnostics, everything but the digests is equal.
    assert_eq!(expected, crlf);
}

#[test]
fn the_model_round_trips_through_json() {
    let spec = spec();
    let json = serde_json::to_string(&spec).unwrap();
    let back: Spec = serde_json::from_str(&json).unwrap();
    assert_eq!(spec, back);
}
