#!/usr/bin/env bash
# Checks `kms-codegen diff`'s semver verdict by compiling.
#
#   bash scripts/canary.sh OLD_SOURCES_DIR NEW_SOURCES_DIR
#
# Writes the semver canary of OLD (`kms-codegen canary`: a crate that uses
# every typed item of the old model once) and compiles it (`cargo check`)
# against the kms-types generated from NEW (through KMS_SOURCES_DIR). The
# diff says some change stops old code compiling exactly when the canary
# fails to compile; anything else is a disagreement, and this exits 1.
#
# Prints the diff's verdict, the canary's outcome and whether they agree.
# Exit: 0 agree, 1 disagree, 2 a sources directory or kms-types itself does
# not build. Work files go to $CANARY_DIR (default target/canary); the
# canary crate uses the workspace's Cargo.lock, so no dependency moves.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 OLD_SOURCES_DIR NEW_SOURCES_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
work="${CANARY_DIR:-$root/target/canary}"
mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$root"

set +e
cargo run -q -p kms-codegen -- diff "$old" "$new" --format json >"$work/diff.json" 2>"$work/diff.log"
code=$?
set -e
if [ "$code" = 2 ]; then
  cat "$work/diff.log" >&2
  exit 2
fi
verdict=$(sed -n 's/^  "verdict": "\{0,1\}\([a-z]*\)"\{0,1\},\{0,1\}$/\1/p' "$work/diff.json")
[ "$verdict" = null ] && verdict="no change"
if grep -q '^  "breaks_compilation": true' "$work/diff.json"; then
  expected="fails"
else
  expected="compiles"
fi

rm -rf "$work/crate"
cargo run -q -p kms-codegen -- canary --sources "$old" --out "$work/crate" --kms-types "$root/kms-types" 2>"$work/canary.log" || {
  cat "$work/canary.log" >&2
  exit 2
}
cp Cargo.lock "$work/crate/Cargo.lock"
set +e
KMS_SOURCES_DIR="$new" CARGO_TARGET_DIR="$work/target" \
  cargo check -q --manifest-path "$work/crate/Cargo.toml" 2>"$work/check.log"
status=$?
set -e
if [ "$status" = 0 ]; then
  outcome="compiles"
elif grep -q 'could not compile `kms-types-canary`' "$work/check.log"; then
  outcome="fails"
else
  echo "kms-types did not build from $new:" >&2
  tail -n 30 "$work/check.log" >&2
  exit 2
fi

echo "diff $old -> $new: $verdict; code for the old version $([ "$expected" = fails ] && echo "stops compiling" || echo "still compiles")"
if [ "$outcome" = fails ]; then
  errors=$(grep -c '^error\[' "$work/check.log" || true)
  echo "canary (every typed item of the old model) against the new kms-types: fails to compile ($errors errors; first: $(grep -m1 '^error\[' "$work/check.log"))"
else
  echo "canary (every typed item of the old model) against the new kms-types: compiles"
fi
if [ "$outcome" = "$expected" ]; then
  echo "agree"
else
  echo "DISAGREE: the diff and the compiler differ; $work/check.log and $work/diff.json have the details"
  exit 1
fi
