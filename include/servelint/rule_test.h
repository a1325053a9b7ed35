/*
 * rule_test: `servelint test-rules`. Every rule's test cases, its explanation's
 * example (must trigger) and use-instead (must not) are scanned; a rule without a
 * case that triggers and one that does not fails, and so does a run with no case.
 */
#ifndef SERVELINT_RULE_TEST_H
#define SERVELINT_RULE_TEST_H

#include <stdio.h>

#include "servelint/rule.h"

/* Runs every test of `set` (finalized), printing one line per rule (and one per
 * failing case) to `out`. Returns the number of failing rules; -1 when nothing ran
 * or the engine could not start (reason on `out`). */
int sl_rule_tests_run(const SlRuleSet *set, FILE *out);

#endif
