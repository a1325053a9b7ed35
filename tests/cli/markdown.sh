# --format markdown: the audit heading, a table per severity with the
# Location | Issue | Risk | Fix header, and path:line locations.
. "$SOURCE_DIR/tests/cli/helpers.inc"

run --format markdown "$CHURN"
expect_status 1
expect_err_empty
CHECKS=$((CHECKS + 1))
[ "$(head -n 1 "$OUT")" = "# servelint audit" ] || fail "'$CMD': first line is '$(head -n 1 "$OUT")'"
expect_count "$OUT" "| Location | Issue | Risk | Fix |" 3
expect_count "$OUT" "### High (5)" 1
expect_count "$OUT" "### Medium (3)" 1
expect_count "$OUT" "### Low (1)" 1
expect_out_lacks "### Info"
expect_out_has '| `app/main.py:15` | **SL101** unpinned-mlflow-model-uri: '
expect_out_has '| `app/main.py:21` | **SL103** unpinned-hub-model: '
expect_out_has '| `app/main.py:21` | **SL901** trust-remote-code: '
expect_out_has '| `app/main.py:33` | **SL701** model-version-not-observable: '
expect_out_has '| `app/main.py:33` | **SL802** monitoring-gaps: '
expect_out_has '| `app/main.py:39` | **SL501** http-call-without-timeout: '
expect_out_has '| `deploy/deployment.yaml:19` | **SL151** '
expect_out_has '| `deploy/deployment.yaml:23` | **SL151** '
expect_out_has '| `deploy/docker-compose.yml:3` | **SL151** '
# 9 finding rows; with the entry-point row (app/main.py:33, predict) and the 4 model
# inventory rows (main.py:15, 18, 21 and train.py:14), 15 rows start with a location.
expect_count "$OUT" '` | **SL' 9
expect_count "$OUT" '| `' 14
# The summary lists the one rollout and rollback finding (SL701) before the tables.
expect_count "$OUT" '- `app/main.py:33` **SL701** ' 1
expect_count "$OUT" '- `' 1
# Each finding sits in its severity's table, in report order.
section_ids() {   # section_ids HEADING: the rule ids of the rows under that heading
  sed -n "/^$1\$/,/^#/p" "$OUT" | sed -n 's/^| `[^`]*` | \*\*\([A-Z0-9]*\)\*\* .*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}
CHECKS=$((CHECKS + 1))
ids=$(section_ids "### High (5)")
[ "$ids" = "SL101 SL901 SL151 SL151 SL151" ] || fail "'$CMD': High table has '$ids'"
CHECKS=$((CHECKS + 1))
ids=$(section_ids "### Medium (3)")
[ "$ids" = "SL103 SL802 SL501" ] || fail "'$CMD': Medium table has '$ids'"
CHECKS=$((CHECKS + 1))
ids=$(section_ids "### Low (1)")
[ "$ids" = "SL701" ] || fail "'$CMD': Low table has '$ids'"
expect_out_has 'Threshold `--fail-on high`: **failed**.'
expect_out_has "| **Total** | **9** |"

# `md` is accepted for markdown; a clean tree says so.
run --format md "$DATA/trees/clean"
expect_status 0
expect_out_has "# servelint audit"
expect_out_has "No findings."
expect_out_has 'Threshold `--fail-on high`: **passed**.'
expect_out_lacks "| Location | Issue | Risk | Fix |"

finish
