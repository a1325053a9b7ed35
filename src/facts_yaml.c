/*
 * facts_yaml: monitoring and rollout evidence in deployment YAML, so that a
 * repository whose metrics are configured in its manifests (a ServiceMonitor, scrape
 * annotations, a KServe payload logger) or whose rollouts are canaries or traffic
 * splits is not told it has none.
 */
#include <string.h>

#include "servelint/facts.h"
#include "servelint/yaml_path.h"

static bool sl_facts__kind_is(const SlYamlNode *root, const char *const *kinds, size_t count) {
  const SlYamlNode *kind = sl_yaml_mapping_get(root, "kind");
  for (size_t i = 0; i < count; i++)
    if (sl_yaml_scalar_is(kind, kinds[i])) return true;
  return false;
}

/* Whether `path` selects at least one node under `root` (equal to the scalar `value`,
 * unless it is NULL). */
static bool sl_facts__path_holds(const SlYamlNode *root, const char *path_text, const char *value) {
  SlYamlPath *path = sl_yaml_path_compile(path_text, NULL);
  SlYamlMatchVec matches = {0};
  if (path) sl_yaml_path_select(path, root, &matches);
  bool found = false;
  for (size_t i = 0; i < matches.count && !found; i++)
    found = !value || sl_yaml_scalar_is(matches.items[i].value, value);
  sl_vec_delete(&matches);
  sl_yaml_path_delete(path);
  return found;
}

static bool sl_facts__has_path(const SlYamlNode *root, const char *path_text) {
  return sl_facts__path_holds(root, path_text, NULL);
}

/* Canary, shadow or weighted traffic between versions: Argo Rollouts, Flagger,
 * Istio, KServe canaries, Seldon traffic splits, shadows and experiments. */
static uint32_t sl_facts__rollout_evidence(const SlYamlNode *root) {
  static const char *const rollout_kinds[] = {"Rollout", "Canary", "Experiment"};
  if (sl_facts__kind_is(root, rollout_kinds, 3)) return SL_ROLLOUT_TRAFFIC;
  static const char *const paths[] = {"**.canaryTrafficPercent",
                                      "**.canary",
                                      "**.blueGreen",
                                      "**.mirror",
                                      "**.shadow",
                                      "**.traffic"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
    if (sl_facts__has_path(root, paths[i])) return SL_ROLLOUT_TRAFFIC;
  static const char *const weighted[] = {"VirtualService"};
  if (sl_facts__kind_is(root, weighted, 1) && sl_facts__has_path(root, "**.weight"))
    return SL_ROLLOUT_TRAFFIC;
  return 0;
}

static uint32_t sl_facts__document_evidence(const SlYamlNode *root) {
  static const char *const monitor_kinds[] = {"ServiceMonitor", "PodMonitor", "PrometheusRule"};
  uint32_t evidence = 0;
  if (sl_facts__kind_is(root, monitor_kinds, 3)) evidence |= SL_MONITOR_METRICS;
  if (sl_facts__has_path(root, "**[\"prometheus.io/scrape\"]")) evidence |= SL_MONITOR_METRICS;
  /* a chart's values switching its ServiceMonitor or PodMonitor on */
  if (sl_facts__path_holds(root, "**.serviceMonitor.enabled", "true") ||
      sl_facts__path_holds(root, "**.podMonitor.enabled", "true"))
    evidence |= SL_MONITOR_METRICS;
  if (sl_facts__has_path(root, "spec.predictor.logger")) evidence |= SL_MONITOR_PREDICTION_LOG;
  return evidence;
}

void sl_facts_find_yaml_evidence(const SlYamlFile *yaml, SlFileFacts *facts) {
  for (size_t i = 0; i < sl_yaml_document_count(yaml); i++) {
    const SlYamlNode *root = sl_yaml_document_root(yaml, i);
    if (!root) continue;
    facts->monitoring |= sl_facts__document_evidence(root);
    facts->rollout |= sl_facts__rollout_evidence(root);
  }
}

/* Whether `text` holds `needle` at the start of a line (indentation aside), as a key or
 * a kind is written in a manifest. */
static bool sl_facts__line_starts_with(const char *text, const char *needle) {
  for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle)) {
    const char *line = at;
    while (line > text && (line[-1] == ' ' || line[-1] == '\t' || line[-1] == '-')) line--;
    if (line == text || line[-1] == '\n') return true;
  }
  return false;
}

void sl_facts_find_template_evidence(const SlSource *source, SlFileFacts *facts) {
  static const char *const metrics[] = {"kind: ServiceMonitor", "kind: PodMonitor",
                                        "kind: PrometheusRule",
                                        "prometheus.io/scrape:", "\"prometheus.io/scrape\":"};
  static const char *const rollouts[] = {"kind: Rollout", "kind: Canary", "kind: Experiment",
                                         "canaryTrafficPercent:"};
  for (size_t i = 0; i < sizeof metrics / sizeof *metrics; i++)
    if (sl_facts__line_starts_with(source->bytes, metrics[i]))
      facts->monitoring |= SL_MONITOR_METRICS;
  for (size_t i = 0; i < sizeof rollouts / sizeof *rollouts; i++)
    if (sl_facts__line_starts_with(source->bytes, rollouts[i]))
      facts->rollout |= SL_ROLLOUT_TRAFFIC;
}
