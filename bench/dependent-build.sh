#!/usr/bin/env bash
# What a dependent pays for kms-types' build script.
#
# Builds, each with a fresh target directory and the registry cached,
#   (a) a trivial crate depending on kms-types as packaged (build.rs parses
#       the shipped documents and generates the code), and
#   (b) the same crate against a baseline copy of that package whose
#       build script is removed and which include!s generated/kms.rs instead,
# RUNS times each (default 3), and prints the medians, the number of crates
# each build compiles, and the ratio a/b.
#
#   bash bench/dependent-build.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
jobs=${CARGO_BUILD_JOBS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)
patch=$("$root/scripts/unpack-packages.sh" "$work/crates" --no-verify --allow-dirty)

# (b): the same package without its build script.
baseline="$work/baseline/kms-types-$version"
mkdir -p "$work/baseline"
cp -r "$work/crates/kms-types-$version" "$baseline"
awk '/^\[build-dependencies/ {skip=1; next} /^\[/ {skip=0} !skip' "$baseline/Cargo.toml" |
  sed 's/^build = .*/build = false/' > "$baseline/Cargo.toml.new"
mv "$baseline/Cargo.toml.new" "$baseline/Cargo.toml"
sed -i 's|include!(concat!(env!("OUT_DIR"), "/kms.rs"));|include!("../generated/kms.rs");|' "$baseline/src/lib.rs"
grep -q 'include!("../generated/kms.rs")' "$baseline/src/lib.rs"
rm -f "$baseline/build.rs"

dependent() { # NAME PATCH-TABLE
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "trivial-dependent"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
kms-types = "=$version"

$2
TOML
  cat > "$work/$1/src/main.rs" <<'RS'
use kms_types::policy::{IdentityPolicy, Statement, op};
use kms_types::{Action, actions, keys};

fn main() {
    let policy = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::Decrypt)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, ["ec2.us-west-2.amazonaws.com"]),
    );
    println!("{} actions; {}", Action::COUNT, policy.to_json());
}
RS
  (cd "$work/$1" && cargo fetch -q)
}
dependent a "$patch"
# The baseline still needs kms-types' runtime dependencies, kms-json and
# kms-iam-rules among them.
dependent b "$(printf '[patch.crates-io]\nkms-types = { path = "%s" }\nkms-json = { path = "%s" }\nkms-iam-rules = { path = "%s" }\n' "$baseline" "$work/crates/kms-json-$version" "$work/crates/kms-iam-rules-$version")"

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

measure() { # NAME -> "median crates"
  local times=() crates=0
  for i in $(seq "$runs"); do
    local target="$work/target-$1-$i"
    local start end
    start=$(date +%s.%N)
    if ! (cd "$work/$1" && CARGO_TARGET_DIR="$target" cargo build -j"$jobs" --offline 2>"$work/$1.log"); then
      cat "$work/$1.log" >&2
      exit 1
    fi
    end=$(date +%s.%N)
    times+=("$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}')")
    crates=$(grep -c '^ *Compiling ' "$work/$1.log")
    rm -rf "$target"
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $crates"
}

read -r a crates_a < <(measure a)
read -r b crates_b < <(measure b)
ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')
echo "machine: $(nproc) cores, $(rustc --version), -j$jobs, $runs runs each, fresh target dir, registry cached"
printf '(a) kms-types as packaged (build.rs generates):   median %6.2f s, %2d crates compiled\n' "$a" "$crates_a"
printf '(b) baseline (include!s generated/kms.rs):        median %6.2f s, %2d crates compiled\n' "$b" "$crates_b"
echo "ratio a/b: $ratio (target <= 2.0)"
