#!/usr/bin/env bash
# How kms-lint's time grows with the number of findings, on every layout a
# policy arrives in, and on a 50 MiB policy whose one action name is
# 50 MiB long.
#
# For N in 1k, 4k, 16k, 64k: a policy of N/2 statements, each with one
# unknown action and one unknown key (N findings), written three ways:
# pretty-printed (one element per line), on one line (minified, as
# Terraform plans, `jq -c` and the AWS CLI give them), and pretty-printed
# with CRLF line ends. Each is linted in human, JSON and SARIF form (output
# to /dev/null). Prints seconds per run (best of RUNS, default 3) and the
# time per 1k findings, which stays flat when the linter and renderers are
# linear. Targets: 64k findings on one line under 1 s in each format, and
# within 2x of the same findings pretty-printed; the 50 MiB name under 2 s.
#
#   bash bench/lint-scaling.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build -q --release -p kms-lint)
bin="$root/target/release/kms-lint"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
for n in (1000, 4000, 16000, 64000):
    statements = [
        {"Effect": "Allow", "Action": f"kms:Decrpyt{i}", "Resource": "*",
         "Condition": {"StringEquals": {f"kms:ViaServise{i}": "x"}}}
        for i in range(n // 2)
    ]
    policy = {"Version": "2012-10-17", "Statement": statements}
    pretty = json.dumps(policy, indent=1)
    with open(f"{work}/pretty-{n}.json", "w", newline="") as f:
        f.write(pretty)
    with open(f"{work}/one-line-{n}.json", "w", newline="") as f:
        f.write(json.dumps(policy, separators=(",", ":")))
    with open(f"{work}/crlf-{n}.json", "w", newline="") as f:
        f.write(pretty.replace("\n", "\r\n"))
name = "kms:" + "A" * (50 * 1024 * 1024)
with open(f"{work}/long-name.json", "w") as f:
    f.write('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "%s", "Resource": "*"}}' % name)
PY

best() { # command... -> best wall time of $runs runs, seconds
  local best=""
  for _ in $(seq "$runs"); do
    local start end t
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    t=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f", e - s}')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$t; fi
  done
  echo "$best"
}
per1k() { awk -v t="$1" -v n="$2" 'BEGIN {printf "%.4f", t * 1000 / n}'; }

echo "machine: $(nproc) cores, $(rustc --version), release build, best of $runs"
printf '%-9s %-9s %10s %10s %10s %10s %10s %10s\n' layout findings human "human/1k" json "json/1k" sarif "sarif/1k"
for layout in pretty one-line crlf; do
  for n in 1000 4000 16000 64000; do
    file="$work/$layout-$n.json"
    count=$("$bin" --format json "$file" 2>/dev/null | grep -c '"code"' || true)
    h=$(best "$bin" "$file")
    j=$(best "$bin" --format json "$file")
    s=$(best "$bin" --format sarif "$file")
    printf '%-9s %-9s %9ss %9ss %9ss %9ss %9ss %9ss\n' "$layout" "$count" \
      "$h" "$(per1k "$h" "$count")" "$j" "$(per1k "$j" "$count")" "$s" "$(per1k "$s" "$count")"
  done
done
size=$(stat -c %s "$work/long-name.json")
t=$(best "$bin" "$work/long-name.json")
printf 'a %d MiB policy with one %d MiB action name: %ss (human)\n' $((size / 1048576)) 50 "$t"
