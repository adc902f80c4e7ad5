#!/usr/bin/env bash
# Usual procedure, record-form and SOP titles (benches/usual-titles.tsv: title, the clause a
# quality manager would file it under, NONE for a document outside the standard), each mapped
# as a short document of that title with a generic purpose and scope: how many rank their
# clause first (the clause, its parent or a sub-clause) and how many out-of-scope titles get
# no clause. The list was written for the project from general QMS practice (Chinese 程序文件,
# a laboratory's record forms, GMP-style chapters, ISO 13485 SOPs) and the vocabulary was
# extended with it in view: it shows vocabulary coverage, it is not a held-out measure.
#
#   benches/titles.sh                    release build, misses and the two figures
#   benches/titles.sh benches/usual-titles-blind.tsv   another list of the same form
#   RULES=old-rules.toml benches/titles.sh   the same with another rules file
#
# usual-titles-blind.tsv: 260 titles (160 Chinese, 70 English, 30 out of scope) written by a
# colleague who saw neither the rules nor the mapper's output; its first figures were taken
# before any vocabulary was changed for it.
set -euo pipefail
cd "$(dirname "$0")/.."
LIST=${1:-benches/usual-titles.tsv}
cargo build --release --quiet
BIN=target/release/isoaudit
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
mkdir "$D/docs"
while IFS=$'\t' read -r t c; do
  # A slash cannot be in a file name: the file takes a division slash (∕) in its place.
  printf '%s\n1 目的\n为规范本单位的相关工作，特制定本文件。\n2 适用范围\n适用于本单位。\n' "$t" > "$D/docs/${t//\//∕}.txt"
done < "$LIST"
"$BIN" map "$D/docs" ${RULES:+--rules "$RULES"} --format json -q -o "$D/map.json" || true
python3 - "$D/map.json" "$LIST" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
got = {d["path"][:-4].replace("∕", "/"): [c["id"] for c in d["clauses"]] for d in m["documents"]}
ok = n = oos_ok = oos = 0
for line in open(sys.argv[2], encoding="utf-8"):
    t, c = line.rstrip("\n").split("\t")
    p = got.get(t, [])
    if c == "NONE":
        oos += 1
        good = not p
        oos_ok += good
    else:
        n += 1
        good = bool(p) and (p[0] == c or p[0].startswith(c + ".") or c.startswith(p[0] + "."))
        ok += good
    if not good:
        print(f"miss  {t}: {c} wanted, {';'.join(p) or 'no clause'} listed")
print(f"usual titles: first clause right {ok}/{n} ({100 * ok / n:.1f} %); "
      f"out of scope with no clause {oos_ok}/{oos}")
PY
