#!/usr/bin/env python3
"""Moves the workspace from one crate version to the next.

    bump-version.py OLD NEW

Every crate takes `version.workspace = true`, so the version lives in the
root Cargo.toml: `[workspace.package] version` and the `=OLD` requirements
of the path dependencies (the packaged crates depend on each other by
exact version). README.md shows the same requirement and the unpacked
directory names; kms-codegen/README.md a caret requirement (`0.MINOR` below
1.0, `MAJOR` from 1.0). Each file must hold the old version where expected:
a file that does not is an error, not a silent skip.
"""
import re
import sys

old, new = sys.argv[1:3]
root = __file__.rsplit("/scripts/", 1)[0]


def caret(version):
    major, minor, _ = version.split(".")
    return f"0.{minor}" if major == "0" else major


edits = {
    "Cargo.toml": [
        (f'\nversion = "{old}"\n', f'\nversion = "{new}"\n'),
        (f'version = "={old}"', f'version = "={new}"'),
    ],
    "README.md": [(f'"={old}"', f'"={new}"'), (f"-{old}\"", f"-{new}\"")],
    "kms-codegen/README.md": [
        (f'version = "{caret(old)}"', f'version = "{caret(new)}"'),
    ],
}
for path, replacements in edits.items():
    full = f"{root}/{path}"
    text = open(full, encoding="utf-8").read()
    for before, after in replacements:
        if before not in text:
            sys.exit(f"{path}: no {before.strip()!r} to bump (is the workspace at {old}?)")
        text = text.replace(before, after)
    open(full, "w", encoding="utf-8").write(text)
    print(f"{path}: {old} -> {new}", file=sys.stderr)
