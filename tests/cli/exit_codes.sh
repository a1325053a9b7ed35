# Exit status of a scan: 0 below --fail-on, 1 at or above it; a successful scan
# prints nothing on stderr.
. "$SOURCE_DIR/tests/cli/helpers.inc"

run "$DATA/trees/clean"
expect_status 0
expect_err_empty
expect_out_has "No findings in 2 files scanned."

run "$CHURN"
expect_status 1
expect_err_empty
expect_out_has "Found 9 findings (5 high, 3 medium, 1 low, 0 info) in 6 files scanned."

run --fail-on none "$CHURN"
expect_status 0
expect_err_empty
expect_out_has "Found 9 findings (5 high, 3 medium, 1 low, 0 info) in 6 files scanned."

run --fail-on high "$CHURN"
expect_status 1

# Only a medium finding (SL501 at app/client.py:6).
run "$DATA/trees/medium"
expect_status 0
expect_err_empty
expect_out_has "app/client.py:6:12: MEDIUM SL501 "
expect_out_has "Found 1 finding (0 high, 1 medium, 0 low, 0 info) in 1 file scanned."

run --fail-on medium "$DATA/trees/medium"
expect_status 1
expect_err_empty
expect_out_has "app/client.py:6:12: MEDIUM SL501 "

run --fail-on=low "$DATA/trees/medium"
expect_status 1

run --fail-on info "$DATA/trees/medium"
expect_status 1

run --fail-on high "$DATA/trees/medium"
expect_status 0

# The default path is the working directory.
(cd "$DATA/trees/medium" && "$SERVELINT" --fail-on medium >"$OUT" 2>"$ERR")
STATUS=$?
CMD="(cd tests/data/trees/medium && servelint --fail-on medium)"
expect_status 1
expect_out_has "app/client.py:6:12: MEDIUM SL501 "

# `--` ends the options.
run --fail-on medium -- "$DATA/trees/medium"
expect_status 1

# Several roots: the worst finding decides.
run "$DATA/trees/clean" "$CHURN"
expect_status 1

finish
