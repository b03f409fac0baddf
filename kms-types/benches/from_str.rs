//! `Action::from_str`, `ConditionKey::from_str` and `Action::matching` over
//! every IAM name.
//!
//! `cargo bench -p kms-types --bench from_str`

use kms_types::{Action, ConditionKey};

fn main() {
    divan::main();
}

/// Parse every action's IAM name once (`kms:Decrypt`, ...); per-call time is
/// this divided by `Action::COUNT`.
#[divan::bench]
fn from_str_all_iam_names(bencher: divan::Bencher) {
    let names: Vec<String> = Action::ALL.iter().map(|a| a.to_string()).collect();
    bencher
        .counter(divan::counter::ItemsCount::new(names.len()))
        .bench(|| {
            names
                .iter()
                .map(|n| divan::black_box(n).parse::<Action>().unwrap() as usize)
                .sum::<usize>()
        });
}

/// Parse every condition key's name once (`kms:ViaService`, ...; a
/// template's name as the model spells it); per-call time is this divided
/// by `ConditionKey::COUNT`.
#[divan::bench]
fn condition_key_from_str_all_names(bencher: divan::Bencher) {
    let names: Vec<String> = ConditionKey::ALL.iter().map(|k| k.to_string()).collect();
    bencher
        .counter(divan::counter::ItemsCount::new(names.len()))
        .bench(|| {
            names
                .iter()
                .map(|n| divan::black_box(n).parse::<ConditionKey>().unwrap() as usize)
                .sum::<usize>()
        });
}

/// Parse a lower-case name without prefix (the slower, case-folding path).
#[divan::bench]
fn from_str_lowercase_unprefixed() -> Action {
    divan::black_box("generatedatakeywithoutplaintext")
        .parse()
        .unwrap()
}

/// An unknown name: the error path with nearest-name suggestions.
#[divan::bench]
fn from_str_unknown_with_suggestions() -> usize {
    divan::black_box("kms:Decrpyt")
        .parse::<Action>()
        .unwrap_err()
        .suggestions
        .len()
}

/// Expand `kms:Generate*`.
#[divan::bench]
fn matching_generate_star() -> usize {
    Action::matching(divan::black_box("kms:Generate*")).count()
}
