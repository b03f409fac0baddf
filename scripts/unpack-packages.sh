#!/usr/bin/env bash
# Packages kms-json, kms-iam-rules, kms-spec, kms-codegen and kms-types as `cargo package` does for a
# release and unpacks the .crate files into DIR, as a registry download would
# arrive: DIR/kms-json-X.Y.Z, DIR/kms-iam-rules-X.Y.Z, DIR/kms-spec-X.Y.Z, DIR/kms-codegen-X.Y.Z, DIR/kms-types-X.Y.Z.
# Prints the [patch] table that points a dependent at them.
#
#   scripts/unpack-packages.sh DIR [cargo package flags, e.g. --no-verify --allow-dirty]
set -euo pipefail
dir=${1:?usage: scripts/unpack-packages.sh DIR [cargo package flags]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
# `cargo package` verifies each crate against the others through a temporary
# local registry, and cargo reuses a copy it extracted from an earlier run
# of the same version even when the .crate has changed since. Drop those
# copies (only of these crates, only of this unreleased version) so that
# verification builds what is packaged now.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)
for stale in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/kms-{json,iam-rules,spec,codegen,types}-"$version"; do
  if [ -e "$stale" ]; then rm -rf "$stale"; fi
done
(cd "$root" && cargo package -q -p kms-json -p kms-iam-rules -p kms-spec -p kms-codegen -p kms-types "$@") >&2
echo "[patch.crates-io]"
for crate in kms-json kms-iam-rules kms-spec kms-codegen kms-types; do
  tar -xzf "${CARGO_TARGET_DIR:-$root/target}/package/$crate-$version.crate" -C "$dir"
  echo "$crate = { path = \"$dir/$crate-$version\" }"
done
