#!/bin/sh
# Regenerates the golden reports after an intended change: review the diff before
# committing it. Usage: tests/golden/update.sh [path/to/servelint]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
servelint=${1:-$root/build/servelint}
cd "$root/fixtures"
"$servelint" --format json --fail-on none churn-service | grep -v '"duration_seconds"' > "$here/churn-service.json"
"$servelint" --list-rules --format markdown > "$root/docs/rules.md"
echo "updated tests/golden/churn-service.json and docs/rules.md"
