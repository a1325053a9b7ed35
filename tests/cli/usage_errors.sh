# Usage errors exit 2, print nothing on stdout and name the offending option or value.
. "$SOURCE_DIR/tests/cli/helpers.inc"
HINT="Try 'servelint --help' for more information."

run --bogus "$CHURN"
expect_status 2
expect_out_empty
expect_err_is "servelint: unknown option '--bogus' (see --help)" "$HINT"

run -x "$CHURN"
expect_status 2
expect_err_is "servelint: unknown option '-x' (see --help)" "$HINT"

# option value -> exact first line of stderr
check_bad_value() {
  run "$@" "$CHURN"
  expect_status 2
  expect_out_empty
  expect_err_is "$EXPECTED" "$HINT"
}

EXPECTED="servelint: invalid value 'xml' for --format"; check_bad_value --format xml
EXPECTED="servelint: invalid value 'xml' for --format"; check_bad_value -f xml
EXPECTED="servelint: invalid value 'xml' for --format"; check_bad_value --format=xml
EXPECTED="servelint: invalid value 'critical' for --fail-on"; check_bad_value --fail-on critical
EXPECTED="servelint: invalid value 'HIGH' for --fail-on"; check_bad_value --fail-on HIGH
EXPECTED="servelint: invalid value '0' for --jobs"; check_bad_value --jobs 0
EXPECTED="servelint: invalid value '257' for --jobs"; check_bad_value --jobs 257
EXPECTED="servelint: invalid value 'four' for --jobs"; check_bad_value --jobs four
EXPECTED="servelint: invalid value '2x' for --jobs"; check_bad_value -j2x
EXPECTED="servelint: invalid value '0' for --max-file-size"; check_bad_value --max-file-size 0
EXPECTED="servelint: invalid value '1G' for --max-file-size"; check_bad_value --max-file-size 1G
EXPECTED="servelint: invalid value '-5' for --max-file-size"; check_bad_value --max-file-size -5
EXPECTED="servelint: invalid value 'sometimes' for --color"; check_bad_value --color sometimes
EXPECTED="servelint: --help takes no value"; check_bad_value --help=yes

# A missing value.
run --format
expect_status 2
expect_out_empty
expect_err_is "servelint: --format needs a value (FORMAT)" "$HINT"

run --fail-on
expect_status 2
expect_err_is "servelint: --fail-on needs a value (LEVEL)" "$HINT"

# Valid edge values are accepted.
run --jobs 256 --max-file-size 4K --format md --fail-on none "$CHURN"
expect_status 0

# A path that does not exist.
run "$SCRATCH/no-such-dir"
expect_status 2
expect_out_empty
expect_err_has "servelint: $SCRATCH/no-such-dir: no such file or directory"

run "$DATA/trees/clean" "$SCRATCH/missing.py"
expect_status 2
expect_out_empty
expect_err_has "$SCRATCH/missing.py: no such file or directory"

finish
