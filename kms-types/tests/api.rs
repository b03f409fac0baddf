//! The generated API, checked against facts of the real sources.
//!
//! Tests marked "shipped" assert the exact numbers of `sources/` (the two
//! seed pages and Policy Sentry's database 0.15.2); they are ignored when
//! the crate is built from another vintage (`KMS_SOURCES_DIR`).

use std::path::Path;
use std::str::FromStr;

use kms_types::*;

/// Whether the crate was built from the shipped sources (not `KMS_SOURCES_DIR`).
fn shipped() -> bool {
    !cfg!(kms_custom_sources)
}

#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn shipped_counts() {
    assert_eq!(Action::COUNT, 56);
    assert_eq!(Action::ALL.len(), 56);
    // The Service Reference's 98 keys; every key the pages and the database
    // name is among them.
    assert_eq!(ConditionKey::COUNT, 98);
    assert_eq!(ResourceType::ALL, [ResourceType::Alias, ResourceType::Key]);
    let count = |level| {
        Action::ALL
            .iter()
            .filter(|a| a.access_level() == level)
            .count()
    };
    // The Service Reference 2026-09-26 (first level): Write 36, List 7,
    // Read 7 (with GetKeyLastUsage), Permissions management 4, Tagging 2.
    assert_eq!(count(AccessLevel::Write), 36);
    assert_eq!(count(AccessLevel::List), 7);
    assert_eq!(count(AccessLevel::Read), 7);
    assert_eq!(count(AccessLevel::PermissionsManagement), 4);
    assert_eq!(count(AccessLevel::Tagging), 2);
    // Every key typed.
    assert!(
        ConditionKey::ALL
            .iter()
            .all(|k| k.condition_type().is_some())
    );
    assert_eq!(
        ResourceType::Key.arn_format(),
        Some("arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}")
    );
    assert_eq!(
        ResourceType::Alias.arn_format(),
        Some("arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}")
    );
    for name in [
        "DeriveSharedSecret",
        "GenerateMac",
        "ListKeyRotations",
        "ReplicateKey",
        "RotateKeyOnDemand",
        "SynchronizeMultiRegionKey",
        "UpdatePrimaryRegion",
        "VerifyMac",
    ] {
        assert!(Action::from_str(name).is_ok(), "{name}");
    }
}

#[test]
fn create_key_requires_no_resource_and_create_alias_requires_both() {
    assert_eq!(Action::CreateKey.required_resources().count(), 0);
    let required: Vec<ResourceType> = Action::CreateAlias.required_resources().collect();
    assert_eq!(required, [ResourceType::Alias, ResourceType::Key]);
}

#[test]
fn display_from_str_round_trips_for_every_variant() {
    for &action in Action::ALL {
        assert_eq!(action.to_string().parse::<Action>(), Ok(action));
        assert_eq!(action.name().parse::<Action>(), Ok(action));
        assert_eq!(action.to_string(), format!("kms:{}", action.name()));
    }
    for &key in ConditionKey::ALL {
        assert_eq!(key.to_string().parse::<ConditionKey>(), Ok(key));
    }
    for &level in AccessLevel::ALL {
        assert_eq!(level.to_string().parse::<AccessLevel>(), Ok(level));
    }
    for &ty in ConditionType::ALL {
        assert_eq!(ty.to_string().parse::<ConditionType>(), Ok(ty));
    }
    for &ty in ValueType::ALL {
        assert_eq!(ty.to_string().parse::<ValueType>(), Ok(ty));
    }
    for &ty in ResourceType::ALL {
        assert_eq!(ty.to_string().parse::<ResourceType>(), Ok(ty));
    }
}

#[test]
fn action_names_are_case_insensitive_with_optional_prefix() {
    assert_eq!("kms:decrypt".parse::<Action>(), Ok(Action::Decrypt));
    assert_eq!("Decrypt".parse::<Action>(), Ok(Action::Decrypt));
    assert_eq!("KMS:DECRYPT".parse::<Action>(), Ok(Action::Decrypt));
    assert!("s3:Decrypt".parse::<Action>().is_err());
}

#[test]
fn unknown_names_suggest_the_nearest() {
    let error = Action::from_str("kms:Decrpyt").unwrap_err();
    assert_eq!(error.suggestions.first(), Some(&"Decrypt"));
    assert_eq!(
        error.to_string(),
        "unknown KMS action `kms:Decrpyt`; did you mean `Decrypt`?"
    );
    let error = ConditionKey::from_str("kms:ViaServise").unwrap_err();
    assert_eq!(error.suggestions, ["kms:ViaService"]);
}

#[test]
fn generate_pattern_yields_exactly_the_generate_actions() {
    let generate: Vec<Action> = Action::matching("kms:Generate*").collect();
    let mut expected: Vec<Action> = Action::ALL
        .iter()
        .copied()
        .filter(|a| a.name().starts_with("Generate"))
        .collect();
    expected.sort();
    assert_eq!(generate, expected);
    if shipped() {
        assert_eq!(
            generate,
            [
                Action::GenerateDataKey,
                Action::GenerateDataKeyPair,
                Action::GenerateDataKeyPairWithoutPlaintext,
                Action::GenerateDataKeyWithoutPlaintext,
                Action::GenerateMac,
                Action::GenerateRandom,
            ]
        );
    }
    assert_eq!(
        Action::matching("kms:reencrypt*").collect::<Vec<_>>(),
        [Action::ReEncryptFrom, Action::ReEncryptTo]
    );
    assert_eq!(Action::matching("kms:*").count(), Action::COUNT);
    assert_eq!(
        Action::matching("Decrypt").collect::<Vec<_>>(),
        [Action::Decrypt]
    );
    assert_eq!(Action::matching("ec2:*").count(), 0);
}

#[test]
fn action_tables() {
    assert!(
        Action::CreateCustomKeyStore
            .dependent_actions()
            .contains(&"cloudhsm:DescribeClusters")
    );
    if shipped() {
        assert_eq!(
            Action::CreateCustomKeyStore.dependent_actions(),
            [
                "cloudhsm:DescribeClusters",
                "ec2:DescribeVpcEndpointServices",
                "iam:CreateServiceLinkedRole"
            ]
        );
    }
    let via = Action::Decrypt
        .condition_keys()
        .iter()
        .find(|k| k.key == ConditionKey::ViaService)
        .unwrap();
    assert!(via.sources.contains(&Source::PolicySentryPage));
    assert!(via.sources.contains(&Source::ConditionKeyPage));
    if shipped() {
        assert!(via.sources.contains(&Source::PolicySentryDatabase));
    }
    assert_eq!(via.policy_type, Some(PolicyType::KeyAndIam));
    let context = Action::Decrypt
        .condition_keys()
        .iter()
        .find(|k| k.key == ConditionKey::EncryptionContext)
        .unwrap();
    // The seed's Policy Sentry page lacks the key on Decrypt; the database
    // (and the 2026 page) have it; the condition-key page has it in every vintage.
    assert!(context.sources.contains(&Source::ConditionKeyPage));
    if shipped() {
        assert_eq!(
            context.sources,
            [
                Source::PolicySentryDatabase,
                Source::ConditionKeyPage,
                Source::ServiceReference
            ]
        );
        assert_eq!(
            Action::CreateGrant.access_levels(),
            [AccessLevel::PermissionsManagement, AccessLevel::Write]
        );
    } else {
        assert!(context.sources.contains(&Source::PolicySentryPage));
    }
    assert!(Action::Decrypt.description().contains("decrypt"));
    assert!(Action::Decrypt.accepts(ConditionKey::EncryptionContextKeys));
    assert!(!Action::ListKeys.accepts(ConditionKey::ViaService));
}

#[test]
fn key_tables() {
    assert_eq!(ConditionKey::ViaService.name(), "kms:ViaService");
    assert_eq!(
        ConditionKey::ViaService.condition_type(),
        Some(ConditionType::String)
    );
    assert!(ConditionKey::EncryptionContextKeys.is_multi_valued());
    assert!(!ConditionKey::EncryptionContext.is_multi_valued());
    assert_eq!(
        ConditionKey::RotationPeriodInDays.condition_type(),
        Some(ConditionType::Numeric)
    );
    assert_eq!(
        ConditionKey::ValidTo.condition_type(),
        Some(ConditionType::Timestamp)
    );
    let bypass = ConditionKey::BypassPolicyLockoutSafetyCheck.operations();
    assert_eq!(bypass[0].operation, "CreateKey");
    assert_eq!(bypass[0].policy_type, PolicyType::IamOnly);
    assert_eq!(bypass[1].policy_type, PolicyType::KeyAndIam);
    assert_eq!(
        ConditionKey::for_policy_key("kms:EncryptionContext:AppName"),
        Some(ConditionKey::EncryptionContext)
    );
    assert_eq!(
        ConditionKey::for_policy_key("KMS:VIASERVICE"),
        Some(ConditionKey::ViaService)
    );
    assert_eq!(ConditionKey::for_policy_key("kms:EncryptionContext:"), None);
    assert!(ConditionKey::EncryptionContext.placeholder().is_some());
}

#[test]
#[allow(deprecated)]
fn deprecated_keys_name_their_replacement() {
    assert_eq!(
        ConditionKey::CustomerMasterKeySpec.deprecated_by(),
        Some(ConditionKey::KeySpec)
    );
    assert_eq!(
        ConditionKey::CustomerMasterKeyUsage.deprecated_by(),
        Some(ConditionKey::KeyUsage)
    );
    assert_eq!(
        ConditionKey::CustomerMasterKeySpec.condition_type(),
        ConditionKey::KeySpec.condition_type()
    );
}

#[test]
fn resource_types_list_their_actions() {
    assert!(ResourceType::Alias.actions().contains(&Action::CreateAlias));
    assert!(ResourceType::Key.actions().contains(&Action::Decrypt));
    assert!(!ResourceType::Key.actions().contains(&Action::CreateKey));
}

#[cfg(feature = "serde")]
#[test]
fn serde_uses_iam_names() {
    let json = serde_json::to_string(&[Action::Decrypt, Action::GenerateDataKey]).unwrap();
    assert_eq!(json, r#"["kms:Decrypt","kms:GenerateDataKey"]"#);
    let back: Vec<Action> = serde_json::from_str(r#"["kms:decrypt","GenerateDataKey"]"#).unwrap();
    assert_eq!(back, [Action::Decrypt, Action::GenerateDataKey]);
    let key: ConditionKey = serde_json::from_str(r#""kms:ViaService""#).unwrap();
    assert_eq!(key, ConditionKey::ViaService);
    let error = serde_json::from_str::<Action>(r#""kms:Decrpyt""#).unwrap_err();
    assert!(
        error.to_string().contains("did you mean `Decrypt`"),
        "{error}"
    );
}

#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn closed_value_sets_are_typed() {
    use kms_types::values;
    assert_eq!(values::KeySpec::Rsa2048.to_string(), "RSA_2048");
    assert_eq!(
        "RSA_2048".parse::<values::KeySpec>(),
        Ok(values::KeySpec::Rsa2048)
    );
    assert_eq!(values::KeySpec::ALL.len(), 20);
    // IAM compares API values case-sensitively: another case is an error
    // that names the right spelling; a near miss suggests the nearest.
    let error = "rsa_2048".parse::<values::KeySpec>().unwrap_err();
    assert_eq!(error.suggestions, ["RSA_2048"]);
    let error = "RSA2048".parse::<values::KeySpec>().unwrap_err();
    assert_eq!(error.suggestions.first(), Some(&"RSA_2048"));
    assert!(error.to_string().contains("did you mean"), "{error}");
    assert_eq!(
        "SYMMETRIC_DEFAULT".parse::<values::EncryptionAlgorithmSpec>(),
        Ok(values::EncryptionAlgorithmSpec::SymmetricDefault)
    );
    assert_eq!(values::GrantOperation::Decrypt.name(), "Decrypt");
    // The tables: the key's set as strings, and its API shape.
    assert_eq!(ConditionKey::KeySpec.value_shape(), Some("KeySpec"));
    assert!(
        ConditionKey::KeySpec
            .value_set()
            .unwrap()
            .contains(&"RSA_2048")
    );
    assert_eq!(ConditionKey::KeyOrigin.value_shape(), Some("OriginType"));
    assert_eq!(ConditionKey::ViaService.value_set(), None);
    #[allow(deprecated)]
    let old = ConditionKey::CustomerMasterKeyUsage;
    assert_eq!(old.value_shape(), ConditionKey::KeyUsage.value_shape());
}

/// A name that is not a variant but means something says what to call.
#[test]
fn parse_errors_point_at_the_right_call() {
    let error = "kms:Generate*".parse::<Action>().unwrap_err().to_string();
    assert!(error.contains("`Action::matching` expands it"), "{error}");
    let error = "kms:EncryptionContext:service"
        .parse::<ConditionKey>()
        .unwrap_err()
        .to_string();
    assert!(error.contains("ConditionKey::for_policy_key"), "{error}");
    assert!(error.contains("kms:EncryptionContext:"), "{error}");
    let error = "kms:Decrpyt".parse::<Action>().unwrap_err().to_string();
    assert!(error.contains("did you mean `Decrypt`?"), "{error}");
}

/// The documents the crate says it is built from — the `# Data` table of
/// the crate docs, README's first table and `sources/README.md` — name
/// every document in [`kms_types::SOURCES`], and the counts they give are
/// the crate's; `sources/README.md` records each document's sha256. They
/// cannot go stale when a document is added or refreshed.
#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: the docs describe the shipped sources"
)]
fn the_docs_list_every_document_the_crate_is_built_from() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let lib = read(&root.join("src/lib.rs"));
    let data = &lib[lib.find("//! # Data").unwrap()..];
    let data = &data[..data.find("#![").unwrap()];
    let sources_readme = read(&root.join("sources/README.md"));
    // README.md is beside the workspace, not in the package: checked when
    // the test runs in the workspace.
    let readme = std::fs::read_to_string(root.join("../README.md")).ok();
    let first_table = readme.as_deref().map(|r| {
        let start = r.find("| document |").unwrap();
        &r[start..start + r[start..].find("\n\n").unwrap()]
    });
    assert_eq!(kms_types::SOURCES.len(), 6);
    for source in &kms_types::SOURCES {
        let shown = format!("sources/{}", source.path);
        assert!(
            data.contains(&shown),
            "the crate's `# Data` table lacks {shown}"
        );
        if let Some(table) = first_table {
            assert!(table.contains(&shown), "README's table lacks {shown}");
        }
        assert!(
            sources_readme.contains(&format!("`{}`", source.path)),
            "sources/README.md lacks {}",
            source.path
        );
        assert!(
            sources_readme.contains(source.sha256),
            "sources/README.md does not record {}'s sha256 {}",
            source.path,
            source.sha256
        );
    }
    let actions = format!("{} actions", Action::COUNT);
    let keys = format!("{} keys", ConditionKey::COUNT);
    assert!(
        data.contains(&actions) && data.contains(&keys),
        "`# Data` lacks {actions}, {keys}"
    );
    if let Some(table) = first_table {
        assert!(
            table.contains(&actions) && table.contains(&keys),
            "README lacks {actions}, {keys}"
        );
    }
}
