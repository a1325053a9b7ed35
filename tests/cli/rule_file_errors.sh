# A malformed rule file stops the run: exit 2, nothing on stdout, and one stderr line
# "servelint: <file>:<line>:<col>: <reason>". (tests/unit/test_rule_errors.c covers
# each kind of defect; this checks what the command prints.)
. "$SOURCE_DIR/tests/cli/helpers.inc"
BAD="$DATA/rules/bad-query"   # line 21 misspells the node type `identifier`

run --rules "$BAD" "$CHURN"
expect_status 2
expect_out_empty
# Line 21 `    ((call function: (identifer) @function) @call`: the name is at column 23.
expect_err_is "servelint: $BAD/TST100-print-call.yaml:21:23: bad tree-sitter query: unknown node type"

# The same refusal whatever the command.
for command in "--list-rules" "--explain TST100" "--no-default-rules --fail-on none"; do
  run $command --rules "$BAD" "$CHURN"
  expect_status 2
  expect_out_empty
  expect_err_is "servelint: $BAD/TST100-print-call.yaml:21:23: bad tree-sitter query: unknown node type"
done

run test-rules "$BAD"
expect_status 2
expect_out_empty
expect_err_is "servelint: $BAD/TST100-print-call.yaml:21:23: bad tree-sitter query: unknown node type"

# More defects, written into a scratch rules directory; the path is printed as given.
mkdir "$SCRATCH/rules"
cd "$SCRATCH" || exit 2
good="$DATA/rules/print/TST100-print-call.yaml"

# family on line 4 gets a value outside the list; column 9 is its first character.
sed 's/^family: monitoring$/family: logging/' "$good" >rules/bad.yaml
run --rules rules "$CHURN"
expect_status 2
expect_err_is "servelint: rules/bad.yaml:4:9: 'family' must be one of pinning, preprocessing-parity, inference-mode, batching, timeouts-concurrency, validation-errors, rollout-rollback, monitoring or security"

# Line 22 `     (#eq? @function "print")) ]`: a stray ']' at column 32.
sed 's/^     (#eq? @function "print"))$/     (#eq? @function "print")) ]/' "$good" >rules/bad.yaml
run --rules rules "$CHURN"
expect_status 2
expect_err_is "servelint: rules/bad.yaml:22:32: bad tree-sitter query: syntax error"

# An unknown key after line 6.
awk '{ print } /^confidence: high$/ { print "owner: ml-platform" }' "$good" >rules/bad.yaml
run --rules rules "$CHURN"
expect_status 2
expect_err_is "servelint: rules/bad.yaml:7:1: unknown key 'owner' in a rule"

# A second file with the same id: the error names both files.
cp "$good" rules/a.yaml
sed 's/^name: print-call$/name: other-print-call/' "$good" >rules/bad.yaml
run --rules rules "$CHURN"
expect_status 2
expect_err_is "servelint: rules/bad.yaml:1:1: duplicate rule id 'TST100' (already defined in rules/a.yaml)"
rm rules/a.yaml

# A user rule clashing with a built-in one.
sed 's/^id: TST100$/id: SL501/' "$good" >rules/bad.yaml
run --rules rules "$CHURN"
expect_status 2
expect_err_is "servelint: rules/bad.yaml:1:1: duplicate rule id 'SL501' (already defined in rules/SL501-http-call-without-timeout.yaml)"
# ...which is fine without the built-in rules.
run --no-default-rules --rules rules "$CHURN"
expect_status 0

# Files not named *.yaml / *.yml, and hidden files, are not rules.
rm rules/bad.yaml
printf 'not: a rule\n' >rules/README.md
printf 'not: a rule\n' >rules/.hidden.yaml
run --rules rules --fail-on none "$CHURN"
expect_status 0
expect_err_empty

finish
