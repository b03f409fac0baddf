//! The operator-fit rule is one list (`policy::op::FAMILY_FITS`, from which
//! the builder's `Fits` impls are generated and which the linter applies);
//! the generator's copy, used by `kms-codegen diff` to judge the typed API
//! (kms-codegen cannot depend on kms-types), must agree with it.

use kms_types::lint::{PolicyKind, lint};
use kms_types::policy::op::FAMILY_FITS;

#[test]
fn the_generator_judges_the_typed_api_by_the_same_rule() {
    let generator = kms_codegen::typed_api::FAMILY_FITS;
    // The builder's list has a row per value kind (String's `...Equals` and
    // `...Like` operators take different values); the families are the same.
    let mut families: Vec<&str> = FAMILY_FITS.iter().map(|(f, _)| *f).collect();
    families.dedup();
    assert_eq!(generator.len(), families.len());
    for (family, types) in FAMILY_FITS {
        let (_, theirs) = generator
            .iter()
            .find(|(name, _)| name.trim_end_matches('*') == *family)
            .unwrap_or_else(|| panic!("kms-codegen has no row for {family}"));
        let theirs: Vec<&str> = theirs.iter().copied().filter(|t| *t != "Untyped").collect();
        assert_eq!(&theirs, types, "{family}");
    }
}

/// The linter applies the list: every (family, key type) pair it lists
/// fits, and a family outside it is an `operator-type-mismatch`.
#[test]
fn the_linter_applies_the_list() {
    // A key of each type that applies to the action.
    let keys = [
        ("String", "kms:ViaService", "Decrypt", "\"x\""),
        (
            "Numeric",
            "kms:RotationPeriodInDays",
            "EnableKeyRotation",
            "90",
        ),
        (
            "Timestamp",
            "kms:ValidTo",
            "ImportKeyMaterial",
            "1700000000",
        ),
        ("Boolean", "kms:MultiRegion", "CreateKey", "true"),
    ];
    let operators = [
        ("String", "StringEquals"),
        ("Arn", "ArnLike"),
        ("Numeric", "NumericLessThan"),
        ("Date", "DateLessThan"),
        ("Bool", "Bool"),
    ];
    for (ty, key, action, value) in keys {
        for (family, operator) in operators {
            let fits = FAMILY_FITS
                .iter()
                .any(|(f, types)| *f == family && types.contains(&ty));
            let text = format!(
                r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "kms:{action}", "Resource": "*", "Condition": {{"{operator}": {{"{key}": {value}}}}}}}}}"#
            );
            let report = lint(&text, PolicyKind::Identity).unwrap();
            let mismatch = report
                .findings
                .iter()
                .any(|f| f.code == "operator-type-mismatch");
            let weak = report.findings.iter().any(|f| f.code == "weak-operator");
            if fits {
                assert!(
                    !mismatch && !weak,
                    "{operator} on {key}: {:?}",
                    report.findings
                );
            } else {
                assert!(mismatch || weak, "{operator} on {key} should not fit");
            }
        }
    }
}
