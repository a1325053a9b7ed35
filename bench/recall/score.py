#!/usr/bin/env python3
"""Recall of servelint against the hand-labelled benchmarks (bench/recall/*_labels.tsv).

Usage: bench/recall/score.py BINARY CORPUS_DIR [online|batch|holdout ...] [--show-misses]
CORPUS_DIR holds one directory per repository named owner+name, at the commit listed in
repos.tsv. A labelled defect counts as found when a finding of the same family lands in
the same file within one line; a trap counts as hit the same way. Each repository is
scanned on its own: repository-level rules depend on it."""
import collections, csv, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
binary, corpus = sys.argv[1], sys.argv[2]
names = [a for a in sys.argv[3:] if not a.startswith('--')] or ['online', 'batch', 'holdout']
show = '--show-misses' in sys.argv
rules = json.loads(subprocess.run([binary, '--list-rules', '--format', 'json'],
                                  capture_output=True, text=True, check=True).stdout)
family = {r['id']: r['family'] for r in (rules['rules'] if isinstance(rules, dict) else rules)}
stats = collections.defaultdict(collections.Counter)
for name in names:
    labels = list(csv.DictReader(open(os.path.join(here, name + '_labels.tsv')), delimiter='\t'))
    for repo in sorted({l['repo'] for l in labels}):
        out = subprocess.run([binary, '--format', 'json', '--fail-on', 'none',
                              os.path.join(corpus, repo)], capture_output=True, text=True)
        findings = json.loads(out.stdout)['findings']
        for l in (l for l in labels if l['repo'] == repo):
            try:
                line = int(l['line'])
            except ValueError:
                continue
            hit = any(f['path'] == l['path'] and family.get(f['rule_id']) == l['family']
                      and abs(f['line'] - line) <= 1 for f in findings)
            kind = 'defects' if l['kind'] == 'defect' else 'traps'
            stats[l['family']][kind] += 1
            stats[l['family']][kind + '_hit'] += hit
            if show and hit != (kind == 'defects'):
                print('MISS' if kind == 'defects' else 'TRAP', repo, l['path'], line, l['family'])
print('%-22s %8s %6s %7s %6s %10s' % ('family', 'defects', 'found', 'recall', 'traps', 'traps_hit'))
total = collections.Counter()
for fam in sorted(stats):
    s = stats[fam]
    total += s
    recall = '%.0f%%' % (100 * s['defects_hit'] / s['defects']) if s['defects'] else '-'
    print('%-22s %8d %6d %7s %6d %10d' % (fam, s['defects'], s['defects_hit'], recall,
                                         s['traps'], s['traps_hit']))
print('%-22s %8d %6d %7s %6d %10d' % ('total', total['defects'], total['defects_hit'],
      '%.0f%%' % (100 * total['defects_hit'] / max(total['defects'], 1)), total['traps'],
      total['traps_hit']))
