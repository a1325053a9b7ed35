/* Unit tests for facts_entry: entry points per framework, serving patterns, spans,
 * and the traps that must not be entry points. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/python.h"
#include "servelint/source.h"

/* Facts of `text` parsed as `path`; the tree and source are gone when it returns. */
static SlFileFacts *scan(const char *path, const char *text) {
  SlError error = {0};
  SlPythonParser *parser = sl_python_parser_new(&error);
  CHECK(parser != NULL);
  if (!parser) return sl_facts_new(path, 0);
  TSTree *tree = sl_python_parse(parser, path, text, strlen(text), &error);
  CHECK(tree != NULL);
  SlSource *source = sl_source_from_bytes(path, text, strlen(text));
  SlFileFacts *facts = sl_facts_new(path, 0);
  if (tree) {
    sl_facts_find_imports(source, ts_tree_root_node(tree), facts);
    sl_facts_find_entry_points(source, ts_tree_root_node(tree), facts);
  }
  ts_tree_delete(tree);
  sl_source_delete(source);
  sl_python_parser_delete(parser);
  return facts;
}

static void dump(const SlFileFacts *facts) {
  for (size_t i = 0; i < facts->entry_points.count; i++) {
    const SlEntryPoint *entry = &facts->entry_points.items[i];
    fprintf(stderr, "    %s %s %s line %u: %s\n", entry->function, entry->framework,
            sl_serving_pattern_name(entry->pattern), entry->name_span.line, entry->snippet);
  }
}

static const SlEntryPoint *find(const SlFileFacts *facts, const char *function) {
  for (size_t i = 0; i < facts->entry_points.count; i++)
    if (strcmp(facts->entry_points.items[i].function, function) == 0)
      return &facts->entry_points.items[i];
  return NULL;
}

/* Checks that `function` is an entry point of `framework`, `pattern`, named on `line`. */
static void expect(const SlFileFacts *facts, const char *function, const char *framework,
                   SlServingPattern pattern, uint32_t line) {
  const SlEntryPoint *entry = find(facts, function);
  CHECK(entry != NULL);
  if (!entry) {
    fprintf(stderr, "  missing entry %s in %s; found:\n", function, facts->path);
    dump(facts);
    return;
  }
  CHECK_STR(entry->framework, framework);
  CHECK(entry->pattern == pattern);
  CHECK(entry->name_span.line == line);
  CHECK_STR(entry->path, facts->path);
  CHECK(entry->snippet && entry->snippet[0] != '\0');
  CHECK(entry->span.start_byte <= entry->name_span.start_byte &&
        entry->name_span.end_byte <= entry->span.end_byte);
}

static void expect_count(const SlFileFacts *facts, size_t count) {
  CHECK(facts->entry_points.count == count);
  if (facts->entry_points.count != count) {
    fprintf(stderr, "  %s: %zu entries, expected %zu:\n", facts->path, facts->entry_points.count,
            count);
    dump(facts);
  }
}

/* A file with exactly one entry point: `function`, of `framework` and `pattern`, named
 * on `line`. */
static void expect_only(const char *path, const char *text, const char *function,
                        const char *framework, SlServingPattern pattern, uint32_t line) {
  SlFileFacts *facts = scan(path, text);
  expect_count(facts, 1);
  expect(facts, function, framework, pattern, line);
  sl_file_facts_delete(facts);
}

/* A file with no entry point. */
static void expect_none(const char *path, const char *text) {
  SlFileFacts *facts = scan(path, text);
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
}

static void expect_sorted(const SlFileFacts *facts) {
  for (size_t i = 1; i < facts->entry_points.count; i++)
    CHECK(facts->entry_points.items[i - 1].span.start_byte <
          facts->entry_points.items[i].span.start_byte);
}

static void test_fastapi(void) {
  SlFileFacts *facts = scan("app/main.py",
                            "from fastapi import FastAPI, APIRouter\n"
                            "app = FastAPI()\n"
                            "router = APIRouter(prefix='/v1')\n"
                            "\n"
                            "def preprocess(payload):\n"
                            "    return payload\n"
                            "\n"
                            "@app.on_event('startup')\n"
                            "def load():\n"
                            "    pass\n"
                            "\n"
                            "@app.post('/predict')\n"
                            "async def predict(payload: dict):\n"
                            "    return preprocess(payload)\n"
                            "\n"
                            "@router.get('')\n"
                            "def health():\n"
                            "    return {}\n"
                            "\n"
                            "@app.websocket('/ws')\n"
                            "async def stream(ws):\n"
                            "    pass\n"
                            "\n"
                            "app.add_api_route('/v2/predict', predict_v2, methods=['POST'])\n"
                            "app.add_api_route('/v3', predict)\n"
                            "def predict_v2(payload):\n"
                            "    df = pd.read_csv('x.csv')\n"
                            "    df.to_csv('y.csv', index=model.predict(df))\n");
  expect_count(facts, 4);
  expect(facts, "predict", "fastapi", SL_PATTERN_ONLINE, 13);
  expect(facts, "health", "fastapi", SL_PATTERN_ONLINE, 17);
  expect(facts, "stream", "fastapi", SL_PATTERN_ONLINE, 21);
  expect(facts, "predict_v2", "fastapi", SL_PATTERN_ONLINE, 26);
  const SlEntryPoint *predict = find(facts, "predict");
  if (predict) {
    CHECK(predict->span.line == 12); /* decorators included */
    CHECK(predict->span.end_line == 14);
    CHECK(predict->name_span.column == 11);
    CHECK_STR(predict->snippet, "async def predict(payload: dict):");
  }
  CHECK(find(facts, "preprocess") == NULL);
  CHECK(find(facts, "load") == NULL);
  expect_sorted(facts);
  sl_file_facts_delete(facts);
}

static void test_fastapi_paths(void) {
  SlFileFacts *facts;
  /* Routes whose path is an expression or a router's own "" path. */
  facts = scan("app/server.py",
               "from fastapi import FastAPI\n"
               "class Server:\n"
               "    def register(self):\n"
               "        @self.app.get(self.health_path)\n"
               "        async def health():\n"
               "            return 'ok'\n"
               "@router.post('', status_code=201)\n"
               "def create():\n"
               "    return 1\n");
  expect_count(facts, 2);
  expect(facts, "Server.register.health", "fastapi", SL_PATTERN_ONLINE, 5);
  expect(facts, "create", "fastapi", SL_PATTERN_ONLINE, 8);
  CHECK(find(facts, "Server.register") == NULL);
  sl_file_facts_delete(facts);

  /* No import, but a path-like first argument: a route of an app defined elsewhere. */
  facts = scan("api/routes.py",
               "from .app import api\n"
               "@api.get('/items/{id}')\n"
               "def item(id: int):\n"
               "    return id\n");
  expect_count(facts, 1);
  expect(facts, "item", "fastapi", SL_PATTERN_ONLINE, 3);
  sl_file_facts_delete(facts);
}

static void test_starlette(void) {
  SlFileFacts *facts = scan("serve.py",
                            "from starlette.applications import Starlette\n"
                            "from starlette.routing import Route\n"
                            "async def homepage(request):\n"
                            "    return None\n"
                            "async def predict(request):\n"
                            "    return None\n"
                            "routes = [Route('/', homepage), Route('/predict', endpoint=predict,"
                            " methods=['POST'])]\n"
                            "app = Starlette(routes=routes)\n");
  expect_count(facts, 2);
  expect(facts, "homepage", "starlette", SL_PATTERN_ONLINE, 3);
  expect(facts, "predict", "starlette", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);
}

static void test_flask(void) {
  SlFileFacts *facts = scan("web/app.py",
                            "from flask import Flask, Blueprint, request, jsonify\n"
                            "bp = Blueprint('api', __name__)\n"
                            "\n"
                            "def create_app():\n"
                            "    app = Flask(__name__)\n"
                            "    @app.route('/')\n"
                            "    def index():\n"
                            "        return 'ok'\n"
                            "    app.add_url_rule('/v', view_func=version)\n"
                            "    app.register_blueprint(bp)\n"
                            "    return app\n"
                            "\n"
                            "@bp.route('/predict', methods=['POST'])\n"
                            "def predict():\n"
                            "    return jsonify(model.predict(request.get_json()))\n"
                            "\n"
                            "@bp.post('/score')\n"
                            "def score():\n"
                            "    return ''\n"
                            "\n"
                            "def version():\n"
                            "    return '1'\n");
  expect_count(facts, 4);
  expect(facts, "create_app.index", "flask", SL_PATTERN_ONLINE, 7);
  expect(facts, "predict", "flask", SL_PATTERN_ONLINE, 14);
  expect(facts, "score", "flask", SL_PATTERN_ONLINE, 18);
  expect(facts, "version", "flask", SL_PATTERN_ONLINE, 21);
  CHECK(find(facts, "create_app") == NULL); /* the app factory is no entry point */
  expect_sorted(facts);
  sl_file_facts_delete(facts);
}

static void test_aiohttp(void) {
  SlFileFacts *facts = scan("server.py",
                            "from aiohttp import web\n"
                            "routes = web.RouteTableDef()\n"
                            "@routes.post('/predict')\n"
                            "async def predict(request):\n"
                            "    return web.json_response({})\n"
                            "async def health(request):\n"
                            "    return web.Response(text='ok')\n"
                            "async def info(request):\n"
                            "    return web.Response(text='ok')\n"
                            "app = web.Application()\n"
                            "app.add_routes(routes)\n"
                            "app.router.add_get('/health', health)\n"
                            "app.add_routes([web.get('/info', info)])\n");
  expect_count(facts, 3);
  expect(facts, "predict", "aiohttp", SL_PATTERN_ONLINE, 4);
  expect(facts, "health", "aiohttp", SL_PATTERN_ONLINE, 6);
  expect(facts, "info", "aiohttp", SL_PATTERN_ONLINE, 8);
  sl_file_facts_delete(facts);
}

static void test_bentoml(void) {
  SlFileFacts *facts = scan("service.py",
                            "import bentoml\n"
                            "@bentoml.service(resources={'gpu': 1}, traffic={'timeout': 10})\n"
                            "class Summarizer:\n"
                            "    def __init__(self):\n"
                            "        self.pipe = None\n"
                            "    @bentoml.api\n"
                            "    def summarize(self, text: str) -> str:\n"
                            "        return self._clean(text)\n"
                            "    @bentoml.api(batchable=True)\n"
                            "    def embed(self, texts: list) -> list:\n"
                            "        return texts\n"
                            "    def _clean(self, text):\n"
                            "        return text\n");
  expect_count(facts, 2);
  expect(facts, "Summarizer.summarize", "bentoml", SL_PATTERN_ONLINE, 7);
  expect(facts, "Summarizer.embed", "bentoml", SL_PATTERN_ONLINE, 10);
  const SlEntryPoint *summarize = find(facts, "Summarizer.summarize");
  if (summarize) CHECK(summarize->span.line == 6);
  sl_file_facts_delete(facts);

  /* A FastAPI app mounted on a service: its routes serve through BentoML. */
  facts = scan("asgi_service.py",
               "import bentoml\n"
               "from fastapi import FastAPI\n"
               "app = FastAPI()\n"
               "@bentoml.service\n"
               "@bentoml.asgi_app(app, path='/v1')\n"
               "class Svc:\n"
               "    @app.get('/hello')\n"
               "    def hello(self):\n"
               "        return 'hi'\n");
  expect_count(facts, 1);
  expect(facts, "Svc.hello", "bentoml", SL_PATTERN_ONLINE, 8);
  sl_file_facts_delete(facts);

  facts = scan("legacy.py",
               "import bentoml\n"
               "from bentoml.io import JSON\n"
               "svc = bentoml.Service('iris', runners=[runner])\n"
               "@svc.api(input=JSON(), output=JSON())\n"
               "def classify(data):\n"
               "    return runner.predict.run(data)\n");
  expect_count(facts, 1);
  expect(facts, "classify", "bentoml", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);
}

static void test_ray_serve(void) {
  SlFileFacts *facts = scan("deploy.py",
                            "from fastapi import FastAPI\n"
                            "from ray import serve\n"
                            "app = FastAPI()\n"
                            "@serve.deployment(num_replicas=2)\n"
                            "class Model:\n"
                            "    def __init__(self):\n"
                            "        self.model = None\n"
                            "    async def __call__(self, request):\n"
                            "        return await self.handle_batch(request)\n"
                            "    @serve.batch(max_batch_size=8)\n"
                            "    async def handle_batch(self, inputs):\n"
                            "        return inputs\n"
                            "@serve.deployment\n"
                            "@serve.ingress(app)\n"
                            "class Api:\n"
                            "    @app.post('/predict')\n"
                            "    def predict(self, x: int):\n"
                            "        return x\n"
                            "@serve.deployment\n"
                            "def hello(request):\n"
                            "    return 'hi'\n"
                            "graph = Api.bind()\n");
  expect_count(facts, 4);
  expect(facts, "Model.__call__", "ray-serve", SL_PATTERN_ONLINE, 8);
  expect(facts, "Model.handle_batch", "ray-serve", SL_PATTERN_ONLINE, 11);
  expect(facts, "Api.predict", "ray-serve", SL_PATTERN_ONLINE, 17);
  expect(facts, "hello", "ray-serve", SL_PATTERN_ONLINE, 20);
  CHECK(find(facts, "Model.__init__") == NULL);
  sl_file_facts_delete(facts);
  /* A deployment inheriting __call__ from an undecorated base of the same file. */
  facts = scan("multi.py",
               "from ray import serve\n"
               "class Factory:\n"
               "    async def __call__(self, text):\n"
               "        return text\n"
               "class Unused:\n"
               "    def __call__(self, text):\n"
               "        return text\n"
               "@serve.deployment\n"
               "class Small(Factory):\n"
               "    pass\n");
  expect_count(facts, 1);
  expect(facts, "Factory.__call__", "ray-serve", SL_PATTERN_ONLINE, 3);
  sl_file_facts_delete(facts);
}

static void test_torchserve(void) {
  SlFileFacts *facts = scan("handler.py",
                            "from ts.torch_handler.base_handler import BaseHandler\n"
                            "from ts.torch_handler.image_classifier import ImageClassifier\n"
                            "class ChurnHandler(BaseHandler):\n"
                            "    def initialize(self, context):\n"
                            "        self.model = self._load(context)\n"
                            "    def _load(self, context):\n"
                            "        return None\n"
                            "    def preprocess(self, data):\n"
                            "        return data\n"
                            "    def inference(self, data):\n"
                            "        return self.model(data)\n"
                            "class MnistHandler(ImageClassifier):\n"
                            "    image_processing = None\n"
                            "    def postprocess(self, data):\n"
                            "        return data.argmax(1).tolist()\n");
  expect_count(facts, 5);
  expect(facts, "ChurnHandler.initialize", "torchserve", SL_PATTERN_ONLINE, 4);
  expect(facts, "ChurnHandler.preprocess", "torchserve", SL_PATTERN_ONLINE, 8);
  expect(facts, "ChurnHandler.inference", "torchserve", SL_PATTERN_ONLINE, 10);
  expect(facts, "MnistHandler.handle", "torchserve", SL_PATTERN_ONLINE, 12);
  expect(facts, "MnistHandler.postprocess", "torchserve", SL_PATTERN_ONLINE, 14);
  CHECK(find(facts, "ChurnHandler._load") == NULL);
  CHECK(find(facts, "ChurnHandler.handle") == NULL); /* overrides inference */
  expect_sorted(facts);
  sl_file_facts_delete(facts);

  /* A custom service class (no base) and the module-level entry delegating to it. */
  facts = scan("examples/asr/handler.py",
               "class AsrHandler(object):\n"
               "    def initialize(self, context):\n"
               "        self.model = None\n"
               "    def handle(self, data, context):\n"
               "        return self.model(data)\n"
               "_service = AsrHandler()\n"
               "def handle(data, context):\n"
               "    return _service.handle(data, context)\n");
  expect_count(facts, 3);
  expect(facts, "AsrHandler.initialize", "torchserve", SL_PATTERN_ONLINE, 2);
  expect(facts, "AsrHandler.handle", "torchserve", SL_PATTERN_ONLINE, 4);
  expect(facts, "handle", "torchserve", SL_PATTERN_ONLINE, 7);
  sl_file_facts_delete(facts);

  facts = scan("custom_handler.py",
               "import torch\n"
               "model = None\n"
               "def handle(data, context):\n"
               "    if data is None:\n"
               "        return None\n"
               "    return model(data)\n");
  expect_count(facts, 1);
  expect(facts, "handle", "torchserve", SL_PATTERN_ONLINE, 3);
  sl_file_facts_delete(facts);
}

static void test_triton_kserve_mlflow_litserve(void) {
  SlFileFacts *facts = scan("model_repository/churn/1/model.py",
                            "import triton_python_backend_utils as pb_utils\n"
                            "class TritonPythonModel:\n"
                            "    def initialize(self, args):\n"
                            "        pass\n"
                            "    def execute(self, requests):\n"
                            "        return []\n"
                            "    def finalize(self):\n"
                            "        pass\n");
  expect_count(facts, 1);
  expect(facts, "TritonPythonModel.execute", "triton", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);

  facts = scan("kserve_model.py",
               "import kserve\n"
               "class ChurnModel(kserve.Model):\n"
               "    def load(self):\n"
               "        self.ready = True\n"
               "    def preprocess(self, payload, headers=None):\n"
               "        return payload\n"
               "    async def predict(self, payload, headers=None):\n"
               "        return payload\n"
               "if __name__ == '__main__':\n"
               "    kserve.ModelServer().start([ChurnModel('churn')])\n");
  expect_count(facts, 2);
  expect(facts, "ChurnModel.preprocess", "kserve", SL_PATTERN_ONLINE, 5);
  expect(facts, "ChurnModel.predict", "kserve", SL_PATTERN_ONLINE, 7);
  sl_file_facts_delete(facts);

  facts = scan("wrapper.py",
               "import mlflow.pyfunc\n"
               "class Wrapper(mlflow.pyfunc.PythonModel):\n"
               "    def load_context(self, context):\n"
               "        self.model = None\n"
               "    def predict(self, context, model_input, params=None):\n"
               "        return self.model.predict(model_input)\n");
  expect_count(facts, 1);
  expect(facts, "Wrapper.predict", "mlflow-pyfunc", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);

  facts = scan("lit.py",
               "import litserve as ls\n"
               "class SimpleAPI(ls.LitAPI):\n"
               "    def setup(self, device):\n"
               "        self.model = lambda x: x\n"
               "    def predict(self, x):\n"
               "        return self.model(x)\n"
               "if __name__ == '__main__':\n"
               "    ls.LitServer(SimpleAPI()).run(port=8000)\n");
  expect_count(facts, 1);
  expect(facts, "SimpleAPI.predict", "litserve", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);
}

/* Cog predictors serve `predict`; Jina executors serve their @requests methods; Flask-RESTX
 * resources and DRF views their HTTP verbs. A class named like them but not imported from
 * those packages serves nothing. */
/* Django: function views (first parameter `request`) in a views module or decorated as
 * views, and class-based `View`s; helpers of a views module and functions of other files
 * are not views. */
static void test_django(void) {
  SlFileFacts *facts = scan("predictor/views.py",
                            "from django.http import JsonResponse\n"
                            "from django.views import View\n"
                            "def home(request):\n"
                            "    return render(request, 'home.html')\n"
                            "def predict_api(request):\n"
                            "    return JsonResponse(predict(request.POST))\n"
                            "def _features(request, row):\n"
                            "    return [row['a']]\n"
                            "class Score(View):\n"
                            "    def post(self, request):\n"
                            "        return JsonResponse(score(request.body))\n");
  expect_count(facts, 3);
  expect(facts, "home", "django", SL_PATTERN_ONLINE, 3);
  expect(facts, "predict_api", "django", SL_PATTERN_ONLINE, 5);
  expect(facts, "Score.post", "django", SL_PATTERN_ONLINE, 10);
  sl_file_facts_delete(facts);
  expect_only("predictor/api.py",
              "from rest_framework.decorators import api_view\n"
              "@api_view(['POST'])\n"
              "def predict(request):\n"
              "    return Response(model.predict(request.data))\n",
              "predict", "django", SL_PATTERN_ONLINE, 3);
  expect_none("predictor/services.py",
              "from django.conf import settings\n"
              "def predict(request):\n"
              "    return model.predict(request)\n");
  expect_none("predictor/views.py",
              "from flask import request\n"
              "def predict(request):\n"
              "    return model.predict(request)\n");
}

/* Hugging Face Inference Endpoints: a custom handler is `class EndpointHandler` whose
 * `__call__(self, data)` answers each request; another class's `__call__` is not. */
static void test_hf_endpoints(void) {
  expect_only("handler.py",
              "class EndpointHandler:\n"
              "    def __init__(self, path=''):\n"
              "        self.pipe = pipeline('text-generation', model=path)\n"
              "    def __call__(self, data):\n"
              "        return self.pipe(data['inputs'])\n",
              "EndpointHandler.__call__", "hf-endpoints", SL_PATTERN_ONLINE, 4);
  expect_none("ops/tools.py",
              "class Formatter:\n"
              "    def __call__(self, data):\n"
              "        return str(data)\n");
}

static void test_cog_jina(void) {
  SlFileFacts *facts = scan("predict.py",
                            "from cog import BasePredictor, Input, Path\n"
                            "import torch\n"
                            "class Predictor(BasePredictor):\n"
                            "    def setup(self):\n"
                            "        self.net = torch.jit.load('weights.pt')\n"
                            "    def predict(self, image: Path = Input(description='x')) -> str:\n"
                            "        return str(self.net(image))\n"
                            "    def helper(self):\n"
                            "        return None\n");
  expect_count(facts, 1);
  expect(facts, "Predictor.predict", "cog", SL_PATTERN_ONLINE, 6);
  sl_file_facts_delete(facts);

  facts = scan("executor.py",
               "from jina import Executor, requests, DocumentArray\n"
               "class Encoder(Executor):\n"
               "    def __init__(self, **kwargs):\n"
               "        super().__init__(**kwargs)\n"
               "    @requests(on='/encode')\n"
               "    def encode(self, docs: DocumentArray, **kwargs):\n"
               "        return docs\n"
               "    @requests\n"
               "    def default(self, docs, **kwargs):\n"
               "        return docs\n"
               "    def _embed(self, docs):\n"
               "        return docs\n");
  expect_count(facts, 2);
  expect(facts, "Encoder.encode", "jina", SL_PATTERN_ONLINE, 6);
  expect(facts, "Encoder.default", "jina", SL_PATTERN_ONLINE, 9);
  sl_file_facts_delete(facts);

  facts = scan("api/resources.py",
               "from flask_restx import Namespace, Resource\n"
               "ns = Namespace('predict')\n"
               "@ns.route('/')\n"
               "class Predict(Resource):\n"
               "    def post(self):\n"
               "        return model.predict(ns.payload)\n"
               "    def _helper(self):\n"
               "        return None\n");
  expect_count(facts, 1);
  expect(facts, "Predict.post", "flask", SL_PATTERN_ONLINE, 5);
  CHECK(strcmp(facts->entry_points.items[0].route, "/") == 0);
  sl_file_facts_delete(facts);

  facts = scan("views.py",
               "from rest_framework.views import APIView\n"
               "class Score(APIView):\n"
               "    def post(self, request):\n"
               "        return model.predict(request.data)\n");
  expect_count(facts, 1);
  expect(facts, "Score.post", "django", SL_PATTERN_ONLINE, 3);
  sl_file_facts_delete(facts);

  facts = scan("pool.py",
               "from concurrent.futures import Executor\n"
               "class BasePredictor:\n"
               "    pass\n"
               "class Local(Executor):\n"
               "    def submit(self, fn):\n"
               "        return fn()\n"
               "class Predictor(BasePredictor):\n"
               "    def predict(self, x):\n"
               "        return x\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
}

static void test_seldon_lambda(void) {
  SlFileFacts *facts = scan("MyModel.py",
                            "import joblib\n"
                            "class MyModel:\n"
                            "    def __init__(self):\n"
                            "        self.clf = joblib.load('model.joblib')\n"
                            "    def predict(self, X, features_names=None):\n"
                            "        return self.clf.predict(X)\n"
                            "    def metrics(self):\n"
                            "        return [{'type': 'COUNTER', 'key': 'calls', 'value': 1}]\n");
  expect_count(facts, 1);
  expect(facts, "MyModel.predict", "seldon", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);

  /* The wrapper's convention alone: PytorchModel.py holding class PytorchModel. */
  expect_only("PytorchModel.py",
              "import torch\n"
              "class PytorchModel:\n"
              "    def load(self):\n"
              "        self.model = torch.jit.load('model.pt').eval()\n"
              "    def predict(self, X, *args):\n"
              "        return self.model(X)\n",
              "PytorchModel.predict", "seldon", SL_PATTERN_ONLINE, 5);
  /* ... not any class with a predict(X): a model class in a library module. */
  expect_none("churn/models.py",
              "class ChurnModel:\n"
              "    def predict(self, X):\n"
              "        return self.clf.predict(X)\n");
  expect_none("ChurnModel.py",
              "class ChurnModel:\n"
              "    def predict(self, rows):\n"
              "        return self.clf.predict(rows)\n");

  facts = scan("seldon_model.py",
               "from seldon_core.user_model import SeldonComponent\n"
               "class Model:\n"
               "    def predict(self, X, names):\n"
               "        return X\n");
  expect(facts, "Model.predict", "seldon", SL_PATTERN_ONLINE, 3);
  sl_file_facts_delete(facts);

  facts = scan("runtime/model.py",
               "from mlserver import MLModel\n"
               "class PandasRuntime(MLModel):\n"
               "    async def load(self) -> bool:\n"
               "        return True\n"
               "    async def predict(self, payload):\n"
               "        return payload\n");
  expect_count(facts, 1);
  expect(facts, "PandasRuntime.predict", "seldon", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);

  facts = scan("lambda_function.py",
               "import json\n"
               "def _parse(event):\n"
               "    return json.loads(event['body'])\n"
               "def lambda_handler(event, context):\n"
               "    return {'statusCode': 200, 'body': _parse(event)}\n"
               "def other(event, ctx):\n"
               "    return None\n");
  expect_count(facts, 1);
  expect(facts, "lambda_handler", "aws-lambda", SL_PATTERN_ONLINE, 4);
  sl_file_facts_delete(facts);

  /* an unused context named `_context` or `_` is still Lambda's */
  facts = scan("api_serverless/api.py",
               "def handler(event, _context):\n"
               "    return {'pred': model.predict(event['image'])}\n"
               "def event_handler(event, _):\n"
               "    return {'pred': model.predict(event['image'])}\n"
               "def handler_of(event, request):\n"
               "    return None\n");
  expect_count(facts, 2);
  expect(facts, "handler", "aws-lambda", SL_PATTERN_ONLINE, 1);
  expect(facts, "event_handler", "aws-lambda", SL_PATTERN_ONLINE, 3);
  sl_file_facts_delete(facts);
}

static void test_grpc(void) {
  SlFileFacts *facts;
  facts = scan("grpc_server.py",
               "import grpc\n"
               "import predict_pb2_grpc\n"
               "class Predictor(predict_pb2_grpc.PredictionServiceServicer):\n"
               "    def Predict(self, request, context):\n"
               "        return self._score(request)\n"
               "    def StreamPredict(self, request_iterator, context):\n"
               "        yield None\n"
               "    def _score(self, request):\n"
               "        return None\n");
  expect_count(facts, 2);
  expect(facts, "Predictor.Predict", "grpc", SL_PATTERN_ONLINE, 4);
  expect(facts, "Predictor.StreamPredict", "grpc", SL_PATTERN_ONLINE, 6);
  sl_file_facts_delete(facts);
}

static void test_kafka(void) {
  SlFileFacts *facts = scan("consumer.py",
                            "from kafka import KafkaConsumer\n"
                            "consumer = KafkaConsumer('events', group_id='scorer')\n"
                            "def score(payload):\n"
                            "    return payload\n"
                            "def run():\n"
                            "    for message in consumer:\n"
                            "        score(message.value)\n");
  expect_count(facts, 1);
  expect(facts, "run", "kafka", SL_PATTERN_STREAMING, 5);
  sl_file_facts_delete(facts);

  facts = scan("confluent_worker.py",
               "from confluent_kafka import Consumer\n"
               "c = Consumer({'group.id': 'g'})\n"
               "c.subscribe(['events'])\n"
               "while True:\n"
               "    msg = c.poll(1.0)\n"
               "    if msg is None:\n"
               "        continue\n");
  expect_count(facts, 1);
  expect(facts, "<module>", "kafka", SL_PATTERN_STREAMING, 4);
  const SlEntryPoint *loop = find(facts, "<module>");
  if (loop) CHECK_STR(loop->snippet, "while True:");
  sl_file_facts_delete(facts);

  facts = scan("aio_worker.py",
               "from aiokafka import AIOKafkaConsumer\n"
               "class Worker:\n"
               "    def __init__(self):\n"
               "        self.consumer = AIOKafkaConsumer('t')\n"
               "    async def consume(self):\n"
               "        async for msg in self.consumer:\n"
               "            print(msg)\n");
  expect_count(facts, 1);
  expect(facts, "Worker.consume", "kafka", SL_PATTERN_STREAMING, 5);
  sl_file_facts_delete(facts);

  /* a numbered loop over the consumer iterates it; over anything else it does not */
  facts = scan("frames.py",
               "from kafka import KafkaConsumer\n"
               "class Frames:\n"
               "    def __init__(self):\n"
               "        self.consumer = KafkaConsumer('frames')\n"
               "    def run(self):\n"
               "        for i, message in enumerate(self.consumer):\n"
               "            print(i, message.value)\n"
               "    def report(self, rows):\n"
               "        for i, row in enumerate(rows):\n"
               "            print(i, row)\n");
  expect_count(facts, 1);
  expect(facts, "Frames.run", "kafka", SL_PATTERN_STREAMING, 5);
  sl_file_facts_delete(facts);
}

static void test_kinesis_pubsub(void) {
  SlFileFacts *facts;
  facts = scan("kinesis_reader.py",
               "import boto3\n"
               "kinesis = boto3.client('kinesis')\n"
               "def main():\n"
               "    it = kinesis.get_shard_iterator(StreamName='s')['ShardIterator']\n"
               "    while it:\n"
               "        out = kinesis.get_records(ShardIterator=it, Limit=100)\n"
               "        it = out['NextShardIterator']\n");
  expect_count(facts, 1);
  expect(facts, "main", "kinesis", SL_PATTERN_STREAMING, 3);
  sl_file_facts_delete(facts);

  facts = scan("pubsub_worker.py",
               "from google.cloud import pubsub_v1\n"
               "subscriber = pubsub_v1.SubscriberClient()\n"
               "def main():\n"
               "    def callback(message):\n"
               "        message.ack()\n"
               "    future = subscriber.subscribe(path, callback=callback)\n"
               "    future.result()\n");
  expect_count(facts, 1);
  expect(facts, "main.callback", "pubsub", SL_PATTERN_STREAMING, 4);
  sl_file_facts_delete(facts);

  /* Work-queue workers: SQS receives and Redis blocking pops in a loop; a single pop
   * outside a loop is no worker. */
  facts = scan("workers.py",
               "import boto3, redis\n"
               "sqs = boto3.client('sqs')\n"
               "r = redis.Redis()\n"
               "def sqs_worker(url):\n"
               "    while True:\n"
               "        out = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)\n"
               "def once():\n"
               "    return r.brpop('jobs', timeout=1)\n"
               "while True:\n"
               "    _, job = r.blpop('images')\n");
  expect_count(facts, 2);
  expect(facts, "sqs_worker", "sqs", SL_PATTERN_STREAMING, 4);
  expect(facts, "<module>", "redis-queue", SL_PATTERN_STREAMING, 9);
  sl_file_facts_delete(facts);
  /* Celery tasks and pika callbacks run once per queued message. */
  facts = scan(
      "tasks.py",
      "import pika\n"
      "from celery import Celery, shared_task\n"
      "app = Celery('tasks')\n"
      "@app.task(name='score')\n"
      "def score_task(payload):\n"
      "    return model.predict(payload)\n"
      "@shared_task\n"
      "def embed_task(text):\n"
      "    return encoder.encode(text)\n"
      "class Consumer:\n"
      "    def on_message(channel, method, properties, body):\n"
      "        return model.predict(body)\n"
      "    def run(self):\n"
      "        self.channel.basic_consume(queue='q', on_message_callback=Consumer.on_message)\n"
      "def legacy(ch, method, properties, body):\n"
      "    return body\n"
      "channel.basic_consume(legacy, queue='old')\n");
  expect_count(facts, 4);
  expect(facts, "score_task", "celery", SL_PATTERN_STREAMING, 5);
  expect(facts, "embed_task", "celery", SL_PATTERN_STREAMING, 8);
  expect(facts, "Consumer.on_message", "rabbitmq", SL_PATTERN_STREAMING, 11);
  expect(facts, "legacy", "rabbitmq", SL_PATTERN_STREAMING, 15);
  sl_file_facts_delete(facts);

  /* A SageMaker inference script: predict_fn and input_fn beside model_fn. */
  facts = scan("inference.py",
               "def model_fn(model_dir):\n"
               "    return load(model_dir)\n"
               "def input_fn(body, content_type):\n"
               "    return json.loads(body)\n"
               "def predict_fn(data, model):\n"
               "    return model(data)\n");
  expect_count(facts, 2);
  expect(facts, "input_fn", "sagemaker", SL_PATTERN_ONLINE, 3);
  expect(facts, "predict_fn", "sagemaker", SL_PATTERN_ONLINE, 5);
  sl_file_facts_delete(facts);
  facts = scan("helpers.py", "def predict_fn(data, model):\n    return model(data)\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);

  /* Orchestrated scoring jobs: by the flow's name; a training flow is none. */
  facts = scan("flows.py",
               "from prefect import flow\n"
               "from airflow.decorators import dag\n"
               "@flow\n"
               "def batch_predict_flow():\n"
               "    save(make_predictions(load_model(), load_data()))\n"
               "@flow(name='train')\n"
               "def training_flow():\n"
               "    fit()\n"
               "@dag(schedule='@daily')\n"
               "def nightly_scoring():\n"
               "    score()\n");
  expect_count(facts, 2);
  expect(facts, "batch_predict_flow", "prefect", SL_PATTERN_BATCH, 4);
  expect(facts, "nightly_scoring", "airflow", SL_PATTERN_BATCH, 10);
  sl_file_facts_delete(facts);
}

static void test_batch(void) {
  SlFileFacts *facts = scan("jobs/score.py",
                            "import joblib\n"
                            "import pandas as pd\n"
                            "def load():\n"
                            "    return joblib.load('m.pkl')\n"
                            "def score(model, path, out):\n"
                            "    df = pd.read_parquet(path)\n"
                            "    df['p'] = model.predict_proba(df)[:, 1]\n"
                            "    df.to_parquet(out)\n"
                            "if __name__ == '__main__':\n"
                            "    clf = joblib.load('m.pkl')\n"
                            "    frame = pd.read_csv('in.csv')\n"
                            "    frame['y'] = clf.predict(frame)\n"
                            "    frame.to_csv('out.csv')\n");
  expect_count(facts, 2);
  expect(facts, "score", "batch-script", SL_PATTERN_BATCH, 5);
  expect(facts, "<main>", "batch-script", SL_PATTERN_BATCH, 9);
  const SlEntryPoint *main_block = find(facts, "<main>");
  if (main_block) CHECK(main_block->span.end_line == 13);
  sl_file_facts_delete(facts);

  facts = scan("spark_job.py",
               "import mlflow\n"
               "def run(spark):\n"
               "    model = mlflow.pyfunc.load_model('models:/churn/3')\n"
               "    df = spark.read.format('delta').load('/data/in')\n"
               "    out = model(df)\n"
               "    out.write.mode('overwrite').saveAsTable('scores')\n");
  expect_count(facts, 1);
  expect(facts, "run", "batch-script", SL_PATTERN_BATCH, 2);
  sl_file_facts_delete(facts);

  /* Hugging Face datasets read the input too; an evaluation function is still no job */
  facts = scan("predictor.py",
               "from datasets import Dataset\n"
               "def run_inference_on_json(json_path, result_path):\n"
               "    df = Dataset.from_json(str(json_path)).to_pandas()\n"
               "    df['sql'] = [model.predict(q) for q in df['question']]\n"
               "    df.to_csv(result_path, index=False)\n"
               "def run_evaluate_on_json(json_path):\n"
               "    df = Dataset.from_json(str(json_path)).to_pandas()\n"
               "    df['sql'] = [model.predict(q) for q in df['question']]\n"
               "    df.to_csv('eval.csv')\n");
  expect_count(facts, 1);
  expect(facts, "run_inference_on_json", "batch-script", SL_PATTERN_BATCH, 2);
  sl_file_facts_delete(facts);
}

/* Faust agents, Spark Structured Streaming (readStream, foreachBatch) are stream consumers. */
static void test_faust_spark_streams(void) {
  SlFileFacts *facts = scan("stream.py",
                            "import faust\n"
                            "app = faust.App('bikes')\n"
                            "topic = app.topic('rides')\n"
                            "@app.agent(topic)\n"
                            "async def score(stream):\n"
                            "    async for ride in stream:\n"
                            "        print(model.predict([ride]))\n");
  expect_count(facts, 1);
  expect(facts, "score", "faust", SL_PATTERN_STREAMING, 5);
  sl_file_facts_delete(facts);

  facts = scan("jobs/stream.py",
               "def score_batch(df, epoch_id):\n"
               "    model.transform(df).write.save('out')\n"
               "def start(spark):\n"
               "    rows = spark.readStream.format('kafka').load()\n"
               "    rows.writeStream.foreachBatch(score_batch).start()\n"
               "def start_bound(spark, scorer):\n"
               "    spark.table('x').writeStream.foreachBatch(scorer.score).start()\n");
  expect_count(facts, 3);
  expect(facts, "score_batch", "spark-foreach-batch", SL_PATTERN_STREAMING, 1);
  expect(facts, "start", "spark-streaming", SL_PATTERN_STREAMING, 3);
  expect(facts, "start_bound", "spark-streaming", SL_PATTERN_STREAMING, 6);
  sl_file_facts_delete(facts);
}

/* A Ray actor whose methods a batch job calls with .remote(). */
static void test_ray_actor(void) {
  expect_only("src/batch_inference.py",
              "import ray\n"
              "@ray.remote(num_gpus=0.5)\n"
              "class BatchProcessor:\n"
              "    def __init__(self, state):\n"
              "        self.model = build(state)\n"
              "    def process(self, batch):\n"
              "        return self.model(batch)\n"
              "    def stats(self):\n"
              "        return {}\n"
              "actors = [BatchProcessor.remote(s) for _ in range(2)]\n",
              "BatchProcessor.process", "ray-actor", SL_PATTERN_BATCH, 6);
  /* PyFlink runs a ScalarFunction's eval on the rows of a table. */
  expect_only("pyflink_infer.py",
              "from pyflink.table.udf import ScalarFunction, udf\n"
              "class Predict(ScalarFunction):\n"
              "    def open(self, function_context):\n"
              "        self.model = load()\n"
              "    def eval(self, *features):\n"
              "        return self.model.predict([features])\n"
              "predict = udf(Predict(), result_type='DOUBLE')\n",
              "Predict.eval", "pyflink", SL_PATTERN_BATCH, 5);
}

/* A worker loop reading its queue through the project's own helper. */
static void test_queue_helper_worker(void) {
  expect_only("workers/text_worker.py",
              "import time\n"
              "from services.queue import pop_text_task, push_result\n"
              "def start_text_worker():\n"
              "    while True:\n"
              "        task = pop_text_task()\n"
              "        if task:\n"
              "            push_result(task['id'], model.generate(task['text']))\n"
              "        else:\n"
              "            time.sleep(0.5)\n"
              "def drain():\n"
              "    return pop_text_task()\n",
              "start_text_worker", "queue-worker", SL_PATTERN_STREAMING, 3);
  /* MLQ runs the listener it is given once per job. */
  expect_only("worker.py",
              "from mlq.queue import MLQ\n"
              "mlq = MLQ('prediction_app', 'redis', 6379, 0)\n"
              "def classify(job, *args):\n"
              "    return model.predict([job['x']])\n"
              "mlq.create_listener(classify)\n",
              "classify", "mlq", SL_PATTERN_STREAMING, 3);
}

/* A Kafka consumer hands each message to an in-process queue; the function taking them
 * off it and running the model is an entry too. Without a consumer in the file, or when
 * the taker runs no model, a queue is not a stream. */
static void test_in_process_queue_worker(void) {
  const char *consumer =
      "from confluent_kafka import Consumer\n"
      "def fetch(data_queue):\n"
      "    consumer = Consumer(conf)\n"
      "    while True:\n"
      "        msg = consumer.poll(0.1)\n"
      "        data_queue.put(msg.value())\n"
      "def infer(data_queue):\n"
      "    while True:\n"
      "        img = data_queue.get(timeout=1.0)\n"
      "        out = model(img)\n"
      "def drain(result_queue):\n"
      "    while True:\n"
      "        print(result_queue.get())\n";
  SlFileFacts *facts = scan("consumer.py", consumer);
  expect_count(facts, 2);
  expect(facts, "fetch", "kafka", SL_PATTERN_STREAMING, 2);
  expect(facts, "infer", "queue-worker", SL_PATTERN_STREAMING, 7);
  sl_file_facts_delete(facts);
  expect_none("app/batcher.py",
              "import queue\n"
              "def worker(jobs):\n"
              "    while True:\n"
              "        item = jobs.queue.get()\n"
              "        out = model(item)\n");
}

/* A helper that only opens a Structured Streaming source and returns it is not where the
 * stream is consumed: its callers are (a method of the same class, a module function). */
static void test_stream_source_helper(void) {
  SlFileFacts *facts = scan("jobs/realtime.py",
                            "from pyspark.sql import SparkSession\n"
                            "class RealtimeInference:\n"
                            "    def read_from_kafka(self):\n"
                            "        return self.spark.readStream.format('kafka').load()\n"
                            "    def run(self):\n"
                            "        df = self.read_from_kafka()\n"
                            "        model.transform(df).writeStream.start()\n"
                            "def open_stream(spark):\n"
                            "    return (spark.readStream\n"
                            "            .format('kafka').load())\n"
                            "def main():\n"
                            "    query = open_stream(spark)\n");
  expect_count(facts, 2);
  expect(facts, "RealtimeInference.run", "spark-streaming", SL_PATTERN_STREAMING, 5);
  expect(facts, "main", "spark-streaming", SL_PATTERN_STREAMING, 11);
  sl_file_facts_delete(facts);
  /* nobody in the file calls it: the helper stays the entry */
  expect_only("jobs/source.py",
              "def read_stream(spark):\n"
              "    return spark.readStream.format('kafka').load()\n",
              "read_stream", "spark-streaming", SL_PATTERN_STREAMING, 1);
}

/* Ray Data batch inference: the callable class (its __call__) or function handed to
 * map_batches runs on every batch. */
static void test_ray_data(void) {
  SlFileFacts *facts = scan("jobs/infer.py",
                            "import ray\n"
                            "class Predictor:\n"
                            "    def __init__(self):\n"
                            "        self.model = load()\n"
                            "    def __call__(self, batch):\n"
                            "        batch['y'] = self.model.predict(batch['x'])\n"
                            "        return batch\n"
                            "def embed(batch):\n"
                            "    return encoder.encode(batch['text'])\n"
                            "ds = ray.data.read_parquet('s3://b/in')\n"
                            "ds.map_batches(Predictor, concurrency=2)\n"
                            "ds.map_batches(fn=embed).write_parquet('s3://b/out')\n"
                            "ds.map_batches(lambda b: b)\n");
  expect_count(facts, 2);
  expect(facts, "Predictor.__call__", "ray-data", SL_PATTERN_BATCH, 5);
  expect(facts, "embed", "ray-data", SL_PATTERN_BATCH, 8);
  sl_file_facts_delete(facts);
}

static void test_batch_bare_names(void) {
  SlFileFacts *facts;
  facts = scan("offline.py",
               "from joblib import load\n"
               "from numpy import savetxt\n"
               "from pandas import read_pickle\n"
               "def predict():\n"
               "    model = load(open('model.joblib', 'rb'))\n"
               "    predictions = model.predict(read_pickle('features.pickle'))\n"
               "    savetxt('predictions.csv', predictions, delimiter=',')\n");
  expect_count(facts, 1);
  expect(facts, "predict", "batch-script", SL_PATTERN_BATCH, 4);
  sl_file_facts_delete(facts);

  facts = scan("score_all.py",
               "import pandas as pd\n"
               "import joblib\n"
               "model = joblib.load('m.pkl')\n"
               "df = pd.read_csv('in.csv')\n"
               "df['p'] = model.predict(df)\n"
               "df.to_csv('out.csv')\n");
  expect_count(facts, 1);
  expect(facts, "<module>", "batch-script", SL_PATTERN_BATCH, 4);
  sl_file_facts_delete(facts);

  /* Steps split across functions are not a batch script: conservative. */
  facts = scan("split.py",
               "import pandas as pd\n"
               "def read():\n"
               "    return pd.read_csv('x')\n"
               "def predict(model, df):\n"
               "    return model.predict(df)\n"
               "def write(df):\n"
               "    df.to_csv('y')\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
  /* ...but a function that calls the file's helpers for every step is: the outermost
   * one (main), not the helpers it calls; a pipeline that also trains is not scoring. */
  facts = scan("predict.py",
               "import pandas as pd, pickle, sqlite3\n"
               "def fetch(conn):\n"
               "    return conn.execute('SELECT * FROM rows').fetchall()\n"
               "def score(model, rows):\n"
               "    return model.predict(rows)\n"
               "def save(conn, preds):\n"
               "    conn.executemany('INSERT INTO predictions VALUES (?)', preds)\n"
               "def main():\n"
               "    model = pickle.load(open('m.pkl', 'rb'))\n"
               "    conn = sqlite3.connect('db')\n"
               "    save(conn, score(model, fetch(conn)))\n"
               "def retrain_and_score(df):\n"
               "    model.fit(df)\n"
               "    main()\n"
               "if __name__ == '__main__':\n"
               "    main()\n");
  expect_count(facts, 1);
  expect(facts, "main", "batch-script", SL_PATTERN_BATCH, 8);
  sl_file_facts_delete(facts);

  /* An evaluation reads, predicts and writes its metrics: it scores nothing for anyone. */
  facts = scan("ml/evaluate.py",
               "import pandas as pd, joblib\n"
               "def evaluate_model(path):\n"
               "    df = pd.read_csv(path)\n"
               "    df['p'] = joblib.load('m.pkl').predict(df)\n"
               "    df.to_csv('metrics.csv')\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
  /* A scoring script (by its path) that reads through a DataLoader and prints its
   * predictions is a batch job; the same code in a demo file is not. */
  expect_only("scoring_script/score0.py",
              "import torch\n"
              "from torch.utils.data import DataLoader\n"
              "if __name__ == '__main__':\n"
              "    net = load_weights(Net(), 'model0')\n"
              "    for img in DataLoader(dataset, batch_size=4):\n"
              "        print(net(img).argmax(1))\n",
              "<main>", "batch-script", SL_PATTERN_BATCH, 3);
  expect_none("demo.py",
              "import torch\n"
              "from torch.utils.data import DataLoader\n"
              "if __name__ == '__main__':\n"
              "    net = load_weights(Net(), 'model0')\n"
              "    for img in DataLoader(dataset, batch_size=4):\n"
              "        print(net(img).argmax(1))\n");
  /* So does a `main` whose file says it evaluates. */
  expect_none("src/eval.py",
              "import pandas as pd, joblib\n"
              "def main():\n"
              "    df = pd.read_csv('data/test.csv')\n"
              "    df['p'] = joblib.load('m.pkl').predict(df)\n"
              "    df.to_csv('metrics.csv')\n");
  /* ... while the same `main` in a scoring script is a batch job. */
  facts = scan("src/score.py",
               "import pandas as pd, joblib\n"
               "def main():\n"
               "    df = pd.read_csv('data/today.csv')\n"
               "    df['p'] = joblib.load('m.pkl').predict(df)\n"
               "    df.to_csv('scores.csv')\n");
  expect_count(facts, 1);
  sl_file_facts_delete(facts);
}

static void test_traps(void) {
  SlFileFacts *facts = scan("util/cache.py",
                            "import functools\n"
                            "from .store import cache\n"
                            "@functools.cache\n"
                            "def settings():\n"
                            "    return {}\n"
                            "@cache.get('settings')\n"
                            "def cached(key):\n"
                            "    return key\n"
                            "@functools.lru_cache(maxsize=None)\n"
                            "def handler(event, ctx):\n"
                            "    return None\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
}

static void test_traps_classes_loops(void) {
  SlFileFacts *facts;
  facts = scan("lib/model.py",
               "class Classifier:\n"
               "    def __init__(self, weights):\n"
               "        self.weights = weights\n"
               "    def predict(self, X):\n"
               "        return X @ self.weights\n"
               "class Model(Base):\n"
               "    def predict(self, X):\n"
               "        return X\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);

  facts = scan("train.py",
               "import pandas as pd\n"
               "import subprocess\n"
               "def train(rows, model):\n"
               "    df = pd.read_csv('train.csv')\n"
               "    model.fit(df)\n"
               "    for row in rows:\n"
               "        model.predict(row)\n"
               "    df.to_csv('metrics.csv')\n"
               "def wait(proc):\n"
               "    while True:\n"
               "        if proc.poll() is not None:\n"
               "            break\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);

  /* Decorators that look like HTTP verbs in a file importing fastapi: a literal
   * argument that is not a path is not a route. */
  facts = scan("tests/test_api.py",
               "from unittest import mock\n"
               "from fastapi.testclient import TestClient\n"
               "@mock.patch('app.main.model')\n"
               "def test_predict(model):\n"
               "    assert model\n"
               "@mock.patch.object(Service, 'get')\n"
               "def test_get(get):\n"
               "    assert get\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
}

static void test_traps_serving_files(void) {
  SlFileFacts *facts;
  /* A serving file is not a batch script even when a function reads, predicts, writes. */
  facts = scan("app.py",
               "from fastapi import FastAPI\n"
               "import pandas as pd\n"
               "app = FastAPI()\n"
               "@app.get('/export')\n"
               "def export():\n"
               "    return 1\n"
               "def nightly():\n"
               "    df = pd.read_csv('a')\n"
               "    df['p'] = model.predict(df)\n"
               "    df.to_csv('b')\n");
  expect_count(facts, 1);
  CHECK(find(facts, "nightly") == NULL);
  sl_file_facts_delete(facts);

  /* A Kafka producer loop, and a loop over a list in a Kafka file, are not consumers. */
  facts = scan("producer.py",
               "from kafka import KafkaProducer\n"
               "producer = KafkaProducer()\n"
               "def send(rows):\n"
               "    for row in rows:\n"
               "        producer.send('t', row)\n");
  expect_count(facts, 0);
  sl_file_facts_delete(facts);
}

static void test_dedupe_and_nesting(void) {
  /* Decorated and registered: one entry. */
  SlFileFacts *facts = scan("dup.py",
                            "from fastapi import FastAPI\n"
                            "app = FastAPI()\n"
                            "app.add_api_route('/b', predict)\n"
                            "@app.post('/a')\n"
                            "def predict():\n"
                            "    return 1\n");
  expect_count(facts, 1);
  sl_file_facts_delete(facts);

  /* Deep nesting: nested definitions (the grammar keeps indents below 256 columns) and
   * a deeply nested expression neither crash nor recurse. */
  enum { DEPTH = 200, CALLS = 5000 };
  size_t capacity = DEPTH * (DEPTH + 40) + 4 * CALLS + 200;
  char *text = sl_malloc(capacity);
  size_t length =
      (size_t)snprintf(text, capacity, "from flask import Flask\napp = Flask(__name__)\n");
  for (int i = 0; i < DEPTH; i++)
    length += (size_t)snprintf(text + length, capacity - length, "%*sdef f%d():\n", i, "", i);
  length += (size_t)snprintf(text + length, capacity - length,
                             "%*s@app.route('/deep')\n%*sdef deep():\n%*sreturn ", DEPTH, "", DEPTH,
                             "", DEPTH + 1, "");
  for (int i = 0; i < CALLS; i++)
    length += (size_t)snprintf(text + length, capacity - length, "g(");
  for (int i = 0; i < CALLS; i++) length += (size_t)snprintf(text + length, capacity - length, ")");
  snprintf(text + length, capacity - length, "\n");
  facts = scan("deep.py", text);
  expect_count(facts, 1);
  if (facts->entry_points.count == 1) {
    const char *function = facts->entry_points.items[0].function;
    CHECK(strncmp(function, "f0.f1.f2.", 9) == 0);
    CHECK(strcmp(function + strlen(function) - 10, ".f199.deep") == 0);
  }
  sl_file_facts_delete(facts);
  sl_free(text);
}

int main(void) {
  test_fastapi();
  test_fastapi_paths();
  test_starlette();
  test_flask();
  test_aiohttp();
  test_bentoml();
  test_ray_serve();
  test_torchserve();
  test_triton_kserve_mlflow_litserve();
  test_cog_jina();
  test_django();
  test_hf_endpoints();
  test_faust_spark_streams();
  test_ray_data();
  test_queue_helper_worker();
  test_in_process_queue_worker();
  test_stream_source_helper();
  test_ray_actor();
  test_seldon_lambda();
  test_grpc();
  test_kafka();
  test_kinesis_pubsub();
  test_batch();
  test_batch_bare_names();
  test_traps();
  test_traps_classes_loops();
  test_traps_serving_files();
  test_dedupe_and_nesting();
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
