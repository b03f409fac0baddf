#!/usr/bin/env bash
# kms-lint next to Parliament (PyPI), on the same policies, in one run:
#   1. each policy of bench/policies/: both tools' findings side by side;
#   2. throughput: one policy of N statements (the corpus's statements
#      repeated), linted RUNS times by each tool; statements per second and
#      the ratio.
# Parliament is installed into a virtualenv under /tmp (nothing is
# committed). kms-lint is measured as the release binary, process start
# included; Parliament in-process (analyze_policy_string), interpreter
# start excluded, which favours Parliament.
#
#   bash bench/compare-parliament.sh          # N=2000, RUNS=5
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${N:-2000}"
runs="${RUNS:-5}"
venv="${PARLIAMENT_VENV:-/tmp/kms-parliament-venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q parliament
fi
parliament_version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("parliament"))')
(cd "$root" && cargo build -q --release --bin kms-lint 2>/dev/null)
kms_lint="$root/target/release/kms-lint"

cat > "$work/parliament_findings.py" <<'PY'
import json, sys
from parliament import analyze_policy_string
for path in sys.argv[1:]:
    policy = analyze_policy_string(open(path).read())
    for f in policy.findings:
        line = (f.location or {}).get("line") if isinstance(f.location, dict) else None
        print(json.dumps({"file": path, "issue": f.issue, "line": line, "detail": str(f.detail)[:60]}))
PY

echo "== Findings per policy (kms-lint $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo dev) | Parliament $parliament_version)"
for policy in "$root"/bench/policies/*.json; do
  name=$(basename "$policy")
  kms=$("$kms_lint" --format json "$policy" 2>/dev/null | "$venv/bin/python" -c '
import json, sys
for f in json.load(sys.stdin): print("L%s %s %s" % (f["line"], f["severity"][0].upper(), f["code"]))' || true)
  par=$("$venv/bin/python" "$work/parliament_findings.py" "$policy" 2>/dev/null | "$venv/bin/python" -c '
import json, sys
for l in sys.stdin:
    f = json.loads(l); print("L%s %s" % (f["line"] if f["line"] is not None else "?", f["issue"]))' || true)
  echo
  echo "-- $name"
  paste -d'|' <(printf '%s\n' "${kms:-(none)}") <(printf '%s\n' "${par:-(none)}") \
    | awk -F'|' '{ printf "  %-45s | %s\n", $1, $2 }'
done

# One big policy: the corpus statements (parsed by Python) repeated to N.
"$venv/bin/python" - "$n" "$root"/bench/policies/*.json > "$work/big.json" <<'PY'
import json, sys
n = int(sys.argv[1]); statements = []
for path in sys.argv[2:]:
    doc = json.load(open(path)); s = doc["Statement"]
    statements += s if isinstance(s, list) else [s]
big = [statements[i % len(statements)] for i in range(n)]
print(json.dumps({"Version": "2012-10-17", "Statement": big}, indent=2))
PY

echo
echo "== Throughput: one policy of $n statements, $runs runs each"
start=$(date +%s.%N)
for _ in $(seq 1 "$runs"); do "$kms_lint" --format json "$work/big.json" > /dev/null || true; done
end=$(date +%s.%N)
kms_rate=$(echo "$n * $runs / ($end - $start)" | bc -l)

par_seconds=$("$venv/bin/python" - "$work/big.json" "$runs" <<'PY'
import sys, time
from parliament import analyze_policy_string
text = open(sys.argv[1]).read(); runs = int(sys.argv[2])
start = time.perf_counter()
for _ in range(runs):
    analyze_policy_string(text).findings
print(time.perf_counter() - start)
PY
)
par_rate=$(echo "$n * $runs / $par_seconds" | bc -l)
printf '  kms-lint    %10.0f statements/s\n' "$kms_rate"
printf '  Parliament  %10.0f statements/s\n' "$par_rate"
printf '  ratio kms-lint / Parliament: %.1f\n' "$(echo "$kms_rate / $par_rate" | bc -l)"
