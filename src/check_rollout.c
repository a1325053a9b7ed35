/*
 * check_rollout: repository checks on whether a bad model can be seen and undone.
 *   version-not-observable: the repository serves online, and nothing in its code
 *     names the served model version (model_version, model_revision, an
 *     X-Model-Version header...), in responses, logs or metric labels;
 *   no-rollback-path: the repository serves online and shows no way back: no canary,
 *     shadow or traffic split in its deployment YAML, no registry alias or stage switch
 *     and no previous-version setting in code, no rollback procedure in its Markdown.
 * Each is reported once, at the main entry point (check_common.h), unless that entry
 * point's server versions models itself (Triton).
 */
#include <string.h>
#include <strings.h>

#include "check_common.h"
#include "servelint/native.h"
#include "servelint/pinning.h"

static uint32_t sl_check__repo_rollout(const SlRepoFacts *repo) {
  uint32_t rollout = 0;
  for (size_t f = 0; f < repo->file_count; f++) rollout |= repo->files[f]->rollout;
  return rollout;
}

/* Servers that version models themselves: Triton serves numbered version directories
 * under a version_policy and answers with model_version. TorchServe is not one: its
 * archives carry a version, but a handler's responses do not, and a repository that
 * registers a single version (the common case) has nothing to switch back to; reviewers
 * labelled three such handlers defects against one trap (docs/quality.md). */
static bool sl_check__server_versions_models(const SlEntryPoint *entry) {
  return strcmp(entry->framework, "triton") == 0;
}

static bool sl_check__any_entry(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  (void)repo;
  (void)entry;
  return true;
}

/* An entry point, of any pattern, that serves predictions by running the model itself. */
static bool sl_check__runs_served_model(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  return sl_check_runs_model(repo, entry) && sl_check_serves_predictions(repo, entry);
}

/* The entry point that stands for the served model of one deployable unit (`services`
 * NULL: the repository as a whole): an online one serving predictions (the API clients
 * call, also when it queues the work for a worker: reviewers put the finding at the
 * route, two of two in the read sets); else one serving predictions by running the model
 * itself (a worker, a consumer); else a stream consumer or batch job that does (a service
 * whose only routes are probes and controls beside its consumer loop); else, for the
 * repository as a whole, any online one; else any. */
static const SlEntryPoint *sl_check__unit_entry(const SlRepoFacts *repo, const SlServices *services,
                                                size_t unit) {
  static const SlEntryFilter cascade[] = {sl_check_online_prediction, sl_check__runs_served_model,
                                          sl_check_serves_predictions, NULL, sl_check__any_entry};
  /* Among several units, one whose entry points serve no predictions (an evaluation
   * script beside the services) has no served model to speak of. */
  size_t levels = services ? 3 : sizeof cascade / sizeof *cascade;
  for (size_t i = 0; i < levels; i++) {
    const SlEntryPoint *entry =
        sl_check_main_entry_point_in(repo, cascade[i], services, unit, NULL);
    if (entry) return entry;
  }
  return NULL;
}

/* Whether a unit serves a model of its own: a file of it loads one. A unit that only
 * calls a model server over the network (a Kafka client posting to a BentoML service)
 * has no version of its own to show or roll back. */
static bool sl_check__unit_serves_model(const SlRepoFacts *repo, const SlServices *services,
                                        size_t unit) {
  for (size_t f = 0; f < repo->file_count; f++)
    if (sl_services_unit_of(services, repo->files[f]->path) == unit &&
        sl_check_loads_model(repo->files[f]))
      return true;
  return false;
}

static void sl_check__emit(SlNativeEmitter *emitter, const SlEntryPoint *entry) {
  SlNativeVar vars[] = {{"function", entry->function}, {"framework", entry->framework}};
  sl_check_emit_at_entry(emitter, entry, NULL, vars, 2);
}

/* Once per deployable unit that serves a model (check_service.h): two services in one
 * repository are rolled back, and report versions, each on its own. Without such a unit
 * (the model is reached in ways the facts do not follow), once for the repository. */
static void sl_check__at_main_entry(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  if (!sl_check_serves_a_model(repo)) return;
  SlServices services = {0};
  sl_services_find(repo, &services);
  bool emitted = false;
  for (size_t unit = 0; services.roots.count > 1 && unit < services.roots.count; unit++) {
    const SlEntryPoint *entry = sl_check__unit_entry(repo, &services, unit);
    if (!entry || !sl_check__unit_serves_model(repo, &services, unit)) continue;
    emitted = true;
    if (!sl_check__server_versions_models(entry)) sl_check__emit(emitter, entry);
  }
  sl_services_delete(&services);
  if (emitted) return;
  const SlEntryPoint *entry = sl_check__unit_entry(repo, NULL, 0);
  if (entry && !sl_check__server_versions_models(entry)) sl_check__emit(emitter, entry);
}

void sl_check_version_not_observable(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  if (!(sl_check__repo_rollout(repo) & SL_VERSION_VISIBLE)) sl_check__at_main_entry(repo, emitter);
}

/* A model loaded through a registry stage or alias is switched back by moving the
 * stage or alias; one loaded from the registry or tracking server by a version or run
 * keeps the previous ones beside it (`models:/churn/{VERSION}`, `runs:/{RUN_ID}/model`,
 * any MLflow load); one whose revision comes from configuration or
 * the command line is switched back by setting the previous revision. Each is a rollback
 * mechanism (whether pinning approves of it is the pinning rules' business). A model
 * file whose path comes from the environment is not: nothing keeps the previous file. */
/* `models:/name/latest`: the registry keeps older versions, but nothing switches the
 * load back to one; the only way back is deleting the newer version. */
static bool sl_check__registry_latest(const SlModelLoad *load) {
  if (strncmp(load->reference, "models:/", 8) != 0) return false;
  const char *slash = strrchr(load->reference + 8, '/');
  return slash && strcasecmp(slash + 1, "latest") == 0;
}

static bool sl_check__switchable(const SlModelLoad *load) {
  if (load->payload || sl_check__registry_latest(load)) return false;
  /* a registry alias switches; a Hub release tag is a literal in the code, like a version */
  bool alias = load->verdict == SL_PIN_MUTABLE && load->pin_family != SL_PIN_FAMILY_HUGGING_FACE;
  return alias || strncmp(load->reference, "models:/", 8) == 0 ||
         strncmp(load->loader, "mlflow.", 7) == 0 || load->revision_kind == SL_REVISION_EXPRESSION;
}

/* Loads in training code (a retraining step reloading the best run) switch nothing
 * that serves. */
static bool sl_check__loads_movable_reference(const SlRepoFacts *repo) {
  const SlRoleSet serving =
      SL_ROLE_BIT(SL_ROLE_SERVING) | SL_ROLE_BIT(SL_ROLE_BATCH) | SL_ROLE_BIT(SL_ROLE_STREAMING);
  for (size_t f = 0; f < repo->file_count; f++) {
    SlRoleSet roles = repo->files[f]->roles;
    if ((roles & SL_ROLE_BIT(SL_ROLE_TRAINING)) && !(roles & serving)) continue;
    for (size_t i = 0; i < repo->files[f]->model_loads.count; i++)
      if (sl_check__switchable(&repo->files[f]->model_loads.items[i])) return true;
  }
  return false;
}

void sl_check_no_rollback_path(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  uint32_t evidence = SL_ROLLOUT_DOC | SL_ROLLOUT_TRAFFIC | SL_ROLLOUT_REGISTRY;
  if (!(sl_check__repo_rollout(repo) & evidence) && !sl_check__loads_movable_reference(repo))
    sl_check__at_main_entry(repo, emitter);
}
