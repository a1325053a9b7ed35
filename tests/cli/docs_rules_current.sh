#!/bin/sh
# docs/rules.md is generated from rules/ by the binary; it must not be stale.
set -eu
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$SERVELINT" --list-rules --format markdown > "$actual"
if ! cmp -s "$actual" "$SOURCE_DIR/docs/rules.md"; then
  echo "docs/rules.md is stale: regenerate it with tests/golden/update.sh"
  diff "$SOURCE_DIR/docs/rules.md" "$actual" | head -40 || true
  exit 1
fi
