#!/usr/bin/env bash
# kms-lint on a large key policy next to parsing the same file into
# serde_json::Value, in one run: wall time and peak memory of each.
#
# The file: 100,000 statements cycling through the four statements of
# AWS's default key policy for a key with administrators and users (AWS KMS
# Developer Guide, "Default key policy": root delegation, key
# administrators, key users, grants for AWS resources), with a ViaService
# and CallerAccount condition on the key users' statement, pretty-printed
# (about 40 MB). Targets: kms-lint no slower than the serde_json parse,
# and peak memory at most 3x the file.
#
#   bash bench/lint-throughput.sh [STATEMENTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build -q --release -p kms-lint --bin kms-lint --example serde-json-baseline)
lint="$root/target/release/kms-lint"
baseline="$root/target/release/examples/serde-json-baseline"

python3 - "$work/policy.json" "$n" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
shapes = [
    {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
     "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
    {"Sid": "Allow access for Key Administrators", "Effect": "Allow",
     "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin{i}"},
     "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*",
                "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
                "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
                "kms:CancelKeyDeletion"],
     "Resource": "*"},
    {"Sid": "Allow use of the key", "Effect": "Allow",
     "Principal": {"AWS": "arn:aws:iam::111122223333:role/App{i}"},
     "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
     "Resource": "*",
     "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com",
                                    "kms:CallerAccount": "111122223333"}}},
    {"Sid": "Allow attachment of persistent resources", "Effect": "Allow",
     "Principal": {"AWS": "arn:aws:iam::111122223333:role/App{i}"},
     "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*",
     "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
]
text = [json.dumps(s) for s in shapes]
statements = [json.loads(text[i % 4].replace("{i}", str(i))) for i in range(n)]
with open(path, "w") as f:
    json.dump({"Version": "2012-10-17", "Statement": statements}, f, indent=2)
PY

measure() { # command... -> "best_seconds peak_kb" over $runs runs
  local best="" peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r t kb <"$work/time"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$t; fi
    if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  echo "$best $peak"
}

size=$(stat -c %s "$work/policy.json")
findings=$("$lint" --format json "$work/policy.json" 2>/dev/null | grep -c '"code"' || true)
read -r lt lm < <(measure "$lint" --format json "$work/policy.json")
read -r bt bm < <(measure "$baseline" "$work/policy.json")
echo "machine: $(nproc) cores, $(rustc --version), release build, best of $runs"
printf 'file: %d statements, %.1f MB; kms-lint findings: %s\n' "$n" "$(awk -v s="$size" 'BEGIN {print s / 1e6}')" "$findings"
printf '%-34s %8s %12s %10s\n' "" "seconds" "peak MB" "peak/file"
printf '%-34s %8s %12.1f %10.2f\n' "kms-lint --format json" "$lt" "$(awk -v k="$lm" 'BEGIN {print k * 1024 / 1e6}')" "$(awk -v k="$lm" -v s="$size" 'BEGIN {print k * 1024 / s}')"
printf '%-34s %8s %12.1f %10.2f\n' "serde_json::from_str::<Value>" "$bt" "$(awk -v k="$bm" 'BEGIN {print k * 1024 / 1e6}')" "$(awk -v k="$bm" -v s="$size" 'BEGIN {print k * 1024 / s}')"
printf 'kms-lint / serde_json time: %.2f (target <= 1)\n' "$(awk -v a="$lt" -v b="$bt" 'BEGIN {print a / b}')"
printf 'kms-lint statements/s (process, file read included): %.0f\n' "$(awk -v n="$n" -v t="$lt" 'BEGIN {print n / t}')"
