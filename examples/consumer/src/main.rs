//! Checks a list of IAM action patterns given on the command line against
//! the KMS action list, as a downstream crate would use `kms-types`.
//!
//! ```text
//! cargo run -q -p kms-types-consumer -- 'kms:Generate*' kms:Decrpyt
//! ```

use kms_types::Action;

fn main() {
    let patterns: Vec<String> = std::env::args().skip(1).collect();
    if patterns.is_empty() {
        println!(
            "{} KMS actions; pass IAM action patterns to expand them",
            Action::ALL.len()
        );
        return;
    }
    for pattern in patterns {
        println!("{}", describe(&pattern));
    }
}

/// One line per pattern: the actions it covers, or why it covers none.
fn describe(pattern: &str) -> String {
    let matched: Vec<String> = Action::matching(pattern).map(|a| a.to_string()).collect();
    if !matched.is_empty() {
        return format!("{pattern}: {}", matched.join(", "));
    }
    match pattern.parse::<Action>() {
        Ok(action) => format!("{pattern}: {action}"),
        Err(error) => format!("{pattern}: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_all_from_str_and_matching() {
        assert!(Action::ALL.contains(&Action::Decrypt));
        assert_eq!("kms:Decrypt".parse::<Action>(), Ok(Action::Decrypt));
        assert!(describe("kms:Generate*").contains("kms:GenerateDataKey"));
        assert_eq!(
            describe("kms:Decrpyt"),
            "kms:Decrpyt: unknown KMS action `kms:Decrpyt`; did you mean `Decrypt`?"
        );
    }
}
