# Colour: none with NO_COLOR=1 or --color never, ANSI escapes with --color always (text
# only: JSON and Markdown never carry escapes).
. "$SOURCE_DIR/tests/cli/helpers.inc"
ESC=$(printf '\033')

expect_no_escape() {
  CHECKS=$((CHECKS + 1))
  if grep -q "$ESC" "$OUT"; then fail "'$CMD': stdout has an ESC byte"; fi
}
expect_escape() {
  CHECKS=$((CHECKS + 1))
  grep -q "$ESC" "$OUT" || fail "'$CMD': stdout has no ESC byte"
}

CMD="NO_COLOR=1 servelint fixtures/churn-service"
NO_COLOR=1 "$SERVELINT" "$CHURN" >"$OUT" 2>"$ERR"
STATUS=$?
expect_status 1
expect_no_escape
expect_out_has "app/main.py:15:9: HIGH SL101 "

run --color always "$CHURN"
expect_status 1
expect_escape
# The location is bold, the severity red: the colour codes wrap the plain text.
expect_out_has "${ESC}[1mapp/main.py:15:9${ESC}[0m"
# Without the escapes the text is the plain report.
sed "s/${ESC}\[[0-9;]*m//g" "$OUT" >"$SCRATCH/stripped"
NO_COLOR=1 "$SERVELINT" "$CHURN" >"$SCRATCH/plain" 2>/dev/null
CHECKS=$((CHECKS + 1))
cmp -s "$SCRATCH/plain" "$SCRATCH/stripped" || fail "--color always: the text minus escapes differs from the plain text"

CMD="servelint --color never fixtures/churn-service (NO_COLOR unset)"
(unset NO_COLOR; "$SERVELINT" --color never "$CHURN") >"$OUT" 2>"$ERR"
STATUS=$?
expect_status 1
expect_no_escape

# auto: stdout is a file here, not a terminal.
CMD="servelint --color auto fixtures/churn-service (NO_COLOR unset)"
(unset NO_COLOR; "$SERVELINT" --color auto "$CHURN") >"$OUT" 2>"$ERR"
STATUS=$?
expect_status 1
expect_no_escape

for format in json markdown; do
  run --color always --format "$format" "$CHURN"
  expect_status 1
  expect_no_escape
done

finish
