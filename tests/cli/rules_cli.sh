# Rules from the command line: test-rules, user rule directories, --select/--ignore
# by id, name and family, --explain and --list-rules.
. "$SOURCE_DIR/tests/cli/helpers.inc"
RULES="$DATA/rules"   # print/: TST100 flags print(...) calls (low, monitoring)
PRINTS="$DATA/trees/prints"   # app/job.py: print at lines 6 and 8, requests.get without timeout at 7

# The built-in catalogue, in id order: "ID NAME FAMILY", one rule a line. Every check
# on the whole catalogue derives its expectation from this list.
CATALOGUE='SL101 unpinned-mlflow-model-uri pinning
SL102 mlflow-model-alias pinning
SL103 unpinned-hub-model pinning
SL104 unpinned-torch-hub pinning
SL105 unpinned-bentoml-model pinning
SL106 latest-model-artifact pinning
SL107 registry-latest-versions pinning
SL108 wandb-artifact-latest pinning
SL109 newest-model-version-selected pinning
SL110 ollama-model-latest pinning
SL111 unversioned-object-store-model pinning
SL112 hub-model-in-settings pinning
SL151 unpinned-container-image pinning
SL152 unpinned-base-image pinning
SL153 helm-image-tag-latest pinning
SL154 unpinned-hub-fetch-in-dockerfile pinning
SL155 unpinned-cloud-job-image pinning
SL156 unpinned-cloud-build-image pinning
SL157 ci-image-latest pinning
SL158 ci-push-latest-only pinning
SL159 unpinned-fetch-in-script pinning
SL160 unpinned-model-in-manifest-command pinning
SL161 kustomize-image-tag-mutable pinning
SL201 fit-at-serving-time preprocessing-parity
SL202 hand-written-normalisation preprocessing-parity
SL203 preprocessing-diverged preprocessing-parity
SL204 preprocessing-duplicated preprocessing-parity
SL205 fitted-preprocessor-not-loaded preprocessing-parity
SL206 loaded-preprocessor-not-applied preprocessing-parity
SL207 fitted-preprocessor-discarded preprocessing-parity
SL208 transform-drops-normalisation preprocessing-parity
SL209 impute-from-request-batch preprocessing-parity
SL210 normalisation-differs preprocessing-parity
SL211 normalisation-copied preprocessing-parity
SL212 hand-encoded-categories preprocessing-parity
SL213 typed-label-map preprocessing-parity
SL301 forward-without-no-grad inference-mode
SL302 module-not-in-eval-mode inference-mode
SL303 train-mode-on-inference-path inference-mode
SL304 torchscript-export-in-train-mode inference-mode
SL401 per-row-inference-loop batching
SL402 per-message-inference batching
SL403 torchserve-first-request-only batching
SL404 triton-first-request-only batching
SL501 http-call-without-timeout timeouts-concurrency
SL502 urlopen-without-timeout timeouts-concurrency
SL503 session-call-without-timeout timeouts-concurrency
SL504 httpx-timeout-disabled timeouts-concurrency
SL505 aiohttp-session-default-timeout timeouts-concurrency
SL506 unbounded-executor timeouts-concurrency
SL507 unbounded-gather timeouts-concurrency
SL508 blocking-model-call-in-async-endpoint timeouts-concurrency
SL509 model-load-per-request timeouts-concurrency
SL510 ray-serve-unbounded-concurrency timeouts-concurrency
SL511 uvicorn-without-concurrency-limit timeouts-concurrency
SL512 grpc-call-without-deadline timeouts-concurrency
SL513 aiohttp-timeout-disabled timeouts-concurrency
SL514 blocking-model-helper-in-async-endpoint timeouts-concurrency
SL515 training-in-request timeouts-concurrency
SL516 blocking-io-in-async-endpoint timeouts-concurrency
SL517 thread-per-request timeouts-concurrency
SL518 dev-server-in-container timeouts-concurrency
SL519 llm-client-default-timeout timeouts-concurrency
SL520 unbounded-request-queue timeouts-concurrency
SL521 blocking-model-call-in-async-service timeouts-concurrency
SL522 unbounded-request-cache timeouts-concurrency
SL523 task-result-without-timeout timeouts-concurrency
SL601 unvalidated-request-body validation-errors
SL602 swallowed-inference-error validation-errors
SL603 exception-text-in-response validation-errors
SL604 unvalidated-stream-message validation-errors
SL605 swallowed-model-load-error validation-errors
SL606 silenced-error-in-serving validation-errors
SL607 client-parameters-splatted validation-errors
SL608 schema-all-optional validation-errors
SL609 unchecked-upload validation-errors
SL610 unbounded-request-field validation-errors
SL611 unbounded-generation-parameter validation-errors
SL612 error-answered-with-success validation-errors
SL613 unbounded-prompt-text validation-errors
SL614 unrecorded-inference-error validation-errors
SL615 unguarded-payload-decode validation-errors
SL616 stream-message-dropped-on-error validation-errors
SL617 assert-validates-request validation-errors
SL618 server-error-answered-as-client-error validation-errors
SL701 model-version-not-observable rollout-rollback
SL702 no-rollback-path rollout-rollback
SL802 monitoring-gaps monitoring
SL901 trust-remote-code security
SL902 deserialize-request-data security
SL903 model-over-plain-http security
SL904 deserialize-downloaded-data security
SL905 debug-mode-in-serving security
SL906 hard-coded-secret-key security
SL907 hard-coded-credentials security
SL908 torch-hub-remote-code security
SL909 secret-in-deployment-config security
SL910 secret-in-env-file security
SL911 unauthenticated-notebook security
SL912 client-filename-in-path security
SL913 fetch-client-url security
SL914 xcom-pickling-in-dockerfile security
SL915 xcom-pickling-in-deployment-config security
SL916 xcom-pickling-in-env-file security
SL917 secret-file-in-image security
SL918 eval-of-untrusted-text security'
RULE_COUNT=$(printf '%s\n' "$CATALOGUE" | wc -l | tr -d ' ')
ALL_IDS=$(printf '%s\n' "$CATALOGUE" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')
PINNING_IDS=$(printf '%s\n' "$CATALOGUE" | awk '$3 == "pinning" { print $1 }' | tr '\n' ' ' | sed 's/ $//')

# listed_ids: the first column of --list-rules (text) on stdout, minus its header, on one line.
listed_ids() { sed -n '2,$p' "$OUT" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//'; }
expect_listed() {   # expect_listed IDS: --list-rules listed exactly these ids, in this order
  CHECKS=$((CHECKS + 1))
  listed=$(listed_ids)
  [ "$listed" = "$1" ] || fail "'$CMD': listed '$listed', expected '$1'"
}

# --- test-rules -----------------------------------------------------------------------
run test-rules
expect_status 0
expect_err_empty
printf '%s\n' "$CATALOGUE" | cut -d' ' -f1,2 >"$SCRATCH/catalogue-rules"
while read -r rule; do
  expect_count "$OUT" "PASS $rule (" 1
done <"$SCRATCH/catalogue-rules"
expect_count "$OUT" "PASS " "$RULE_COUNT"
expect_count "$OUT" "FAIL" 0
CHECKS=$((CHECKS + 1))
tail -n 1 "$OUT" | grep -q "^$RULE_COUNT rules, [0-9]* cases, 0 failed\$" || fail "'$CMD': last line is '$(tail -n 1 "$OUT")'"

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
expect_out_has "Found 1 finding (0 high, 0 medium, 1 low, 0 info) in 6 files scanned."

# The user rule's family selects it.
run --rules "$RULES/print" --select monitoring "$PRINTS"
expect_ids "TST100"

# --- --select / --ignore on the fixture -------------------------------------------------
# The rule ids the fixture reports with the default rules, sorted: the one place they are
# listed (tests/unit/test_cli_json.c has each finding's position).
CHURN_IDS="SL101 SL103 SL151 SL501 SL701 SL802 SL901"
churn_ids_without() {   # churn_ids_without ID...: CHURN_IDS minus these ids
  printf '%s\n' $CHURN_IDS | grep -vxF "$(printf '%s\n' "$@")" | tr '\n' ' ' | sed 's/ $//'
}
check_ids() {   # check_ids EXPECTED_IDS ARGS...
  expected=$1
  shift
  run "$@" --fail-on none "$CHURN"
  expect_status 0
  expect_ids "$expected"
}
check_ids "$CHURN_IDS"
check_ids "SL101" --select SL101
check_ids "SL101 SL103 SL151" --select pinning
check_ids "SL101" --select unpinned-mlflow-model-uri
check_ids "SL151 SL501" --select unpinned-container-image,SL501
check_ids "SL101 SL901" --select SL101 --select security
check_ids "SL701" --select rollout-rollback
check_ids "SL701" --select model-version-not-observable
check_ids "SL802" --select monitoring
check_ids "SL802" --select monitoring-gaps
check_ids "SL802" --select monitoring-gaps
check_ids "$(churn_ids_without SL901)" --ignore security
check_ids "$(churn_ids_without SL101 SL103 SL151)" --ignore pinning
check_ids "$(churn_ids_without SL101)" --ignore SL101
check_ids "$(churn_ids_without SL701 SL802)" --ignore rollout-rollback,monitoring
check_ids "$(churn_ids_without SL802)" --ignore monitoring-gaps
check_ids "SL101 SL103" --select pinning --ignore unpinned-container-image
# Selected away: the failing high findings are gone, the exit follows.
run --select SL501 "$CHURN"
expect_status 0
expect_ids "SL501"

# An opt-in rule (SL511, a policy) runs only when selected by id or name, not by family.
OPT_IN="$DATA/trees/opt-in"   # app/main.py: uvicorn.run without limit_concurrency at line 13
run --fail-on none "$OPT_IN"
expect_ids ""
run --fail-on none --select timeouts-concurrency "$OPT_IN"
expect_ids ""
run --fail-on none --select SL511 "$OPT_IN"
expect_ids "SL511"
expect_out_has "app/main.py:13:5: LOW SL511 "
run --fail-on none --select uvicorn-without-concurrency-limit,timeouts-concurrency "$OPT_IN"
expect_ids "SL511"
run --explain SL511
expect_out_has "Opt-in: runs only with \`--select SL511\`"

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
for id in $ALL_IDS; do expect_count "$OUT" "$id " 1; done
expect_count "$OUT" "SL" "$RULE_COUNT"
expect_listed "$ALL_IDS"

run --list-rules --format json
expect_status 0
for id in $ALL_IDS; do expect_count "$OUT" "\"id\":	\"$id\"" 1; done
expect_count "$OUT" '"id":' "$RULE_COUNT"
CHECKS=$((CHECKS + 1))
json_ids=$(sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([^"]*\)",*$/\1/p' "$OUT" | tr '\n' ' ' | sed 's/ $//')
[ "$json_ids" = "$ALL_IDS" ] || fail "'$CMD': ids '$json_ids', expected '$ALL_IDS'"

run --list-rules --select pinning
expect_status 0
expect_listed "$PINNING_IDS"

run --list-rules --rules "$RULES/print"
expect_status 0
expect_count "$OUT" "TST100 " 1

finish
