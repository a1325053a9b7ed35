/*
 * roles: what a file is for, as far as the audit cares (serving, batch, streaming,
 * training, test, config). A file may have several roles, or none ("library").
 * Rules are scoped by roles; the facts stage computes them from imports and paths.
 */
#ifndef SERVELINT_ROLES_H
#define SERVELINT_ROLES_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef enum {
  SL_ROLE_SERVING,   /* web/RPC endpoints, model-server handlers */
  SL_ROLE_BATCH,     /* batch scoring jobs */
  SL_ROLE_STREAMING, /* stream consumers (Kafka, Kinesis, Pub/Sub) */
  SL_ROLE_TRAINING,  /* training code */
  SL_ROLE_TEST,      /* tests: excluded from rules unless a rule scopes them in */
  SL_ROLE_CONFIG,    /* deployment configuration (YAML) */
  SL_ROLE_LIBRARY,   /* none of the above */
  SL_ROLE_COUNT
} SlRole;

typedef uint32_t SlRoleSet; /* bit (1 << SlRole) per role */

#define SL_ROLE_BIT(role) ((SlRoleSet)1u << (role))
/* Every role but test: the scope of a rule that names none. */
#define SL_ROLE_SET_DEFAULT (((SlRoleSet)1u << SL_ROLE_COUNT) - 1u - SL_ROLE_BIT(SL_ROLE_TEST))
#define SL_ROLE_SET_ALL (((SlRoleSet)1u << SL_ROLE_COUNT) - 1u)

const char *sl_role_name(SlRole role);
/* Accepts the role names, "any" (every role but test) and "all". */
bool sl_role_parse(const char *name, SlRoleSet *roles);

/* Whether a rule of `scope` applies to a file with `file_roles`: a test file only for
 * rules that include SL_ROLE_TEST; any other file when the scope shares a role. */
bool sl_roles_in_scope(SlRoleSet scope, SlRoleSet file_roles);

/* Roles of a Python file from its path (tests) and what it imports or calls:
 * fastapi, flask, starlette, aiohttp.web, bentoml, ray.serve, TorchServe, Triton,
 * KServe, Seldon, mlflow.pyfunc -> serving; kafka, confluent_kafka, aiokafka, Kinesis,
 * Pub/Sub -> streaming; pyspark -> batch; torch.optim (imported or called),
 * Lightning / HF Trainer, `.backward()`, a train.py / training/ path -> training. `root` is the
 * parsed tree of `source`. */
SlRoleSet sl_roles_detect_python(const char *path, TSNode root, const char *source);
/* Roles of a YAML file: config (and test under a tests directory). */
SlRoleSet sl_roles_detect_yaml(const char *path);
/* Whether `path` is a test file by name or directory. */
bool sl_roles_is_test_path(const char *path);

/* Whether one of `words` (count of them) is a whole segment of `text`, segments split
 * at '_', '/', '-', '.', '{' and '}', case aside: "train" in "/api/train" or "train_model",
 * not in "constraint". */
bool sl_roles_has_name_segment(const char *text, const char *const *words, size_t count);

/* The same for a file path, digits separating segments too (`score0.py` holds "score").
 * False for a path longer than 511 bytes. */
bool sl_roles_path_has_segment(const char *path, const char *const *words, size_t count);

/* Whether a path holds the data preparation a training pipeline runs before it
 * (`components/data_ingestion.py`, `prepare_data.py`, `feature_engineering/`). */
bool sl_roles_is_data_preparation_path(const char *path);

/* Whether a function's name (its last dotted part) says it prepares inputs: (pre)process,
 * transform, clean, normalise, featurise, encode, tokenise, scale, prepare, impute,
 * vectorise, as a part of a word, case aside. */
bool sl_roles_names_preprocessing(const char *qualified);

/* Whether a function or route name says it trains (train, training, retrain, fit,
 * finetune as a segment): an entry point that is no inference path. */
bool sl_roles_names_training(const char *name);

#endif
