/* Model inventory (facts_inventory.c) and pinning classification (facts_pinning.c):
 * every loader family, every reference origin and every verdict rule, plus the traps. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pinning.h"
#include "servelint/python.h"
#include "servelint/source.h"

static SlPythonParser *parser;

/* The inventory of `code`; the tree and source are freed before returning, so the facts
 * must hold no pointer into them. Caller frees with sl_file_facts_delete. */
static SlFileFacts *inventory(const char *code) {
  SlError error;
  SlSource *source = sl_source_from_bytes("app/serve.py", code, strlen(code));
  TSTree *tree = sl_python_parse(parser, "app/serve.py", source->bytes, source->byte_count, &error);
  SlFileFacts *facts = sl_facts_new(source->path, 0);
  sl_facts_find_model_loads(source, ts_tree_root_node(tree), facts);
  ts_tree_delete(tree);
  sl_source_delete(source);
  return facts;
}

/* The load whose call starts on 1-based `line`; NULL if none. */
static const SlModelLoad *load_at(const SlFileFacts *facts, uint32_t line) {
  for (size_t i = 0; i < facts->model_loads.count; i++)
    if (facts->model_loads.items[i].span.line == line) return &facts->model_loads.items[i];
  return NULL;
}

/* Checks the load on `line`; `reason` is a substring of the recorded reason. */
#define EXPECT(facts, line, loader, reference, origin, verdict, reason) \
  expect_load((facts), (line), (loader), (reference), (origin), (verdict), (reason), __LINE__)

static void expect_load(const SlFileFacts *facts, uint32_t line, const char *loader,
                        const char *reference, const char *origin, SlPinVerdict verdict,
                        const char *reason, int caller) {
  int failures = sl_check_failures;
  const SlModelLoad *load = load_at(facts, line);
  CHECK(load != NULL);
  if (load) {
    CHECK_STR(load->loader, loader);
    CHECK_STR(load->reference, reference);
    CHECK_STR(load->origin, origin);
    CHECK_STR(sl_pin_verdict_name(load->verdict), sl_pin_verdict_name(verdict));
    CHECK(strstr(load->reason, reason) != NULL);
  }
  if (sl_check_failures != failures)
    fprintf(stderr, "  ^ from test line %d (snippet line %u; reason \"%s\")\n", caller, line,
            load ? load->reason : "(no load)");
}

static void test_mlflow(void) {
  SlFileFacts *facts = inventory(
      "import mlflow\n"
      "from mlflow import pyfunc\n"
      "a = mlflow.pyfunc.load_model(\"models:/churn/3\")\n"
      "b = mlflow.sklearn.load_model(model_uri=\"models:/churn@champion\")\n"
      "c = mlflow.pyfunc.load_model(\"models:/churn/latest\")\n"
      "d = mlflow.pyfunc.load_model(\"models:/churn/Production\")\n"
      "e = pyfunc.load_model(\"models:/churn/staging\")\n"
      "f = mlflow.pyfunc.load_model(\"runs:/0123456789abcdef0123456789abcdef/model\")\n"
      "g = mlflow.pyfunc.load_model(\"models:/m-0a1b2c3d\")\n"
      "h = mlflow.pyfunc.spark_udf(spark, \"models:/churn/7\")\n"
      "i = mlflow.pyfunc.spark_udf(spark, model_uri=\"models:/churn/Archived\")\n"
      "j = mlflow.pyfunc.load_model(f\"models:/churn/{version}\")\n"
      "k = mlflow.pyfunc.load_model(\"models:/churn\")\n"
      "l = mlflow.pyfunc.load_model(\"dbfs:/models/churn/v2\")\n"
      "m = mlflow.pyfunc.load_model(\"models:/churn/None\")\n");
  EXPECT(facts, 3, "mlflow.pyfunc.load_model", "models:/churn/3", "literal", SL_PIN_PINNED,
         "registry version 3");
  EXPECT(facts, 4, "mlflow.sklearn.load_model", "models:/churn@champion", "literal", SL_PIN_MUTABLE,
         "alias champion: a movable pointer");
  EXPECT(facts, 5, "mlflow.pyfunc.load_model", "models:/churn/latest", "literal", SL_PIN_UNPINNED,
         "latest");
  EXPECT(facts, 6, "mlflow.pyfunc.load_model", "models:/churn/Production", "literal",
         SL_PIN_UNPINNED, "registry stage Production");
  EXPECT(facts, 7, "pyfunc.load_model", "models:/churn/staging", "literal", SL_PIN_UNPINNED,
         "registry stage staging");
  EXPECT(facts, 8, "mlflow.pyfunc.load_model", "runs:/0123456789abcdef0123456789abcdef/model",
         "literal", SL_PIN_PINNED, "run artifact");
  EXPECT(facts, 9, "mlflow.pyfunc.load_model", "models:/m-0a1b2c3d", "literal", SL_PIN_PINNED,
         "logged model id");
  EXPECT(facts, 10, "mlflow.pyfunc.spark_udf", "models:/churn/7", "literal", SL_PIN_PINNED,
         "registry version 7");
  EXPECT(facts, 11, "mlflow.pyfunc.spark_udf", "models:/churn/Archived", "literal", SL_PIN_UNPINNED,
         "Archived");
  EXPECT(facts, 12, "mlflow.pyfunc.load_model", "models:/churn/{version}", "expression",
         SL_PIN_UNKNOWN, "version from an expression");
  EXPECT(facts, 13, "mlflow.pyfunc.load_model", "models:/churn", "literal", SL_PIN_UNKNOWN,
         "without a version");
  EXPECT(facts, 14, "mlflow.pyfunc.load_model", "dbfs:/models/churn/v2", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 15, "mlflow.pyfunc.load_model", "models:/churn/None", "literal", SL_PIN_UNPINNED,
         "stage None");
  CHECK(facts->model_loads.count == 13);
  sl_file_facts_delete(facts);
}

static void test_constants(void) {
  SlFileFacts *facts = inventory(
      "import mlflow, joblib\n"
      "MODEL_URI = \"models:/churn/4\"\n"
      "ALIAS: str = \"models:/churn@\" \"prod\"\n"
      "NAME = \"churn\"\n"
      "VERSION = 5\n"
      "TEMPLATE = f\"x{NAME}\"\n"
      "if True:\n"
      "    NESTED = \"not a module constant\"\n"
      "def load():\n"
      "    LOCAL = \"models/latest/model.pkl\"\n"
      "    return joblib.load(LOCAL)\n"
      "a = mlflow.pyfunc.load_model(MODEL_URI)\n"
      "b = mlflow.pyfunc.load_model(ALIAS)\n"
      "c = mlflow.pyfunc.load_model(f\"models:/{NAME}/{VERSION}\")\n"
      "def shadow(MODEL_URI):\n"
      "    return mlflow.pyfunc.load_model(MODEL_URI)\n");
  CHECK(facts->constants.count == 3);
  if (facts->constants.count == 3) {
    CHECK_STR(facts->constants.items[0].name, "MODEL_URI");
    CHECK_STR(facts->constants.items[0].value, "models:/churn/4");
    CHECK_STR(facts->constants.items[1].name, "ALIAS");
    CHECK_STR(facts->constants.items[1].value, "models:/churn@prod");
    CHECK_STR(facts->constants.items[2].value, "churn");
  }
  EXPECT(facts, 11, "joblib.load", "models/latest/model.pkl", "constant", SL_PIN_UNPINNED,
         "\"latest\" in the path");
  EXPECT(facts, 12, "mlflow.pyfunc.load_model", "models:/churn/4", "constant", SL_PIN_PINNED,
         "registry version 4");
  EXPECT(facts, 13, "mlflow.pyfunc.load_model", "models:/churn@prod", "constant", SL_PIN_MUTABLE,
         "alias prod");
  EXPECT(facts, 14, "mlflow.pyfunc.load_model", "models:/churn/5", "constant", SL_PIN_PINNED,
         "registry version 5");
  /* A parameter hides the module constant of the same name. */
  EXPECT(facts, 16, "mlflow.pyfunc.load_model", "var:MODEL_URI", "variable", SL_PIN_UNKNOWN,
         "not resolved");
  sl_file_facts_delete(facts);
}

static void test_environment(void) {
  SlFileFacts *facts = inventory(
      "import os, mlflow\n"
      "from os import environ\n"
      "DEFAULT = \"models:/churn/latest\"\n"
      "URI = os.getenv(\"MODEL_URI\", \"models:/churn/Production\")\n"
      "a = mlflow.pyfunc.load_model(os.environ.get(\"MODEL_URI\", \"models:/m/latest\"))\n"
      "b = mlflow.pyfunc.load_model(os.getenv(\"MODEL_URI\"))\n"
      "c = mlflow.pyfunc.load_model(os.environ[\"MODEL_URI\"])\n"
      "d = mlflow.pyfunc.load_model(URI)\n"
      "e = mlflow.pyfunc.load_model(environ.get(\"MODEL_URI\", DEFAULT))\n"
      "f = mlflow.pyfunc.load_model(os.getenv(\"MODEL_URI\", \"models:/m/12\"))\n"
      "g = mlflow.pyfunc.load_model(os.getenv(\"MODEL_URI\") or \"models:/m@live\")\n");
  EXPECT(facts, 5, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_UNPINNED,
         "environment variable MODEL_URI defaults to \"models:/m/latest\"");
  EXPECT(facts, 6, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_UNKNOWN,
         "no default");
  EXPECT(facts, 7, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_UNKNOWN,
         "no default");
  EXPECT(facts, 8, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_UNPINNED,
         "stage Production");
  EXPECT(facts, 9, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_UNPINNED,
         "defaults to \"models:/churn/latest\"");
  EXPECT(facts, 10, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_PINNED,
         "registry version 12");
  EXPECT(facts, 11, "mlflow.pyfunc.load_model", "env:MODEL_URI", "env", SL_PIN_MUTABLE,
         "alias live");
  sl_file_facts_delete(facts);
}

static void test_arguments_and_config(void) {
  SlFileFacts *facts = inventory(
      "import argparse, joblib, torch\n"
      "parser = argparse.ArgumentParser()\n"
      "parser.add_argument(\"--model-path\", default=\"s3://b/models/latest/m.pkl\")\n"
      "parser.add_argument(\"-w\", \"--weights\")\n"
      "args = parser.parse_args()\n"
      "a = joblib.load(args.model_path)\n"
      "b = torch.load(args.weights)\n"
      "c = joblib.load(config[\"model\"][\"path\"])\n"
      "d = joblib.load(cfg.model.uri)\n"
      "e = joblib.load(settings.MODEL_PATH)\n"
      "f = joblib.load(self.config.get(\"path\", \"/opt/m.pkl\"))\n"
      "g = torch.load(sys.argv[1])\n"
      "class H:\n"
      "    def load(self):\n"
      "        return torch.load(self.args.checkpoint)\n");
  EXPECT(facts, 6, "joblib.load", "arg:model_path", "argument", SL_PIN_UNPINNED,
         "command-line argument model_path defaults to \"s3://b/models/latest/m.pkl\"");
  EXPECT(facts, 7, "torch.load", "arg:weights", "argument", SL_PIN_UNKNOWN, "no default");
  EXPECT(facts, 8, "joblib.load", "config:model.path", "config", SL_PIN_UNKNOWN,
         "configuration key model.path");
  EXPECT(facts, 9, "joblib.load", "config:model.uri", "config", SL_PIN_UNKNOWN,
         "set outside this file");
  EXPECT(facts, 10, "joblib.load", "config:MODEL_PATH", "config", SL_PIN_UNKNOWN,
         "configuration key");
  EXPECT(facts, 11, "joblib.load", "config:path", "config", SL_PIN_PINNED,
         "defaults to \"/opt/m.pkl\"");
  EXPECT(facts, 12, "torch.load", "arg:argv[1]", "argument", SL_PIN_UNKNOWN,
         "command-line argument");
  EXPECT(facts, 15, "torch.load", "arg:checkpoint", "argument", SL_PIN_UNKNOWN, "no default");
  sl_file_facts_delete(facts);
}

static void test_variables_and_expressions(void) {
  SlFileFacts *facts = inventory(
      "import joblib, pickle\n"
      "from settings import MODEL_FILE\n"
      "a = joblib.load(MODEL_FILE)\n"
      "b = joblib.load(get_model_path())\n"
      "def f(store):\n"
      "    path = store.locate(\"churn\")\n"
      "    return joblib.load(path)\n"
      "def g(path):\n"
      "    with open(path, \"rb\") as handle:\n"
      "        return pickle.load(handle)\n"
      "def h():\n"
      "    return pickle.load(open(\"/srv/model.pkl\", \"rb\"))\n"
      "c = joblib.load(X)\n"
      "X = \"defined after the call\"\n");
  EXPECT(facts, 3, "joblib.load", "var:MODEL_FILE", "variable", SL_PIN_UNKNOWN,
         "variable MODEL_FILE, not resolved");
  EXPECT(facts, 4, "joblib.load", "get_model_path()", "expression", SL_PIN_UNKNOWN,
         "computed at run time");
  EXPECT(facts, 7, "joblib.load", "store.locate(\"churn\")", "expression", SL_PIN_UNKNOWN,
         "computed at run time");
  EXPECT(facts, 10, "pickle.load", "var:path", "variable", SL_PIN_UNKNOWN, "not resolved");
  EXPECT(facts, 12, "pickle.load", "/srv/model.pkl", "literal", SL_PIN_PINNED, "artifact path");
  EXPECT(facts, 13, "joblib.load", "var:X", "variable", SL_PIN_UNKNOWN, "not resolved");
  sl_file_facts_delete(facts);
}

static void test_file_loaders(void) {
  SlFileFacts *facts = inventory(
      "import os, joblib, torch, pickle, cloudpickle, dill\n"
      "import joblib as jl\n"
      "import onnxruntime as ort\n"
      "import tensorflow as tf\n"
      "from keras.models import load_model\n"
      "from pathlib import Path\n"
      "BASE = \"/opt/models\"\n"
      "a = joblib.load(\"./models/model.pkl\")\n"
      "b = torch.load(\"./models/model.pt\", weights_only=True)\n"
      "c = torch.load(\"models/latest/model.pkl\")\n"
      "d = torch.jit.load(\"/srv/latest.pt\")\n"
      "e = jl.load(\"http://models.example.com/m.pkl\")\n"
      "f = ort.InferenceSession(os.path.join(BASE, \"latest\", \"model.onnx\"))\n"
      "g = load_model(\"gs://bucket/keras/v3\")\n"
      "h = tf.keras.models.load_model(Path(BASE) / \"classifier\")\n"
      "i = tf.saved_model.load(BASE + \"/exported/1\")\n"
      "j = cloudpickle.load(open(os.path.join(model_dir, \"m.pkl\"), \"rb\"))\n"
      "k = dill.load(handle)\n"
      "l = pickle.loads(blob)\n"
      "m = torch.load(f\"{BASE}/latest/model.pt\")\n");
  EXPECT(facts, 8, "joblib.load", "./models/model.pkl", "literal", SL_PIN_PINNED, "artifact path");
  EXPECT(facts, 9, "torch.load", "./models/model.pt", "literal", SL_PIN_PINNED, "artifact path");
  EXPECT(facts, 10, "torch.load", "models/latest/model.pkl", "literal", SL_PIN_UNPINNED,
         "\"latest\" in the path");
  EXPECT(facts, 11, "torch.jit.load", "/srv/latest.pt", "literal", SL_PIN_UNPINNED, "latest");
  EXPECT(facts, 12, "jl.load", "http://models.example.com/m.pkl", "literal", SL_PIN_UNKNOWN,
         "plain http");
  EXPECT(facts, 13, "ort.InferenceSession", "/opt/models/latest/model.onnx", "constant",
         SL_PIN_UNPINNED, "latest");
  EXPECT(facts, 14, "keras.models.load_model", "gs://bucket/keras/v3", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 15, "tf.keras.models.load_model", "/opt/models/classifier", "constant",
         SL_PIN_PINNED, "artifact path");
  EXPECT(facts, 16, "tf.saved_model.load", "/opt/models/exported/1", "constant", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 17, "cloudpickle.load", "{model_dir}/m.pkl", "expression", SL_PIN_UNKNOWN,
         "path built from an expression");
  EXPECT(facts, 18, "dill.load", "var:handle", "variable", SL_PIN_UNKNOWN, "not resolved");
  EXPECT(facts, 19, "pickle.loads", "var:blob", "variable", SL_PIN_UNKNOWN, "not resolved");
  EXPECT(facts, 20, "torch.load", "/opt/models/latest/model.pt", "constant", SL_PIN_UNPINNED,
         "latest");
  sl_file_facts_delete(facts);
}

static void test_hugging_face(void) {
  SlFileFacts *facts = inventory(
      "from transformers import AutoModel, AutoTokenizer, pipeline\n"
      "from huggingface_hub import hf_hub_download, snapshot_download\n"
      "from revisions import REV\n"
      "SHA = \"0123456789abcdef0123456789abcdef01234567\"\n"
      "a = AutoModel.from_pretrained(\"org/model\")\n"
      "b = AutoModel.from_pretrained(\"org/model\", "
      "revision=\"0123456789abcdef0123456789abcdef01234567\")\n"
      "c = AutoTokenizer.from_pretrained(\"org/model\", revision=\"a1b2c3d\")\n"
      "d = AutoModel.from_pretrained(\"org/model\", revision=\"fp16\")\n"
      "e = AutoModel.from_pretrained(\"org/model\", revision=\"main\")\n"
      "f = AutoModel.from_pretrained(\"org/model\", revision=\"refs/pr/1\")\n"
      "g = AutoModel.from_pretrained(\"org/model\", revision=\"v1.0\")\n"
      "h = AutoModel.from_pretrained(\"org/model\", revision=REV)\n"
      "i = AutoModel.from_pretrained(\"org/model\", revision=SHA)\n"
      "j = AutoModel.from_pretrained(\"org/model\", local_files_only=True)\n"
      "k = AutoModel.from_pretrained(\"/opt/models/bert\")\n"
      "l = pipeline(\"sentiment-analysis\")\n"
      "m = pipeline(\"text-generation\", model=\"gpt2\", revision=SHA)\n"
      "n = pipeline(\"text-generation\", \"distilgpt2\")\n"
      "o = pipeline(\"text-generation\", model=a)\n"
      "p = hf_hub_download(repo_id=\"org/model\", filename=\"model.onnx\")\n"
      "q = snapshot_download(\"org/model\", revision=SHA)\n"
      "r = SentenceTransformer(\"sentence-transformers/all-MiniLM-L6-v2\")\n"
      "s = PeftModel.from_pretrained(base, \"org/adapter\")\n"
      "t = AutoModel.from_pretrained(model_id, revision=\"deadbeefcafe\")\n"
      "u = AutoModel.from_pretrained(\"bert-base-uncased\")\n");
  EXPECT(facts, 5, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_UNPINNED,
         "no revision=");
  EXPECT(facts, 6, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_PINNED, "a commit");
  EXPECT(facts, 7, "AutoTokenizer.from_pretrained", "org/model", "literal", SL_PIN_PINNED,
         "a commit");
  EXPECT(facts, 8, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_UNPINNED,
         "revision \"fp16\"");
  EXPECT(facts, 9, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_UNPINNED,
         "revision \"main\"");
  EXPECT(facts, 10, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_UNPINNED,
         "pull-request ref");
  EXPECT(facts, 11, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_MUTABLE,
         "a release tag");
  EXPECT(facts, 12, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_UNKNOWN,
         "revision from an expression");
  EXPECT(facts, 13, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_PINNED, "a commit");
  EXPECT(facts, 14, "AutoModel.from_pretrained", "org/model", "literal", SL_PIN_UNKNOWN,
         "local_files_only=True");
  EXPECT(facts, 15, "AutoModel.from_pretrained", "/opt/models/bert", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 16, "transformers.pipeline", "", "default", SL_PIN_UNPINNED,
         "pipeline(task) without a model: the library's default model for the task");
  EXPECT(facts, 17, "transformers.pipeline", "gpt2", "literal", SL_PIN_PINNED, "a commit");
  EXPECT(facts, 18, "transformers.pipeline", "distilgpt2", "literal", SL_PIN_UNPINNED,
         "no revision=");
  CHECK(load_at(facts, 19) == NULL); /* a loaded model object: recorded where it was loaded */
  EXPECT(facts, 20, "huggingface_hub.hf_hub_download", "org/model", "literal", SL_PIN_UNPINNED,
         "no revision=");
  EXPECT(facts, 21, "huggingface_hub.snapshot_download", "org/model", "literal", SL_PIN_PINNED,
         "a commit");
  EXPECT(facts, 22, "SentenceTransformer", "sentence-transformers/all-MiniLM-L6-v2", "literal",
         SL_PIN_UNPINNED, "no revision=");
  EXPECT(facts, 23, "PeftModel.from_pretrained", "org/adapter", "literal", SL_PIN_UNPINNED,
         "no revision=");
  EXPECT(facts, 24, "AutoModel.from_pretrained", "var:model_id", "variable", SL_PIN_PINNED,
         "a commit");
  EXPECT(facts, 25, "AutoModel.from_pretrained", "bert-base-uncased", "literal", SL_PIN_UNPINNED,
         "no revision=");
  sl_file_facts_delete(facts);
}

static void test_torch_hub_and_bentoml(void) {
  SlFileFacts *facts = inventory(
      "import torch, bentoml\n"
      "from bentoml.models import BentoModel\n"
      "a = torch.hub.load(\"pytorch/vision:v0.10.0\", \"resnet18\")\n"
      "b = torch.hub.load(\"ultralytics/yolov5\", \"yolov5s\")\n"
      "c = torch.hub.load(\"pytorch/vision:main\", \"resnet18\")\n"
      "d = torch.hub.load(\"./hubconf_dir\", \"net\", source=\"local\")\n"
      "e = bentoml.models.get(\"iris_clf:v3\")\n"
      "f = bentoml.models.get(\"iris_clf:latest\")\n"
      "g = bentoml.sklearn.load_model(\"iris_clf\")\n"
      "h = BentoModel(\"iris_clf:2024_01_02\")\n"
      "i = torch.hub.load_state_dict_from_url(\"https://example.com/w/v2/resnet.pth\")\n"
      "from ultralytics import YOLO\n"
      "j = YOLO(\"weights/best.pt\")\n"
      "import whisper\n"
      "k = whisper.load_model(\"models/whisper-small.pt\")\n"
      "from llama_cpp import Llama\n"
      "l = Llama.from_pretrained(repo_id=\"acme/chat-GGUF\", filename=\"*Q4_K_M.gguf\")\n");
  EXPECT(facts, 3, "torch.hub.load", "pytorch/vision:v0.10.0", "literal", SL_PIN_PINNED,
         "ref v0.10.0");
  EXPECT(facts, 4, "torch.hub.load", "ultralytics/yolov5", "literal", SL_PIN_UNPINNED, "no :ref");
  EXPECT(facts, 5, "torch.hub.load", "pytorch/vision:main", "literal", SL_PIN_UNPINNED, "a branch");
  EXPECT(facts, 6, "torch.hub.load", "./hubconf_dir", "literal", SL_PIN_PINNED, "artifact path");
  EXPECT(facts, 7, "bentoml.models.get", "iris_clf:v3", "literal", SL_PIN_PINNED, "tag version v3");
  EXPECT(facts, 8, "bentoml.models.get", "iris_clf:latest", "literal", SL_PIN_UNPINNED, "latest");
  EXPECT(facts, 9, "bentoml.sklearn.load_model", "iris_clf", "literal", SL_PIN_UNPINNED,
         "no version in the tag");
  EXPECT(facts, 13, "ultralytics.YOLO", "weights/best.pt", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 15, "whisper.load_model", "models/whisper-small.pt", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 17, "Llama.from_pretrained", "acme/chat-GGUF", "literal", SL_PIN_UNPINNED,
         "no revision=");
  EXPECT(facts, 10, "bentoml.models.BentoModel", "iris_clf:2024_01_02", "literal", SL_PIN_PINNED,
         "tag version");
  EXPECT(facts, 11, "torch.hub.load_state_dict_from_url", "https://example.com/w/v2/resnet.pth",
         "literal", SL_PIN_PINNED, "artifact path");
  sl_file_facts_delete(facts);
}

static void test_spark_ml(void) {
  SlFileFacts *facts = inventory(
      "from pyspark.ml import PipelineModel\n"
      "from pyspark.ml.classification import RandomForestClassificationModel\n"
      "m = PipelineModel.load(\"models/fraud_pipeline\")\n"
      "r = RandomForestClassificationModel.load(\"models/rf\")\n"
      "frame = spark.read.load(\"data/events\")\n");
  EXPECT(facts, 3, "PipelineModel.load", "models/fraud_pipeline", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 4, "RandomForestClassificationModel.load", "models/rf", "literal", SL_PIN_PINNED,
         "artifact path");
  CHECK(facts->model_loads.count == 2);
  sl_file_facts_delete(facts);
}

static void test_boosters(void) {
  SlFileFacts *facts = inventory(
      "import xgboost as xgb\n"
      "import lightgbm as lgb\n"
      "from catboost import CatBoostClassifier\n"
      "bst = xgb.Booster()\n"
      "bst.load_model(\"models/xgb.json\")\n"
      "b = xgb.Booster(model_file=\"/m/latest/xgb.bin\")\n"
      "c = lgb.Booster(model_file=\"/m/lgb.txt\")\n"
      "d = CatBoostClassifier().load_model(\"/m/cb.cbm\")\n"
      "class Handler:\n"
      "    def __init__(self):\n"
      "        self.model = xgb.XGBClassifier()\n"
      "    def load(self, path):\n"
      "        self.model.load_model(path)\n"
      "unknown.load_model(\"x.bin\")\n"
      "e = lgb.Booster(params={})\n");
  CHECK(load_at(facts, 4) == NULL); /* a Booster without model_file loads nothing */
  EXPECT(facts, 5, "xgb.Booster.load_model", "models/xgb.json", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 6, "xgb.Booster", "/m/latest/xgb.bin", "literal", SL_PIN_UNPINNED, "latest");
  EXPECT(facts, 7, "lgb.Booster", "/m/lgb.txt", "literal", SL_PIN_PINNED, "artifact path");
  EXPECT(facts, 8, "CatBoostClassifier.load_model", "/m/cb.cbm", "literal", SL_PIN_PINNED,
         "artifact path");
  EXPECT(facts, 13, "xgb.XGBClassifier.load_model", "var:path", "variable", SL_PIN_UNKNOWN,
         "not resolved");
  CHECK(load_at(facts, 14) == NULL);
  CHECK(load_at(facts, 15) == NULL);
  CHECK(facts->model_loads.count == 5);
  sl_file_facts_delete(facts);
}

/* Calls that look like loads but are not model loads. */
static void test_false_positives(void) {
  SlFileFacts *facts = inventory(
      "import json, yaml, pickle, numpy as np, pandas as pd\n"
      "a = json.load(f)\n"
      "b = yaml.load(f, Loader=yaml.SafeLoader)\n"
      "c = np.load(\"arr.npy\")\n"
      "d = pd.read_pickle(\"frame.pkl\")\n"
      "e = tokenizer.load(\"vocab\")\n"
      "f = pickle.loads(pickle.dumps(obj))\n"
      "g = pickle.loads(b\"\\x80\\x04K\\x01.\")\n"
      "h = load_model(\"model.h5\")\n"
      "i = pipeline(\"sentiment-analysis\")\n"
      "j = config.get(\"model\")\n"
      "k = model.load_model(\"x\")\n"
      "l = mymodule.hf_hub_download(\"org/x\")\n");
  CHECK(facts->model_loads.count == 0);
  sl_file_facts_delete(facts);
}

static void test_span_and_snippet(void) {
  SlFileFacts *facts = inventory(
      "import mlflow\n"
      "\n"
      "def load():\n"
      "    return mlflow.pyfunc.load_model(\n"
      "        \"models:/churn/latest\"\n"
      "    )\n");
  const SlModelLoad *load = load_at(facts, 4);
  CHECK(load != NULL);
  if (load) {
    CHECK_STR(load->path, "app/serve.py");
    CHECK(load->span.column == 12 && load->span.end_line == 6 && load->span.end_column == 6);
    CHECK_STR(load->snippet, "    return mlflow.pyfunc.load_model(");
    CHECK(load->verdict == SL_PIN_UNPINNED);
  }
  sl_file_facts_delete(facts);
}

/* Broken or hostile input: no crash, no hang, no leak. */
static void test_robustness(void) {
  SlFileFacts *facts = inventory(
      "import torch\n"
      "A = B\n"
      "B = A\n"
      "x = torch.load(A)\n"
      "z = torch.load(os.path.join(*parts))\n"
      "w = torch.load(**kwargs)\n"
      "v = torch.load(f\"{a!r}/{b:>10}\")\n"
      "y = torch.load(\n"
      "def broken(:\n");
  EXPECT(facts, 4, "torch.load", "var:B", "variable", SL_PIN_UNKNOWN,
         "not resolved"); /* B is bound after A */
  EXPECT(facts, 5, "torch.load", "os.path.join(*parts)", "expression", SL_PIN_UNKNOWN,
         "computed at run time");
  EXPECT(facts, 6, "torch.load", "", "expression", SL_PIN_UNKNOWN, "*args or **kwargs");
  EXPECT(facts, 7, "torch.load", "{a!r}/{b:>10}", "expression", SL_PIN_UNKNOWN,
         "path built from an expression");
  sl_file_facts_delete(facts);
  facts = inventory("");
  CHECK(facts->model_loads.count == 0 && facts->constants.count == 0);
  sl_file_facts_delete(facts);
}

static SlPinVerdict classify(SlPinFamily family, const char *reference, SlRevisionKind kind,
                             const char *revision, char *reason) {
  SlPinQuery query = {family, reference, kind, revision, false};
  return sl_pinning_classify(&query, reason);
}

static void test_pinning_classifier(void) {
  char reason[SL_PIN_REASON_SIZE];
  CHECK(classify(SL_PIN_FAMILY_URI, "hf://org/model:0123abcd", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_PINNED);
  CHECK(classify(SL_PIN_FAMILY_URI, "hf://org/model", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNPINNED);
  CHECK(classify(SL_PIN_FAMILY_URI, "models:/m@", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNKNOWN);
  CHECK(classify(SL_PIN_FAMILY_URI, "models:/m/{v}", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNKNOWN);
  CHECK(classify(SL_PIN_FAMILY_URI, "models:/m/LATEST", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNPINNED);
  CHECK(classify(SL_PIN_FAMILY_URI, "s3://b/models/Latest", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNPINNED);
  CHECK(classify(SL_PIN_FAMILY_URI, "s3://b/latest-ish/m.pkl", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_PINNED);
  CHECK(classify(SL_PIN_FAMILY_URI, "", SL_REVISION_ABSENT, NULL, reason) == SL_PIN_UNKNOWN);
  CHECK(strstr(reason, "empty") != NULL);
  CHECK(classify(SL_PIN_FAMILY_URI, NULL, SL_REVISION_ABSENT, NULL, reason) == SL_PIN_UNKNOWN &&
        reason[0] == '\0');
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, NULL, SL_REVISION_ABSENT, NULL, reason) ==
            SL_PIN_UNKNOWN &&
        reason[0] == '\0');
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, NULL, SL_REVISION_LITERAL, "main", reason) ==
        SL_PIN_UNPINNED);
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, "org/m", SL_REVISION_LITERAL, "abc123", reason) ==
        SL_PIN_UNPINNED);
  /* release tags and dates are taken as pins (mutable); branches with digits are not */
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, "org/m", SL_REVISION_LITERAL, "2025-04-14", reason) ==
        SL_PIN_MUTABLE);
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, "org/m", SL_REVISION_LITERAL, "1.0.3", reason) ==
        SL_PIN_MUTABLE);
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, "org/m", SL_REVISION_LITERAL, "v2", reason) ==
        SL_PIN_UNPINNED);
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, "org/m", SL_REVISION_LITERAL, "dev-", reason) ==
        SL_PIN_UNPINNED);
  CHECK(classify(SL_PIN_FAMILY_HUGGING_FACE, "{org}/m", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNKNOWN);
  CHECK(classify(SL_PIN_FAMILY_BENTOML, "m:{tag}", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNKNOWN);
  CHECK(classify(SL_PIN_FAMILY_TORCH_HUB, "o/r:{ref}", SL_REVISION_ABSENT, NULL, reason) ==
        SL_PIN_UNKNOWN);
  const char *long_reference =
      "models:/a-very-long-model-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on"
      "-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on@alias-that-is-also-long";
  classify(SL_PIN_FAMILY_URI, long_reference, SL_REVISION_ABSENT, NULL, reason);
  CHECK(strlen(reason) < SL_PIN_REASON_SIZE);
  CHECK(sl_pinning_is_local_path("./m") && sl_pinning_is_local_path("~/m") &&
        sl_pinning_is_local_path("a/b/c"));
  CHECK(sl_pinning_is_local_path("C:/models/m") && sl_pinning_is_local_path("model.safetensors"));
  CHECK(!sl_pinning_is_local_path("org/name") && !sl_pinning_is_local_path("Qwen/Qwen2.5-7B"));
  CHECK(!sl_pinning_is_local_path("s3://b/k/m") && !sl_pinning_is_local_path("bert-base-uncased"));
  CHECK(sl_pinning_is_local_path("models/model") && sl_pinning_is_local_path("Checkpoints/best") &&
        !sl_pinning_is_local_path("modelscope/m") && !sl_pinning_is_local_path("datasets/x") &&
        sl_pinning_is_local_path("benchmark_onnx_model") &&
        !sl_pinning_is_local_path("bert-base-uncased") && !sl_pinning_is_local_path("gpt2"));
  /* Names of unresolved ids: Hub-like unless a word says "path"; the last identifier
   * decides, camelCase and SCREAMING_CASE split into words. */
  CHECK(sl_pinning_name_suggests_hub_id("var:model_id") &&
        sl_pinning_name_suggests_hub_id("env:MODEL_NAME") &&
        sl_pinning_name_suggests_hub_id("config:handler.modelId") &&
        sl_pinning_name_suggests_hub_id("model_info.get(\"name\")") &&
        sl_pinning_name_suggests_hub_id("arg:repo_id") &&
        sl_pinning_name_suggests_hub_id("params[\"model_name\"][\"string_value\"]"));
  CHECK(!sl_pinning_name_suggests_hub_id("var:model_dir") &&
        !sl_pinning_name_suggests_hub_id("arg:model_name_or_path") &&
        !sl_pinning_name_suggests_hub_id("properties.get(\"model_dir\")") &&
        !sl_pinning_name_suggests_hub_id("var:ckpt") &&
        !sl_pinning_name_suggests_hub_id("var:model") &&
        !sl_pinning_name_suggests_hub_id("var:identity") &&
        !sl_pinning_name_suggests_hub_id("config:name.cache_dir") &&
        !sl_pinning_name_suggests_hub_id("/cluster/llms/{args.model_name}") &&
        !sl_pinning_name_suggests_hub_id("./models/{model_name}") &&
        !sl_pinning_name_suggests_hub_id(""));
}

int main(void) {
  SlError error;
  parser = sl_python_parser_new(&error);
  CHECK(parser != NULL);
  if (!parser) return sl_check_exit();
  test_mlflow();
  test_constants();
  test_environment();
  test_arguments_and_config();
  test_variables_and_expressions();
  test_file_loaders();
  test_hugging_face();
  test_torch_hub_and_bentoml();
  test_spark_ml();
  test_boosters();
  test_false_positives();
  test_span_and_snippet();
  test_robustness();
  test_pinning_classifier();
  sl_python_parser_delete(parser);
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
