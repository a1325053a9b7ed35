# --help lists every option of the option table (src/options.c); --version prints
# the project version (CMakeLists.txt). Both exit 0 with nothing on stderr.
. "$SOURCE_DIR/tests/cli/helpers.inc"

for flag in --help -h; do
  run $flag
  expect_status 0
  expect_err_empty
  expect_out_has "Usage: servelint [OPTION]... [PATH]..."
  expect_out_has "servelint test-rules [DIR]..."
  expect_out_has "Exit status: 0 no finding at or above --fail-on; 1 findings at or above it;"
done

# Every long option of the table, with its short form and argument name where it has them.
sed -n 's/^ *{SL_OPTION_[A-Z_]*, "\([a-z-]*\)", '"'"'\(.\)'"'"', "\([A-Z]*\)".*/  -\2, --\1 \3/p;
        s/^ *{SL_OPTION_[A-Z_]*, "\([a-z-]*\)", '"'"'\(.\)'"'"', NULL.*/  -\2, --\1 /p;
        s/^ *{SL_OPTION_[A-Z_]*, "\([a-z-]*\)", '"'"'\\0'"'"', "\([A-Z]*\)".*/    --\1 \2/p;
        s/^ *{SL_OPTION_[A-Z_]*, "\([a-z-]*\)", '"'"'\\0'"'"', NULL.*/    --\1 /p' \
  "$SOURCE_DIR/src/options.c" >"$SCRATCH/options"
count=$(wc -l <"$SCRATCH/options")
CHECKS=$((CHECKS + 1))
[ "$count" -eq 16 ] || fail "expected 16 options in src/options.c's table, parsed $count"
run --help
while IFS= read -r option; do
  expect_out_has "$option"
done <"$SCRATCH/options"
for option in --format --output --fail-on --jobs --exclude --no-default-excludes --max-file-size \
  --select --ignore --rules --no-default-rules --list-rules --explain --color --version --help; do
  # Listed once at the start of a line (other lines may mention it in their help).
  count=$(grep -cE -- "^  (-[a-zA-Z], |  )$option( |\$)" "$OUT")
  CHECKS=$((CHECKS + 1))
  [ "$count" -eq 1 ] || fail "'$CMD' lists $option $count times, expected once"
done

version=$(sed -n 's/^project(servelint VERSION \([0-9.]*\).*/\1/p' "$SOURCE_DIR/CMakeLists.txt")
for flag in --version -V; do
  run $flag
  expect_status 0
  expect_err_empty
  CHECKS=$((CHECKS + 1))
  printf 'servelint %s\n' "$version" | cmp -s - "$OUT" ||
    fail "'$CMD' printed '$(cat "$OUT")', expected 'servelint $version'"
done

# --help wins over a scan and its paths.
run --help "$CHURN"
expect_status 0
expect_out_has "Usage: servelint"
expect_out_lacks "SL101"

finish
