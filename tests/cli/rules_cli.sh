# Rules from the command line: test-rules, user rule directories, --select/--ignore
# by id, name and family, --explain and --list-rules.
. "$SOURCE_DIR/tests/cli/helpers.inc"
RULES="$DATA/rules"   # print/: TST100 flags print(...) calls (low, monitoring)
PRINTS="$DATA/trees/prints"   # app/job.py: print at lines 6 and 8, requests.get without timeout at 7

# --- test-rules -----------------------------------------------------------------------
run test-rules
expect_status 0
expect_err_empty
for rule in "SL101 unpinned-mlflow-model-uri" "SL151 unpinned-container-image" \
  "SL501 http-call-without-timeout" "SL901 trust-remote-code"; do
  expect_count "$OUT" "PASS $rule (" 1
done
expect_count "$OUT" "FAIL" 0
CHECKS=$((CHECKS + 1))
tail -n 1 "$OUT" | grep -q '^4 rules, [0-9]* cases, 0 failed$' || fail "'$CMD': last line is '$(tail -n 1 "$OUT")'"

run test-rules "$RULES/print"
expect_status 0
expect_out_has "PASS TST100 print-call (4 cases)"
expect_out_has "1 rules, 4 cases, 0 failed"
expect_out_lacks "SL101"

# The first test case (line 25 of the file) expects line 1; the rule reports line 2.
run test-rules "$RULES/wrong-line"
expect_status 1
expect_out_has "FAIL TST100 print-call (4 cases)"
expect_out_has "  $RULES/wrong-line/TST100-print-call.yaml:25: expected [1], got [2]"
expect_out_has "1 rules, 4 cases, 1 failed"

# docs/rule-format.md: `tests:` needs "at least one case that triggers and one that
# does not", and test-rules "exits 1 when a rule ... lacks a triggering or a clean case".
# This rule's tests only trigger.
run test-rules "$RULES/no-clean-case"
expect_status 1
expect_out_has "FAIL TST100 print-call"

run test-rules "$SCRATCH"
expect_status 2
expect_err_has "no rules to run"

# --- user rules in a scan -------------------------------------------------------------
run --rules "$RULES/print" "$PRINTS"
expect_status 0   # TST100 is low, SL501 medium: below the default --fail-on high
expect_err_empty
expect_ids "SL501 TST100"
expect_out_has "app/job.py:6:5: LOW TST100 \`print(...)\` writes to stdout instead of the logger"
expect_out_has "app/job.py:8:5: LOW TST100 "
expect_out_has "app/job.py:7:12: MEDIUM SL501 "
expect_count "$OUT" " TST100 " 2

run --rules "$RULES/print" --fail-on low "$PRINTS"
expect_status 1

run --no-default-rules --rules "$RULES/print" "$PRINTS"
expect_status 0
expect_ids "TST100"
expect_count "$OUT" " TST100 " 2

# The fixture's only print() is training/train.py:15.
run --no-default-rules --rules "$RULES/print" "$CHURN"
expect_status 0
expect_ids "TST100"
expect_out_has "training/train.py:15:5: LOW TST100 "
expect_out_has "Found 1 finding (0 high, 0 medium, 1 low, 0 info) in 5 files scanned."

# The user rule's family selects it.
run --rules "$RULES/print" --select monitoring "$PRINTS"
expect_ids "TST100"

# --- --select / --ignore on the fixture -------------------------------------------------
check_ids() {   # check_ids EXPECTED_IDS ARGS...
  expected=$1
  shift
  run "$@" --fail-on none "$CHURN"
  expect_status 0
  expect_ids "$expected"
}
check_ids "SL101 SL151 SL501 SL901"
check_ids "SL101" --select SL101
check_ids "SL101 SL151" --select pinning
check_ids "SL101" --select unpinned-mlflow-model-uri
check_ids "SL151 SL501" --select unpinned-container-image,SL501
check_ids "SL101 SL901" --select SL101 --select security
check_ids "SL101 SL151 SL501" --ignore security
check_ids "SL501 SL901" --ignore pinning
check_ids "SL151 SL501 SL901" --ignore SL101
check_ids "SL101" --select pinning --ignore unpinned-container-image
# Selected away: the failing high findings are gone, the exit follows.
run --select SL501 "$CHURN"
expect_status 0
expect_ids "SL501"

run --select NOPE "$CHURN"
expect_status 2
expect_out_empty
expect_err_is "servelint: --select NOPE: no rule has this id, name or family (see --list-rules)"

run --select SL101,NOPE "$CHURN"
expect_status 2
expect_err_is "servelint: --select NOPE: no rule has this id, name or family (see --list-rules)"

run --ignore nope-family "$CHURN"
expect_status 2
expect_err_is "servelint: --ignore nope-family: no rule has this id, name or family (see --list-rules)"

run --rules "$SCRATCH/no-such-dir" "$CHURN"
expect_status 2
expect_err_is "servelint: --rules $SCRATCH/no-such-dir: not a readable directory"

# --- --explain ---------------------------------------------------------------------------
for rule in SL501 http-call-without-timeout; do
  run --explain "$rule"
  expect_status 0
  expect_err_empty
  expect_out_has "## SL501 http-call-without-timeout: requests call without a timeout"
  expect_out_has "### What it does"
  expect_out_has "### Why is this bad?"
  expect_out_has "### Example"
  expect_out_has "Use instead:"
  expect_out_has 'features = requests.get(FEATURE_URL, params={"id": user_id}, timeout=(3, 10)).json()'
  expect_out_lacks "SL101"
done

run --explain NOPE
expect_status 2
expect_out_empty
expect_err_is "servelint: --explain NOPE: no rule has this id or name (see --list-rules)"

# A family is not a rule.
run --explain pinning
expect_status 2

run --rules "$RULES/print" --explain TST100
expect_status 0
expect_out_has "## TST100 print-call: print() call instead of logging"

# --- --list-rules --------------------------------------------------------------------------
run --list-rules
expect_status 0
expect_err_empty
for id in SL101 SL151 SL501 SL901; do expect_count "$OUT" "$id " 1; done
expect_count "$OUT" "SL" 4

run --list-rules --format json
expect_status 0
for id in SL101 SL151 SL501 SL901; do expect_count "$OUT" "\"id\":	\"$id\"" 1; done
expect_count "$OUT" '"id":' 4

run --list-rules --select pinning
expect_status 0
expect_count "$OUT" "SL" 2

run --list-rules --rules "$RULES/print"
expect_status 0
expect_count "$OUT" "TST100 " 1

finish
