/*
 * native: the registry of checks written in C. Adding one: write it in its own
 * check_*.c file, declare it below, add it to the table, and give it a rule in rules/.
 */
#include "servelint/native.h"

#include <string.h>

/* check_dockerfile.c */
void sl_check_dockerfile_base_image(const SlNativeFile *file, SlNativeEmitter *emitter);
void sl_check_dockerfile_hub_fetch(const SlNativeFile *file, SlNativeEmitter *emitter);
void sl_check_dockerfile_dev_server(const SlNativeFile *file, SlNativeEmitter *emitter);

/* check_shell.c */
void sl_check_shell_unpinned_fetch(const SlNativeFile *file, SlNativeEmitter *emitter);

/* check_client_timeouts.c */
void sl_check_session_timeouts(const SlNativeFile *file, SlNativeEmitter *emitter);
void sl_check_grpc_timeouts(const SlNativeFile *file, SlNativeEmitter *emitter);

/* check_monitoring.c */
void sl_check_monitoring_gaps(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_rollout.c */
void sl_check_version_not_observable(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_no_rollback_path(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_pinning.c */
void sl_check_pinning_mlflow(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_pinning_mlflow_alias(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_pinning_hub(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_pinning_torch_hub(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_pinning_bentoml(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_pinning_artifact(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_async_helpers.c */
void sl_check_async_model_helpers(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_async_service_model_calls(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_load_per_request.c */
void sl_check_load_per_request(const SlRepoFacts *repo, SlNativeEmitter *emitter);
/* check_image_secrets.c */
void sl_check_secret_file_in_image(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_manifest_command.c */
void sl_check_yaml_command_unpinned_fetch(const SlNativeFile *file, SlNativeEmitter *emitter);

/* check_secrets.c */
void sl_check_yaml_hard_coded_secret(const SlNativeFile *file, SlNativeEmitter *emitter);
void sl_check_yaml_unauthenticated_notebook(const SlNativeFile *file, SlNativeEmitter *emitter);
void sl_check_shell_hard_coded_secret(const SlNativeFile *file, SlNativeEmitter *emitter);

/* check_untrusted_load.c */
void sl_check_deserialize_request(const SlNativeFile *file, SlNativeEmitter *emitter);
void sl_check_deserialize_download(const SlNativeFile *file, SlNativeEmitter *emitter);
/* check_eval_untrusted.c */
void sl_check_eval_untrusted(const SlNativeFile *file, SlNativeEmitter *emitter);

/* check_request_fetch.c */
void sl_check_fetch_request_url(const SlNativeFile *file, SlNativeEmitter *emitter);
/* check_xcom_pickling.c */
void sl_check_xcom_pickling(const SlNativeFile *file, SlNativeEmitter *emitter);
/* check_inference_mode.c */
void sl_check_forward_without_no_grad(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_module_not_in_eval(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_train_on_inference_path(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_preprocessing.c */
void sl_check_preprocessing_diverged(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_preprocessing_duplicated(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_preprocessing_not_loaded(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_transform_drops_normalisation(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_normalisation_differs(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_normalisation_copied(const SlRepoFacts *repo, SlNativeEmitter *emitter);

/* check_hand_encoding.c */
void sl_check_hand_encoded_categories(const SlRepoFacts *repo, SlNativeEmitter *emitter);
void sl_check_typed_label_map(const SlRepoFacts *repo, SlNativeEmitter *emitter);

static const SlNativeCheck native_checks[] = {
    {"dockerfile-base-image", 2, sl_check_dockerfile_base_image, NULL},
    {"dockerfile-hub-fetch", 2, sl_check_dockerfile_hub_fetch, NULL},
    {"dockerfile-dev-server", 2, sl_check_dockerfile_dev_server, NULL},
    {"dockerfile-xcom-pickling", 2, sl_check_xcom_pickling, NULL},
    {"yaml-xcom-pickling", 1, sl_check_xcom_pickling, NULL},
    {"shell-xcom-pickling", 3, sl_check_xcom_pickling, NULL},
    {"shell-unpinned-fetch", 3, sl_check_shell_unpinned_fetch, NULL},
    {"shell-hard-coded-secret", 3, sl_check_shell_hard_coded_secret, NULL},
    {"yaml-hard-coded-secret", 1, sl_check_yaml_hard_coded_secret, NULL},
    {"yaml-unauthenticated-notebook", 1, sl_check_yaml_unauthenticated_notebook, NULL},
    {"yaml-command-unpinned-fetch", 1, sl_check_yaml_command_unpinned_fetch, NULL},
    {"preprocessing-diverged", 0, NULL, sl_check_preprocessing_diverged},
    {"preprocessing-duplicated", 0, NULL, sl_check_preprocessing_duplicated},
    {"preprocessing-not-loaded", 0, NULL, sl_check_preprocessing_not_loaded},
    {"transform-drops-normalisation", 0, NULL, sl_check_transform_drops_normalisation},
    {"normalisation-differs", 0, NULL, sl_check_normalisation_differs},
    {"normalisation-copied", 0, NULL, sl_check_normalisation_copied},
    {"hand-encoded-categories", 0, NULL, sl_check_hand_encoded_categories},
    {"typed-label-map", 0, NULL, sl_check_typed_label_map},
    {"forward-without-no-grad", 0, NULL, sl_check_forward_without_no_grad},
    {"module-not-in-eval", 0, NULL, sl_check_module_not_in_eval},
    {"train-on-inference-path", 0, NULL, sl_check_train_on_inference_path},
    {"deserialize-request", 0, sl_check_deserialize_request, NULL},
    {"deserialize-download", 0, sl_check_deserialize_download, NULL},
    {"eval-untrusted", 0, sl_check_eval_untrusted, NULL},
    {"fetch-request-url", 0, sl_check_fetch_request_url, NULL},
    {"model-load-per-request", 0, NULL, sl_check_load_per_request},
    {"secret-file-in-image", 2, NULL, sl_check_secret_file_in_image},
    {"async-model-helpers", 0, NULL, sl_check_async_model_helpers},
    {"async-service-model-calls", 0, NULL, sl_check_async_service_model_calls},
    {"pinning-mlflow", 0, NULL, sl_check_pinning_mlflow},
    {"pinning-mlflow-alias", 0, NULL, sl_check_pinning_mlflow_alias},
    {"pinning-hub", 0, NULL, sl_check_pinning_hub},
    {"pinning-torch-hub", 0, NULL, sl_check_pinning_torch_hub},
    {"pinning-bentoml", 0, NULL, sl_check_pinning_bentoml},
    {"pinning-artifact", 0, NULL, sl_check_pinning_artifact},
    {"monitoring-gaps", 0, NULL, sl_check_monitoring_gaps},
    {"version-not-observable", 0, NULL, sl_check_version_not_observable},
    {"no-rollback-path", 0, NULL, sl_check_no_rollback_path},
    {"requests-session-timeout", 0, sl_check_session_timeouts, NULL},
    {"grpc-call-timeout", 0, sl_check_grpc_timeouts, NULL},
};

const SlNativeCheck *sl_native_find(const char *name) {
  for (size_t i = 0; i < sizeof native_checks / sizeof *native_checks; i++)
    if (strcmp(native_checks[i].name, name) == 0) return &native_checks[i];
  return NULL;
}
