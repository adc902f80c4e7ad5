#!/usr/bin/env bash
# Long fuzz runs for isoaudit; NOT part of .ci/run (see README.md, "Reliability").
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      targets: checklist extract plan
#   fuzz/run.sh 3600                                 an hour on each target, one after the other
#   fuzz/run.sh 300 extract                          five minutes on text extraction
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Works on the stable toolchain: RUSTC_BOOTSTRAP
# lets cargo-fuzz pass its nightly-only flags, and `-s none` builds without a sanitizer, which
# is enough for safe Rust where the findings are panics, hangs and runaway memory.
# Each target's corpus (fuzz/corpus/TARGET, git-ignored) is seeded from real files: the test
# fixtures, the sample bureau and, when present, ../shared/corpus. The first byte of a
# checklist or extract input picks the file type, so every seed is stored with that byte in front.
# Crashes land in fuzz/artifacts/TARGET/; minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin TARGET -s none fuzz/artifacts/TARGET/crash-…
# then fix it and add the input under tests/fixtures/fuzz/ (see the README there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(checklist extract plan)
shared="${ISOAUDIT_CORPUS:-$repo/../shared/corpus}"

# seed TARGET PREFIX_BYTE FILE: copy FILE into the target's corpus with the type byte in front.
seed() {
    local dir="$here/corpus/$1" byte="$2" file="$3"
    local size
    size=$(stat -c %s "$file")
    # Small seeds keep the fuzzer fast; libFuzzer's max_len follows the largest seed.
    [ "$size" -gt 0 ] && [ "$size" -le 524288 ] || return 0
    mkdir -p "$dir"
    local name
    name="seed-$(printf '%s' "$file" | sha1sum | cut -c1-16)"
    { printf "\\x$byte"; cat "$file"; } > "$dir/$name"
}

sources=("$repo/tests/fixtures" "$repo/samples")
[ -d "$shared" ] && sources+=("$shared")
while IFS= read -r -d '' f; do
    case "${f,,}" in
        *.xlsx | *.xlsm) seed checklist 00 "$f" ;;
        *.ods) seed checklist 01 "$f" ;;
        *.csv | *.tsv) seed checklist 02 "$f"; seed extract 03 "$f" ;;
        *.xls) seed checklist 03 "$f" ;;
        *.docx) seed extract 00 "$f" ;;
        *.html | *.htm) seed extract 01 "$f" ;;
        *.odt) seed extract 02 "$f" ;;
        *.txt) seed extract 03 "$f" ;;
        *.md) seed extract 04 "$f" ;;
        *.pdf) seed extract 05 "$f" ;;
        *.toml) mkdir -p "$here/corpus/plan"; cp "$f" "$here/corpus/plan/seed-$(printf '%s' "$f" | sha1sum | cut -c1-16)" ;;
    esac
done < <(find "${sources[@]}" -type f -print0)
# Regression inputs found by earlier runs go back in as they are (type byte included).
for t in "${targets[@]}"; do
    if [ -d "$repo/tests/fixtures/fuzz/$t" ]; then
        mkdir -p "$here/corpus/$t"
        cp "$repo/tests/fixtures/fuzz/$t"/* "$here/corpus/$t/" 2>/dev/null || true
    fi
done

cd "$repo"
for t in "${targets[@]}"; do
    echo "== fuzz $t for ${secs}s ($(ls "$here/corpus/$t" | wc -l) inputs in the corpus)"
    RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run "$t" -s none "$here/corpus/$t" -- \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        || echo "== $t stopped on a finding: see fuzz/artifacts/$t/"
done
