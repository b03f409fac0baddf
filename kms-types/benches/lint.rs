//! Linting a 100-statement policy (a mix of clean and faulty statements),
//! next to parsing it into `serde_json::Value` in the same run.
//!
//! `cargo bench -p kms-types --bench lint`

use kms_types::lint::{PolicyKind, lint};

fn main() {
    divan::main();
}

/// 100 statements cycling through four shapes (two with mistakes).
pub fn hundred_statements() -> String {
    let shapes = [
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/R{i}"}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s{i}.us-west-2.amazonaws.com", "kms:CallerAccount": "111122223333"}}}"#,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*", "Condition": {"NumericLessThanEquals": {"kms:ScheduleKeyDeletionPendingWindowInDays": "{i}"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt", "kms:ListKeys"], "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContext:App{i}": "x"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:CreateGrant", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": "yes"}}}"#,
    ];
    let statements: Vec<String> = (0..100)
        .map(|i| shapes[i % shapes.len()].replace("{i}", &i.to_string()))
        .collect();
    format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}",
        statements.join(",\n")
    )
}

#[divan::bench]
fn lint_100_statements(bencher: divan::Bencher) {
    let policy = hundred_statements();
    bencher
        .counter(divan::counter::ItemsCount::new(100usize))
        .bench(|| {
            lint(divan::black_box(&policy), PolicyKind::Auto)
                .unwrap()
                .findings
                .len()
        });
}

/// The yardstick the linter is measured against: parsing the same text into
/// `serde_json::Value`, with no checks at all.
#[divan::bench]
fn serde_json_value_100_statements(bencher: divan::Bencher) {
    let policy = hundred_statements();
    bencher
        .counter(divan::counter::ItemsCount::new(100usize))
        .bench(|| {
            serde_json::from_str::<serde_json::Value>(divan::black_box(&policy))
                .unwrap()
                .as_object()
                .map(|o| o.len())
        });
}

/// 1,000 statements cycling through the four statements of AWS's default
/// key policy for a key with administrators and users (AWS KMS Developer
/// Guide, "Default key policy"), the key users' with a ViaService and
/// CallerAccount condition: what a real key policy holds, clean.
pub fn key_policy_statements(count: usize) -> String {
    let shapes = [
        r#"{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}"#,
        r#"{"Sid": "Allow access for Key Administrators", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin{i}"}, "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"], "Resource": "*"}"#,
        r#"{"Sid": "Allow use of the key", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App{i}"}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"}}}"#,
        r#"{"Sid": "Allow attachment of persistent resources", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App{i}"}, "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}}"#,
    ];
    let statements: Vec<String> = (0..count)
        .map(|i| shapes[i % shapes.len()].replace("{i}", &i.to_string()))
        .collect();
    format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}",
        statements.join(",\n")
    )
}

#[divan::bench]
fn lint_1000_key_policy_statements(bencher: divan::Bencher) {
    let policy = key_policy_statements(1000);
    assert!(lint(&policy, PolicyKind::Auto).unwrap().findings.is_empty());
    bencher
        .counter(divan::counter::ItemsCount::new(1000usize))
        .bench(|| {
            lint(divan::black_box(&policy), PolicyKind::Auto)
                .unwrap()
                .findings
                .len()
        });
}

#[divan::bench]
fn serde_json_value_1000_key_policy_statements(bencher: divan::Bencher) {
    let policy = key_policy_statements(1000);
    bencher
        .counter(divan::counter::ItemsCount::new(1000usize))
        .bench(|| {
            serde_json::from_str::<serde_json::Value>(divan::black_box(&policy))
                .unwrap()
                .as_object()
                .map(|o| o.len())
        });
}
