//! Strongly typed AWS KMS IAM actions, condition keys and tables, generated
//! from the AWS documentation in the workspace's `sources/`.
#![deny(missing_docs)]
