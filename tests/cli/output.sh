# -o writes the report atomically (no FILE.tmp.* left behind, on success or failure);
# a report that cannot be written is exit 2 with a message, never a silent success.
. "$SOURCE_DIR/tests/cli/helpers.inc"
mkdir "$SCRATCH/reports"

# The same report as on stdout, byte for byte but the duration.
run --format json "$CHURN"
expect_status 1
grep -v '"duration_seconds"' "$OUT" >"$SCRATCH/stdout.json"

run --format json -o "$SCRATCH/reports/report.json" "$CHURN"
expect_status 1
expect_out_empty
expect_err_empty
CHECKS=$((CHECKS + 1))
if [ ! -f "$SCRATCH/reports/report.json" ]; then
  fail "'$CMD' did not write the report"
else
  grep -v '"duration_seconds"' "$SCRATCH/reports/report.json" >"$SCRATCH/file.json"
  cmp -s "$SCRATCH/stdout.json" "$SCRATCH/file.json" || fail "'$CMD': the -o report differs from stdout's"
  CHECKS=$((CHECKS + 1))
  grep -q '"rule_id":	"SL101"' "$SCRATCH/reports/report.json" || fail "'$CMD': report lacks SL101"
fi

# Overwriting an existing report; --output=FILE and -oFILE spellings.
printf 'old\n' >"$SCRATCH/reports/text.txt"
run --output="$SCRATCH/reports/text.txt" "$DATA/trees/medium"
expect_status 0
expect_out_empty
CHECKS=$((CHECKS + 1))
if ! grep -q '^app/client.py:6:12: MEDIUM SL501 ' "$SCRATCH/reports/text.txt" ||
  grep -q '^old$' "$SCRATCH/reports/text.txt"; then
  fail "'$CMD' did not replace the old report"
fi
run -o"$SCRATCH/reports/list.txt" --list-rules
expect_status 0
expect_count "$SCRATCH/reports/list.txt" "SL501" 1

# Only the reports are left: no temporary file.
ls -A "$SCRATCH/reports" >"$SCRATCH/listing"
printf 'list.txt\nreport.json\ntext.txt\n' >"$SCRATCH/expected-listing"
CHECKS=$((CHECKS + 1))
cmp -s "$SCRATCH/expected-listing" "$SCRATCH/listing" ||
  fail "the reports directory should hold list.txt, report.json, text.txt; has: $(tr '\n' ' ' <"$SCRATCH/listing")"

# Into a directory that does not exist.
run -o "$SCRATCH/missing/report.json" "$CHURN"
expect_status 2
expect_out_empty
expect_err_has "servelint: $SCRATCH/missing/report.json: cannot write the report: No such file or directory"
CHECKS=$((CHECKS + 1))
[ ! -e "$SCRATCH/missing" ] || fail "'$CMD' created $SCRATCH/missing"

# Onto a directory: the rename fails, the temporary file is removed.
mkdir "$SCRATCH/reports/a-directory"
run -o "$SCRATCH/reports/a-directory" "$CHURN"
expect_status 2
expect_out_empty
expect_err_has "servelint: $SCRATCH/reports/a-directory: cannot write the report:"
CHECKS=$((CHECKS + 1))
leftover=$(ls -A "$SCRATCH/reports" | grep -c '\.tmp\.')
[ "$leftover" -eq 0 ] || fail "'$CMD' left a temporary file: $(ls -A "$SCRATCH/reports" | grep '\.tmp\.')"

# An empty file name.
run --output= "$CHURN"
expect_status 2
expect_err_has "servelint: invalid value '' for --output"

# Standard output that cannot be written: exit 2, not 0 or 1.
if [ -w /dev/full ]; then
  for format in text json markdown; do
    CMD="servelint --format $format fixtures/churn-service >/dev/full"
    "$SERVELINT" --format "$format" "$CHURN" >/dev/full 2>"$ERR"
    STATUS=$?
    expect_status 2
    expect_err_has "servelint: writing to standard output failed: No space left on device"
  done
  CMD="servelint --fail-on none clean-tree >/dev/full"
  "$SERVELINT" --fail-on none "$DATA/trees/clean" >/dev/full 2>"$ERR"
  STATUS=$?
  expect_status 2
  CMD="servelint --list-rules >/dev/full"
  "$SERVELINT" --list-rules >/dev/full 2>"$ERR"
  STATUS=$?
  expect_status 2
  CMD="servelint --help >/dev/full"
  "$SERVELINT" --help >/dev/full 2>"$ERR"
  STATUS=$?
  expect_status 2
else
  echo "note: /dev/full is not writable here; its checks were not run"
fi

finish
