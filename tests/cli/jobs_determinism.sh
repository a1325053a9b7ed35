# The report does not depend on the number of threads: --jobs 1 and --jobs 4 give
# byte-identical output (JSON minus its duration line; text and Markdown as is).
. "$SOURCE_DIR/tests/cli/helpers.inc"

# A larger tree: the fixture and the test trees, three times over.
tree="$SCRATCH/tree"
for copy in 1 2 3; do
  mkdir -p "$tree/copy$copy"
  cp -R "$CHURN" "$tree/copy$copy/churn"
  cp -R "$DATA/trees" "$tree/copy$copy/trees"
done

for format in json text markdown; do
  for jobs in 1 4; do
    run --format "$format" --jobs "$jobs" --fail-on none "$tree"
    expect_status 0
    expect_err_empty
    grep -v '"duration_seconds"' "$OUT" >"$SCRATCH/$format.$jobs"
  done
  CHECKS=$((CHECKS + 1))
  if ! cmp -s "$SCRATCH/$format.1" "$SCRATCH/$format.4"; then
    fail "--format $format: --jobs 1 and --jobs 4 differ"
    diff "$SCRATCH/$format.1" "$SCRATCH/$format.4" | head -n 20 >&2
  fi
done

# The tree's findings: 3 x (7 per-file findings in churn + 1 SL802 at each copy's predict
# + 1 in medium + 1 in parse-error + 1 in prints), plus 1 SL701: a repository
# rule, reported once for the whole scanned tree, at its first endpoint in path order
# (copy1's predict), not once per copy.
expect_count "$SCRATCH/json.4" '"rule_id":' 34
expect_count "$SCRATCH/text.4" ' SL701 ' 1
expect_count "$SCRATCH/text.4" 'copy1/churn/app/main.py:33:5: LOW SL701 ' 1
expect_count "$SCRATCH/text.4" ' SL802 ' 3
for copy in 1 2 3; do
  expect_count "$SCRATCH/text.4" "copy$copy/churn/app/main.py:33:5: MEDIUM SL802 " 1
done
expect_count "$SCRATCH/json.4" '"kind":	"parse"' 3
# The duration line was the only one removed.
run --format json --jobs 4 --fail-on none "$tree"
expect_count "$OUT" '"duration_seconds"' 1

finish
