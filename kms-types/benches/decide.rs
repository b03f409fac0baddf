//! Deciding a request against a 20-statement key policy plus two identity
//! policies: the key policy is AWS's default (account, administrators, key
//! users, grants for AWS resources) with 16 more key-user statements, each
//! with conditions, and the request is a session of a role that only the
//! account statement and an identity policy allow — the path that reads
//! the most statements.
//!
//! `cargo bench -p kms-types --bench decide`

use kms_types::authz::{Decide, Document, Request};

fn main() {
    divan::main();
}

fn key_policy() -> Document {
    let mut statements = vec![
        r#"{"Sid": "Enable IAM policies", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}"#.to_string(),
        r#"{"Sid": "Allow access for Key Administrators", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/KMSAdminUser", "arn:aws:iam::111122223333:role/KMSAdminRole"]}, "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"], "Resource": "*"}"#.to_string(),
        r#"{"Sid": "Allow use of the key", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/ExampleUser", "arn:aws:iam::111122223333:role/ExampleRole", "arn:aws:iam::444455556666:root"]}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*"}"#.to_string(),
        r#"{"Sid": "Allow attachment of persistent resources", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/ExampleUser", "arn:aws:iam::111122223333:role/ExampleRole", "arn:aws:iam::444455556666:root"]}, "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}}"#.to_string(),
    ];
    for i in 0..16 {
        statements.push(format!(
            r#"{{"Sid": "App{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/App{i}"}}, "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*", "Condition": {{"StringEquals": {{"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:App": "app{i}"}}}}}}"#
        ));
    }
    Document::parse(&format!(
        r#"{{"Version": "2012-10-17", "Id": "key-default-1", "Statement": [{}]}}"#,
        statements.join(",")
    ))
    .unwrap()
}

fn identity(action: &str) -> Document {
    Document::parse(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [
            {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}},
            {{"Effect": "Allow", "Action": "{action}", "Resource": "arn:aws:kms:*:111122223333:key/*",
              "Condition": {{"StringLike": {{"kms:ViaService": "s3.*.amazonaws.com"}}}}}}]}}"#
    ))
    .unwrap()
}

#[divan::bench]
fn decide_20_statements_2_identity_policies(bencher: divan::Bencher) {
    let decide = Decide::new(key_policy())
        .identity(identity("kms:Encrypt"))
        .identity(identity("kms:Decrypt"));
    let request = Request::parse(
        "kms:Decrypt",
        Some("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        "arn:aws:sts::111122223333:assumed-role/Payments/job",
    )
    .unwrap()
    .with("kms:ViaService", vec!["s3.us-east-1.amazonaws.com".into()])
    .with("kms:EncryptionContext:App", vec!["payments".into()]);
    assert!(decide.decide(&request).is_allowed());
    bencher
        .counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| {
            divan::black_box(&decide)
                .decide(divan::black_box(&request))
                .is_allowed()
        });
}
