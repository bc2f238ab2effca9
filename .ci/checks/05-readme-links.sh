#!/usr/bin/env bash
# Everything the README links to lives in the repository: every relative Markdown link in README.md and in the
# Markdown files under deploy/, bench/ and docs/ names a file or folder that git tracks (an untracked raw log on one
# machine does not count: a clean clone would not have it). Anchors (#...) and absolute URLs are not checked here.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null || { . .ci/checks/lib/common.sh; apt_install python3; }

python3 - <<'PY'
import os, re, subprocess, sys

tracked = set(subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split("\n"))
folders = {os.path.dirname(p) for p in tracked}
while True:  # every ancestor folder of a tracked file
    more = {os.path.dirname(f) for f in folders} - folders
    if not more:
        break
    folders |= more
docs = [p for p in tracked
        if p == "README.md" or (p.endswith(".md") and p.split("/")[0] in ("deploy", "bench", "docs"))]
link = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
missing = []
for doc in sorted(docs):
    base = os.path.dirname(doc)
    for n, line in enumerate(open(doc, encoding="utf-8"), 1):
        for target in link.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            path = os.path.normpath(os.path.join(base, target.split("#")[0])) if target.split("#")[0] else doc
            if path not in tracked and path not in folders:
                missing.append(f"{doc}:{n}: {target}")
if missing:
    print("links to files that are not in the repository:\n  " + "\n  ".join(missing))
    sys.exit(1)
print(f"README links: every relative link of {len(docs)} Markdown file(s) names a tracked file")
PY
