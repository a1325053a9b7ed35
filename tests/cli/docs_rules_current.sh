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

# The rule table in README.md is `--list-rules` as the binary prints it.
"$SERVELINT" --list-rules | grep '^SL' > "$actual"
readme=$(mktemp)
trap 'rm -f "$actual" "$readme"' EXIT
sed -n '/^ID      NAME/,/^```/p' "$SOURCE_DIR/README.md" | grep '^SL' > "$readme" || true
if ! cmp -s "$actual" "$readme"; then
  echo "README.md's rule table differs from servelint --list-rules"
  diff "$readme" "$actual" | head -40 || true
  exit 1
fi
