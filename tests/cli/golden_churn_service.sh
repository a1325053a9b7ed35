#!/bin/sh
# The demo service's JSON report matches the checked-in golden file (duration aside).
# After an intended change: tests/golden/update.sh, then review the diff.
set -eu
cd "$SOURCE_DIR/fixtures"
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$SERVELINT" --format json --fail-on none churn-service | grep -v '"duration_seconds"' > "$actual"
if ! cmp -s "$actual" "$SOURCE_DIR/tests/golden/churn-service.json"; then
  echo "golden report differs (run tests/golden/update.sh if the change is intended):"
  diff "$SOURCE_DIR/tests/golden/churn-service.json" "$actual" || true
  exit 1
fi
