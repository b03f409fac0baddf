//! ARNs built from the data's ARN formats, and the linter agreeing with them.

use kms_types::lint::{PolicyKind, lint};
use kms_types::policy::arn::{self, Partition};
use proptest::prelude::*;

#[test]
fn every_partition_round_trips() {
    for partition in Partition::ALL {
        assert_eq!(partition.as_str().parse::<Partition>(), Ok(partition));
        let key = arn::key(partition, "*", "111122223333", "*").unwrap();
        assert!(key.as_str().starts_with(&format!("arn:{partition}:kms:")));
    }
    assert!("aws-mars".parse::<Partition>().is_err());
}

#[test]
fn empty_and_malformed_parts_are_refused_with_the_part() {
    for (region, account, id, part) in [
        ("", "111122223333", "*", "region"),
        ("*", "", "*", "account"),
        ("*", "11112222333", "*", "account"),
        ("*", "111122223333", "", "key id"),
        ("us:east", "111122223333", "*", "region"),
        ("*", "${aws:PrincipalAccount", "*", "account"),
    ] {
        let error = arn::key(Partition::Aws, region, account, id).unwrap_err();
        assert_eq!(error.part, part, "{region} {account} {id}");
        assert!(error.to_string().contains(part));
    }
    assert!(arn::alias(Partition::Aws, "*", "111122223333", "alias/").is_err());
}

#[test]
fn built_from_the_format_with_wildcards_and_variables() {
    let key = arn::key(
        Partition::AwsUsGov,
        "us-gov-west-1",
        "${aws:PrincipalAccount}",
        "mrk-1234abcd12ab34cd56ef1234567890ab",
    )
    .unwrap();
    assert_eq!(
        key.as_str(),
        "arn:aws-us-gov:kms:us-gov-west-1:${aws:PrincipalAccount}:key/mrk-1234abcd12ab34cd56ef1234567890ab"
    );
    assert_eq!(key.resource_type(), kms_types::ResourceType::Key);
    let alias = arn::alias(Partition::Aws, "eu-*", "1111222233??", "app/*").unwrap();
    assert_eq!(alias.as_str(), "arn:aws:kms:eu-*:1111222233??:alias/app/*");
}

proptest! {
    /// Whatever the builder accepts, the linter accepts as a KMS resource.
    #[test]
    fn the_linter_accepts_every_built_arn(
        partition in 0usize..8,
        region in "\\*|[a-z]{2}-[a-z]{4,7}-[1-3]",
        account in "\\*|[0-9]{12}|\\$\\{aws:PrincipalAccount\\}",
        id in "\\*|[0-9a-f]{8}-[0-9a-f]{4}",
        alias in any::<bool>(),
    ) {
        let partition = Partition::ALL[partition];
        let built = if alias {
            arn::alias(partition, &region, &account, &id)
        } else {
            arn::key(partition, &region, &account, &id)
        }
        .unwrap();
        let policy = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "{built}"}}}}"#
        );
        let report = lint(&policy, PolicyKind::Identity).unwrap();
        let arn_findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "resource-arn-format")
            .collect();
        prop_assert!(arn_findings.is_empty(), "{built}: {arn_findings:?}");
    }
}
