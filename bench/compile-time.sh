#!/usr/bin/env bash
# Build time of 200 typed KMS statements (kms_types::policy) against the same
# 200 statements written with serde_json::json!. Prints both medians and the
# ratio. Each crate depends on kms-types and serde_json, so only the code
# differs; dependencies are built once, then the crate itself is rebuilt
# RUNS times after touching its main.rs.
#
#   bash bench/compile-time.sh            # N=200, RUNS=5
#   N=50 RUNS=3 bash bench/compile-time.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${N:-200}"
runs="${RUNS:-5}"
work="${TMPDIR:-/tmp}/kms-compile-bench"
rm -rf "$work"
mkdir -p "$work/typed/src" "$work/json/src"
export CARGO_TARGET_DIR="$work/target"

for kind in typed json; do
  cat > "$work/$kind/Cargo.toml" <<TOML
[package]
name = "bench-$kind"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
kms-types = { path = "$root/kms-types" }
serde_json = "1"

[workspace]
TOML
done

# Four statement shapes, cycled; the same content in both crates.
{
  echo 'use kms_types::policy::{op, IdentityPolicy, KeyPolicy, Principal, Statement};'
  echo 'use kms_types::{actions, keys, patterns};'
  echo 'fn main() {'
  echo '    let mut identity = IdentityPolicy::new();'
  echo '    let mut key_policy = KeyPolicy::new();'
  for i in $(seq 1 "$n"); do
    case $((i % 4)) in
      0) echo "    identity = identity.statement(Statement::allow().action(actions::Decrypt).action(patterns::ReEncryptStar).resource(\"*\").condition(op::StringEquals, keys::ViaService, \"svc$i.us-west-2.amazonaws.com\"));" ;;
      1) echo "    identity = identity.statement(Statement::allow().action(actions::GenerateDataKey).resource(\"*\").condition(op::StringEquals, keys::EncryptionContext(\"App$i\"), \"v$i\").condition(op::ForAnyValue(op::StringEquals), keys::EncryptionContextKeys, [\"App$i\"]));" ;;
      2) echo "    key_policy = key_policy.statement(Statement::allow().principal(Principal::aws(\"arn:aws:iam::111122223333:role/R$i\")).action(actions::CreateGrant).resource(\"*\").condition(op::Bool, keys::GrantIsForAWSResource, true));" ;;
      3) echo "    key_policy = key_policy.statement(Statement::deny().principal(Principal::any()).action(actions::EnableKeyRotation).resource(\"*\").condition(op::NumericLessThanEquals, keys::RotationPeriodInDays, \"$i\"));" ;;
    esac
  done
  echo '    println!("{} {}", identity.to_json(), key_policy.to_json());'
  echo '}'
} > "$work/typed/src/main.rs"

{
  echo 'use serde_json::json;'
  echo 'fn main() {'
  echo '    let mut identity = Vec::new();'
  echo '    let mut key_policy = Vec::new();'
  for i in $(seq 1 "$n"); do
    case $((i % 4)) in
      0) echo "    identity.push(json!({\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:ReEncrypt*\"], \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:ViaService\": \"svc$i.us-west-2.amazonaws.com\"}}}));" ;;
      1) echo "    identity.push(json!({\"Effect\": \"Allow\", \"Action\": \"kms:GenerateDataKey\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:EncryptionContext:App$i\": \"v$i\"}, \"ForAnyValue:StringEquals\": {\"kms:EncryptionContextKeys\": [\"App$i\"]}}}));" ;;
      2) echo "    key_policy.push(json!({\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/R$i\"}, \"Action\": \"kms:CreateGrant\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"kms:GrantIsForAWSResource\": true}}}));" ;;
      3) echo "    key_policy.push(json!({\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"kms:EnableKeyRotation\", \"Resource\": \"*\", \"Condition\": {\"NumericLessThanEquals\": {\"kms:RotationPeriodInDays\": \"$i\"}}}));" ;;
    esac
  done
  echo '    let identity = json!({"Version": "2012-10-17", "Statement": identity});'
  echo '    let key_policy = json!({"Version": "2012-10-17", "Statement": key_policy});'
  echo '    println!("{identity} {key_policy}");'
  echo '}'
} > "$work/json/src/main.rs"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A result
for kind in typed json; do
  (cd "$work/$kind" && cargo build -q 2>/dev/null)   # dependencies, once
  times=()
  for _ in $(seq 1 "$runs"); do
    touch "$work/$kind/src/main.rs"
    start=$(date +%s.%N)
    (cd "$work/$kind" && cargo build -q 2>/dev/null)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  result[$kind]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-6s %d statements, debug build of the crate alone, median of %d: %.2f s  (runs: %s)\n' \
    "$kind" "$n" "$runs" "${result[$kind]}" "${times[*]}"
done
printf 'ratio typed / json!: %.2f\n' "$(echo "${result[typed]} / ${result[json]}" | bc -l)"
