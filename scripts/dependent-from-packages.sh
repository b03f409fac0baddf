#!/usr/bin/env bash
# The check a new user makes: package the library crates, unpack them
# outside this repository, and build and run a crate that depends on the
# unpacked kms-types, with README's first builder example as its main.
#
#   scripts/dependent-from-packages.sh [cargo package flags]
# (no flags: a strict `cargo package`, which needs a clean git tree and
# verifies each package builds from its .crate alone)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)
patch=$("$root/scripts/unpack-packages.sh" "$work/crates" "$@")

mkdir -p "$work/dependent/src"
cat > "$work/dependent/Cargo.toml" <<TOML
[package]
name = "a-dependent"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
kms-types = "=$version"
serde_json = "1"

$patch
TOML
# README's first builder example: the first rust block after the heading
# "## Policies the compiler checks", run as the body of main.
{
  echo "fn main() {"
  awk '/^## Policies the compiler checks/ {found=1; next}
       found && /^```rust/ {inside=1; next}
       inside && /^```/ {exit}
       inside {print "    " $0}' "$root/README.md"
  echo '    println!("{}", serde_json::to_string_pretty(&json).unwrap());'
  echo "}"
} > "$work/dependent/src/main.rs"
grep -q 'Statement::allow()' "$work/dependent/src/main.rs" || {
  echo "error: no builder example found under '## Policies the compiler checks' in README.md" >&2
  exit 1
}
cd "$work/dependent"
CARGO_TARGET_DIR="$work/target" cargo run -q 2>"$work/stderr" >"$work/stdout" || {
  cat "$work/stderr" >&2
  exit 1
}
if grep -q '^warning' "$work/stderr"; then
  echo "error: building the dependent printed warnings:" >&2
  cat "$work/stderr" >&2
  exit 1
fi
grep -q '"kms:Decrypt"' "$work/stdout"
echo "ok: a crate outside the workspace built against the packaged kms-types $version and printed:"
cat "$work/stdout"
