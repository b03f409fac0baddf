//! The yardstick of `bench/lint-throughput.sh`: read a file and parse it
//! into `serde_json::Value`, with no checks at all, as a program that only
//! wanted the JSON would. Prints how many statements the document has.
//!
//! `cargo run --release -p kms-lint --example serde-json-baseline -- FILE`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: serde-json-baseline FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(2);
        }
    };
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) => {
            let statements = value["Statement"].as_array().map_or(0, Vec::len);
            println!("{statements} statements");
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    }
}
