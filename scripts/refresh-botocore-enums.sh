#!/usr/bin/env bash
# Takes the enum shapes of the KMS API model from the `botocore` package on
# PyPI (Apache-2.0), botocore/data/kms/2014-11-01/service-2.json.gz, and
# writes them to sources/kms/api-enums.json: only the shapes that have an
# `enum`, each unchanged, in published order, pretty-printed. Records the
# package version and the sha256 of the wheel, of the model file and of the
# written file in sources/README.md (between the `api-enums.json
# provenance` markers).
#
#   bash scripts/refresh-botocore-enums.sh 1.44.5             # into sources/
#   bash scripts/refresh-botocore-enums.sh 1.44.5 /tmp/src    # a copy of sources/
set -euo pipefail
version=${1:?usage: scripts/refresh-botocore-enums.sh VERSION [SOURCES_DIR] (e.g. 1.44.5)}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${2:-$root/sources}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "botocore==$version" -d "$work" >&2
wheel=$(ls "$work"/botocore-"$version"-*.whl)
out="$dir/kms/api-enums.json"
operations_out="$dir/kms/api-operations.json"
member="botocore/data/kms/2014-11-01/service-2.json.gz"
model_sha=$(python3 - "$wheel" "$out" "$member" "$operations_out" <<'PY'
import gzip, hashlib, json, sys, zipfile
wheel, out, member, operations_out = sys.argv[1:5]
with zipfile.ZipFile(wheel) as z:
    raw = z.read(member)
model = json.loads(gzip.decompress(raw))
shapes = {name: shape for name, shape in model["shapes"].items() if "enum" in shape}
with open(out, "w", encoding="utf-8") as f:
    json.dump(shapes, f, indent=2, ensure_ascii=False)
    f.write("\n")
# The operation list: the names, in the model's order, unchanged.
operations = {"apiVersion": model["metadata"]["apiVersion"], "operations": list(model["operations"])}
with open(operations_out, "w", encoding="utf-8") as f:
    json.dump(operations, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"kms {model['metadata']['apiVersion']}: {len(shapes)} enum shapes, "
      f"{len(operations['operations'])} operations", file=sys.stderr)
print(hashlib.sha256(raw).hexdigest())
PY
)
wheel_sha=$(sha256sum "$wheel" | cut -d' ' -f1)
file_sha=$(sha256sum "$out" | cut -d' ' -f1)
operations_sha=$(sha256sum "$operations_out" | cut -d' ' -f1)
readme="$dir/README.md"
block=$(cat <<MD
<!-- api-enums.json provenance: written by scripts/refresh-botocore-enums.sh -->
- package: \`botocore==$version\` from PyPI (Apache-2.0), wheel \`$(basename "$wheel")\`
- wheel sha256: \`$wheel_sha\`
- member: \`$member\` (sha256 \`$model_sha\`), the shapes with an \`enum\`
- \`kms/api-enums.json\` sha256: \`$file_sha\`
- \`kms/api-operations.json\` (the model's \`metadata.apiVersion\` and its \`operations\` names, in order) sha256: \`$operations_sha\`
<!-- end api-enums.json provenance -->
MD
)
python3 "$root/scripts/record-provenance.py" "$readme" api-enums.json "$block"
echo "wrote $out (botocore $version, sha256 $file_sha)" >&2
