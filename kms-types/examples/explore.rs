//! Explore the generated KMS tables.
//!
//! ```text
//! cargo run -q -p kms-types --example explore                 # overview
//! cargo run -q -p kms-types --example explore -- kms:ViaService   # one key: type, operations, actions by access level
//! cargo run -q -p kms-types --example explore -- kms:Decrypt      # one action: resources, keys, provenance
//! ```

use kms_types::{AccessLevel, Action, ConditionKey, KeyScope};

fn main() {
    match std::env::args().nth(1) {
        None => overview(),
        Some(name) => {
            if let Ok(key) = name.parse::<ConditionKey>() {
                describe_key(key);
            } else {
                match name.parse::<Action>() {
                    Ok(action) => describe_action(action),
                    Err(error) => {
                        eprintln!("error: {error}");
                        std::process::exit(2);
                    }
                }
            }
        }
    }
}

fn overview() {
    println!(
        "{} KMS actions, {} condition keys, {} resource types\n",
        Action::COUNT,
        ConditionKey::COUNT,
        kms_types::ResourceType::COUNT
    );
    for &level in AccessLevel::ALL {
        let actions: Vec<&str> = Action::ALL
            .iter()
            .filter(|a| a.access_level() == level)
            .map(|a| a.name())
            .collect();
        println!("{level} ({}): {}\n", actions.len(), actions.join(", "));
    }
    println!("Condition keys:");
    for &key in ConditionKey::ALL {
        let ty = key.condition_type().map_or("untyped", |t| t.name());
        let value = key.value_type().map_or("", |v| v.name());
        let note = key
            .deprecated_by()
            .map(|r| format!("  (deprecated: use {r})"))
            .unwrap_or_default();
        println!(
            "  {:<45} {:<14} {:<14} {}{note}",
            key.name(),
            ty,
            value,
            count(key.actions().len(), "action")
        );
    }
    println!("\nWrite actions that accept kms:ViaService:");
    let via: Vec<&str> = Action::ALL
        .iter()
        .filter(|a| a.access_level() == AccessLevel::Write && a.accepts(ConditionKey::ViaService))
        .map(|a| a.name())
        .collect();
    println!("  {}", via.join(", "));
}

fn describe_key(key: ConditionKey) {
    println!("{key}");
    println!(
        "  type: {}",
        key.condition_type().map_or("untyped", |t| t.name())
    );
    println!(
        "  value: {}",
        key.value_type().map_or("unknown", |v| v.name())
    );
    if let Some(replacement) = key.deprecated_by() {
        println!("  deprecated: use {replacement}");
    }
    if !key.description().is_empty() {
        println!("  {}", key.description());
    }
    for op in key.operations() {
        let unmatched = if op.unmatched.is_empty() {
            String::new()
        } else {
            format!(" (not actions here: {})", op.unmatched.join(", "))
        };
        println!(
            "  operation {:?} -> {}, {:?}{unmatched}",
            op.operation,
            count(op.actions.len(), "action"),
            op.policy_type
        );
    }
    for &level in AccessLevel::ALL {
        let actions: Vec<&str> = key
            .actions()
            .iter()
            .filter(|a| a.access_level() == level)
            .map(|a| a.name())
            .collect();
        if !actions.is_empty() {
            println!("  {level}: {}", actions.join(", "));
        }
    }
}

fn describe_action(action: Action) {
    println!("{action} ({})", action.access_level());
    println!("  {}", action.description());
    for row in action.resources() {
        let name = row.resource_type.map_or("(action-wide)", |r| r.name());
        println!("  resource {name}: required={}", row.required);
    }
    for key in action.condition_keys() {
        let scope: Vec<String> = key
            .scopes
            .iter()
            .map(|s| match s {
                KeyScope::Action => "action".to_string(),
                KeyScope::Resource(r) => format!("when {r} in scope"),
            })
            .collect();
        let from: Vec<&str> = key.sources.iter().map(|source| source.title()).collect();
        let from = from.join(" + ");
        println!("  key {:<40} {} [{from}]", key.key.name(), scope.join(", "));
    }
    if !action.dependent_actions().is_empty() {
        println!("  depends on: {}", action.dependent_actions().join(", "));
    }
}

/// "1 action", "2 actions" (right-aligned number).
fn count(n: usize, what: &str) -> String {
    format!("{n:>2} {what}{}", if n == 1 { "" } else { "s" })
}
