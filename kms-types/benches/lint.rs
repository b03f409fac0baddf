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
