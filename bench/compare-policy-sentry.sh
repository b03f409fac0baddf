#!/usr/bin/env bash
# kms-policy write next to Policy Sentry's write-policy on the CRUD templates
# of kms-lint/tests/templates (ours). Policy Sentry is installed from PyPI
# into a throwaway virtual environment under /tmp; it is never a dependency
# of this project. For each template, prints the (action, resource) pairs
# each writer grants, the pairs only one of them grants (with why, for
# Policy Sentry's), and whether kms-lint is clean on each output.
#
#   bash bench/compare-policy-sentry.sh [POLICY_SENTRY_VERSION]   # default 0.15.2
set -euo pipefail
version=${1:-0.15.2}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "policy_sentry==$version" >/dev/null
(cd "$root" && cargo build -q --release -p kms-lint --bin kms-policy --bin kms-lint)
ours="$root/target/release/kms-policy"
lint="$root/target/release/kms-lint"
echo "policy_sentry $version; kms-policy from this tree; templates: kms-lint/tests/templates"
echo
echo "| template | Policy Sentry pairs | kms-policy pairs | only Policy Sentry grants | only kms-policy grants | kms-lint clean (PS / ours) |"
echo "|---|---|---|---|---|---|"
for template in "$root"/kms-lint/tests/templates/*.yml; do
  name=$(basename "$template" .yml)
  ps_status=0
  "$work/venv/bin/policy_sentry" write-policy --input-file "$template" >"$work/ps.json" 2>"$work/ps.err" || ps_status=$?
  "$ours" write "$template" >"$work/ours.json" 2>/dev/null || true
  lint_of() { # file -> clean | N findings
    local n
    n=$("$lint" --kind identity --format json "$1" 2>/dev/null | grep -c '"code"' || true)
    if [ "$n" = 0 ]; then echo clean; else echo "$n findings"; fi
  }
  if [ "$ps_status" != 0 ] || ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/ps.json" 2>/dev/null; then
    reason=$(grep -m1 -E 'Error|Exception' "$work/ps.err" | sed 's/|/\\|/g' | cut -c1-80)
    printf '| %s | crashed (%s) | %s | | | — / %s |\n' "$name" "$reason" \
      "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(s["Action"])*len(s["Resource"]) for s in d["Statement"]))' "$work/ours.json")" \
      "$(lint_of "$work/ours.json")"
    continue
  fi
  python3 - "$work/ps.json" "$work/ours.json" "$name" "$(lint_of "$work/ps.json")" "$(lint_of "$work/ours.json")" <<'PY'
import json, sys
ps_path, ours_path, name, ps_lint, ours_lint = sys.argv[1:]
def pairs(path):
    policy = json.load(open(path))
    out = set()
    for s in policy["Statement"]:
        actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
        resources = s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]
        out |= {(a, r) for a in actions for r in resources}
    return out
ps, ours = pairs(ps_path), pairs(ours_path)
dependents = {"kms:CreateKey", "kms:PutKeyPolicy", "kms:TagResource", "iam:CreateServiceLinkedRole",
              "cloudhsm:DescribeClusters", "ec2:DescribeVpcEndpointServices"}
def why(pair):
    action, resource = pair
    if action in dependents:
        return "dependent"
    if resource != "*" and (action, "*") in ps:
        return "also on *"
    return "level/resource"
only_ps = sorted(ps - ours)
only_ours = sorted(ours - ps)
fmt = lambda items, f: "<br>".join(f"`{a}` on `{r}`" + (f" ({f((a, r))})" if f else "") for a, r in items) or "—"
print(f"| {name} | {len(ps)} | {len(ours)} | {fmt(only_ps, why)} | {fmt(only_ours, None)} | {ps_lint} / {ours_lint} |")
PY
done
