#!/bin/sh
# The benchmark: wall time, CPU time and peak memory of a full scan, per thread count.
# Usage: bench/run.sh [TREE] [servelint binary]
# TREE defaults to the installed Python packages (real code nobody here wrote). The
# scan runs with --no-default-excludes so a site-packages tree is walked, not skipped.
# Results vary with the machine and its load: compare runs on one machine only.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:-$(python3 -c 'import site; print(site.getsitepackages()[0])')}
servelint=${2:-$root/build/servelint}
[ -x "$servelint" ] || { echo "build first: make run (or pass the binary)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
files=$(find "$tree" -name '*.py' -o -name '*.yaml' -o -name '*.yml' | wc -l)
bytes=$(find "$tree" \( -name '*.py' -o -name '*.yaml' -o -name '*.yml' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "tree: $tree ($files candidate files, $bytes bytes)"
echo "jobs  wall_s  user_s  max_rss_kb  findings"
for jobs in 1 2 4; do
  stats=$(mktemp)
  /usr/bin/time -f '%e %U %M' -o "$stats" "$servelint" --no-default-excludes --fail-on none \
    --format json --jobs "$jobs" "$tree" > /tmp/servelint-bench.json
  findings=$(grep -c '"rule_id"' /tmp/servelint-bench.json || true)
  read -r wall user rss < "$stats"
  printf '%4s  %6s  %6s  %10s  %8s\n' "$jobs" "$wall" "$user" "$rss" "$findings"
  rm -f "$stats"
done
