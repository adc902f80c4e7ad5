#!/usr/bin/env bash
# Accuracy of `isoaudit map` on every labelled collection: builds release, maps each labelled
# folder with `isoaudit map --format json` and prints per collection and overall top-1, recall,
# precision, clauses per document and out-of-scope documents left with no clause, then the
# leave-one-collection-out figures of the fitted threshold (benches/accuracy.py says how).
#
#   benches/accuracy.sh              table, then leave-one-collection-out
#   benches/accuracy.sh --details    also each document of the collections tuned on: labels and
#                                    clauses listed (--details-held-out: held-out ones too)
#
# ISOAUDIT_CORPUS (default ../shared/corpus) holds procedures-dev/ (labels.csv) and
# procedures/ (labels-handbook-generator.csv); samples/bureau/labels.csv labels the samples.
# Needs: cargo, python3. Not part of .ci/run; prints figures, gates nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${ISOAUDIT_CORPUS:-../shared/corpus}
cargo build --release --quiet
exec python3 benches/accuracy.py --bin target/release/isoaudit --corpus "$CORPUS" \
  --samples samples/bureau --repo-corpus benches/corpus --rules checklists/iso9001-2015/rules.toml --loco \
  --held-out waystowork-enforcement-db-art5,strongdm-comply-apache2,18f-tts-handbook-cc0,sourcegraph-handbook-apache2,lawrefbook-organs-art5,lawrefbook-local-art5,lawrefbook-quality-chapters-art5,docmcp-insights-zh-ccby4,opengauss-community-mulanpsl2,lawrefbook-admin-art5,lawrefbook-procedures-art5,lawrefbook-services-art5 "$@"
