"""Serves a Python function as an HTTP API (rorodata/firefly semantics) under gunicorn.

POST /            JSON object -> keyword arguments of the function -> JSON result
POST /<function>  the same, under the function's name (as firefly)
POST /batch       JSON list of objects -> JSON list of results
GET  /health      200 {"status": "ok", "model_version": ...} once the function is imported
GET  /metrics     Prometheus text

Configuration (environment): RORO_FUNCTION (module.function or module:function), RORO_APP_DIR (/app),
RORO_MODEL_DIR (/model), RORO_MODEL_VERSION, RORO_CORS_ORIGINS, RORO_METRICS_DIR, RORO_PATH_PREFIX (the
Ingress path, e.g. /score: /score/batch is served as /batch, while probes keep using /health unprefixed).
Every response carries X-Roro-Model-Version. Errors in the function answer 500 with an error id; the
traceback goes to the log, never to the client. A prediction over its time (RORO_TIMEOUT_S) answers 504 (see
roro_runtime.answers).

If the function's module defines init(), it is called once at start-up, before /health answers: load the model
there, and a broken model version fails its start instead of its first request (roro then keeps the old one).

Behind roro's router (RORO_LIVE_FILE, RORO_GENERATION set), a backend takes routed requests (the router marks
them with X-Roro-Routed) only while the live file names its generation; otherwise it answers 503 at once and the
router retries the request on the live backends. So traffic goes to what roro recorded as live, never to a
backend that is still starting, was left behind by an interrupted serve, or is draining. Direct requests (roro's
health probe) are always answered. While a canary runs, the live file gives each generation its share of the
routed requests; while a shadow runs, the live backends send it a copy of each prediction they answered and count
how its answers compare (roro_runtime.traffic).
"""
import importlib
import inspect
import json
import sys
import time
import traceback
import uuid

from roro_runtime import answers, bodies, settings
from roro_runtime.answers import DEADLINE, TIMED_OUT, Answer, BadInput, Outcome, PredictionTimeout
from roro_runtime.batches import BatchAnswers
from roro_runtime.bodies import RequestTimeout
from roro_runtime.metrics import Metrics
from roro_runtime.traffic import LiveGate, ShadowCopies  # noqa: F401 (LiveGate: what roro's tests import here)

def load_functions(reference, app_dir):
    """The function, and its batch form when the module defines one (NAME_batch: a list of argument objects in, a
    list of results out, in the same order)."""
    function = load_function(reference, app_dir)
    batch = getattr(sys.modules[function.__module__], function.__name__ + "_batch", None)
    return function, batch if callable(batch) else None


def load_function(reference, app_dir):
    if app_dir not in sys.path:
        sys.path.insert(0, app_dir)
    if ":" in reference:
        module_name, name = reference.split(":", 1)
    else:
        module_name, _, name = reference.rpartition(".")
    module = importlib.import_module(module_name)
    function = getattr(module, name, None)
    if function is None or not callable(function):
        raise ImportError("module %s has no function %s" % (module_name, name))
    init = getattr(module, "init", None)
    if callable(init):
        init()
    return function


# the router's own refusals (roro's nginx config passes them here to be counted, route "router")
ROUTER_ERROR = "/__roro/router-error/"
ROUTER_ERRORS = {
    "400": ("400 Bad Request", "bad request: the router could not read it"),
    "405": ("405 Method Not Allowed", "method not allowed"),
    "413": ("413 Payload Too Large", "request body larger than 10 MB"),
    "414": ("414 URI Too Long", "request URI too long"),
    "429": ("429 Too Many Requests", "too many requests at once from this client"),
    "501": ("501 Not Implemented", "not implemented (method or transfer encoding)"),
}


class Arguments:
    """Whether a request's arguments fit the function, without inspect's bind (the slowest part of a small
    request): every required keyword given and no unknown one. What does not fit goes through bind, whose message
    says what is wrong."""

    def __init__(self, signature):
        params = signature.parameters.values()
        keyword = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        self.any_name = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params)
        self.names = frozenset(p.name for p in params if p.kind in keyword)
        self.required = frozenset(p.name for p in params if p.kind in keyword and p.default is p.empty)
        # a positional-only parameter without a default cannot be given by name: bind says so
        self.never = any(p.kind == inspect.Parameter.POSITIONAL_ONLY and p.default is p.empty for p in params)

    def fit(self, payload):
        if self.never:
            return False
        keys = payload.keys()
        return self.required <= keys and (self.any_name or keys <= self.names)


class Service(BatchAnswers):
    def __init__(self, function, model_version, cors_origins, metrics, path_prefix="", gate=None,
                 batch_function=None):
        self.gate = gate or LiveGate("", "")
        self.function = function
        self.batch_function = batch_function
        self.path_prefix = path_prefix.rstrip("/")
        self.name = function.__name__
        self.signature = inspect.signature(function)
        self.arguments = Arguments(self.signature)
        self.model_version = model_version
        self.cors_origins = cors_origins
        self.cors_listed = cors_origins.split()
        self.metrics = metrics
        self.shadow = ShadowCopies(metrics)

    PREDICTIONS = ("/", "/batch")

    def copy_to_shadow(self, environ, route, raw, status, body):
        """After a routed prediction was answered: its copy to the shadow, if one runs."""
        if raw is not None and (route in self.PREDICTIONS or route == "/" + self.name):
            ports = self.gate.shadow_ports(environ)
            if ports:
                self.shadow.send(ports, route, raw, int(status.split(" ")[0]), body)

    def __call__(self, environ, start_response):
        if not self.gate.admits(environ):
            start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Content-Length", "0"),
                                                       ("X-Roro-Standby", self.model_version)])
            return [b""]
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")
        path = self.local_path(environ.get("PATH_INFO", "/") or "/")
        raw = []
        try:
            status, body, content_type, route = self.dispatch(method, path, environ, raw)
        except Exception:  # whatever escapes is still a JSON answer, counted like any other
            error_id = uuid.uuid4().hex[:12]
            sys.stderr.write("roro: error %s serving %s %s\n%s" % (error_id, method, path, traceback.format_exc()))
            sys.stderr.flush()
            status, body, content_type, route = self.error("500 Internal Server Error",
                                                           "internal error %s (see the service log)" % error_id,
                                                           "other")
        headers = [("Content-Length", str(len(body)))] + self.headers(content_type, environ.get("HTTP_ORIGIN"))
        start_response(status, headers)
        self.metrics.observe(route, status.split(" ")[0], time.perf_counter() - started)
        self.copy_to_shadow(environ, route, raw[0] if raw else None, status, body)
        return [body]

    def local_path(self, path):
        """The path without the Ingress prefix (probes use the unprefixed paths)."""
        if self.path_prefix and (path == self.path_prefix or path.startswith(self.path_prefix + "/")):
            return path[len(self.path_prefix):] or "/"
        return path

    def headers(self, content_type, origin=None):
        headers = [("Content-Type", content_type), ("X-Roro-Model-Version", self.model_version)]
        allowed = self.allowed_origin(origin)
        if allowed:
            headers.append(("Access-Control-Allow-Origin", allowed))
            headers.append(("Access-Control-Allow-Headers", "Content-Type, Authorization"))
        if self.cors_origins and allowed != "*":
            headers.append(("Vary", "Origin"))
        return headers

    def allowed_origin(self, origin):
        """The Access-Control-Allow-Origin answer: "*", or the request's Origin when roro.yml lists it (a header
        names one origin: a list in it is refused by browsers)."""
        listed = self.cors_listed
        if listed == ["*"]:
            return "*"
        return origin if origin and origin in listed else None

    def takes_body(self, method, path):
        return method == "POST" and path in ("/", "/" + self.name, "/batch")

    def dispatch(self, method, path, environ, raw=None):
        """The answer; the body as read is appended to raw (for a shadow's copy)."""
        def payload():
            value = self.read_json(environ)
            if raw is not None:
                raw.append(json.dumps(value).encode())
            return value
        return self.route(method, path, payload)

    def route(self, method, path, read_payload):
        """One request: read_payload() gives the parsed body (or raises ValueError for a 400, RequestTimeout for a
        408); returns its Answer."""
        if path == "/health" and method == "GET":
            return Answer("200 OK", self.json({"status": "ok", "model_version": self.model_version}),
                          "application/json", "/health")
        if path == "/metrics" and method == "GET":
            return Answer("200 OK", self.metrics.render(self.model_version).encode(), "text/plain; version=0.0.4",
                          "/metrics")
        if method == "OPTIONS":
            return Answer("204 No Content", b"", "text/plain", "options")
        if path in ("/", "/" + self.name, "/batch"):
            if method != "POST":
                return self.error("405 Method Not Allowed", "use POST with a JSON body", path)
            try:
                payload = read_payload()
            except ValueError as e:
                return self.error("400 Bad Request", str(e), path)
            except RequestTimeout as e:
                return self.error("408 Request Timeout", str(e), path)
            if path == "/batch":
                if not isinstance(payload, list):
                    return self.error("400 Bad Request", "/batch takes a JSON list of objects", path)
                if self.batch_function is not None:
                    return self.call_batch(payload, path)
                results = []
                for i, item in enumerate(payload):
                    outcome = self.call(item, "item %d: " % i)
                    if not outcome.ok():
                        return outcome.answer(path)
                    results.append(outcome.result)
                return Answer("200 OK", self.json(results), "application/json", path)
            return self.call(payload, "").answer(path)
        if path.startswith(ROUTER_ERROR) and method == "GET" and path[len(ROUTER_ERROR):] in ROUTER_ERRORS:
            # the router refused a request itself and asks this backend to answer it, so /metrics counts it
            return self.error(*ROUTER_ERRORS[path[len(ROUTER_ERROR):]], "router")
        return self.error("404 Not Found", "no route %s; POST / or /%s, GET /health" % (path, self.name), "other")

    def read_json(self, environ):
        return bodies.read_wsgi_json(environ)

    @staticmethod
    def parse_json(raw):
        return bodies.parse_json(raw)

    def check(self, payload, prefix):
        """None when payload is the function's arguments, else the 400 Answer."""
        if not isinstance(payload, dict):
            return self.error("400 Bad Request", prefix + "the body must be a JSON object of arguments", "")
        if self.arguments.fit(payload):
            return None
        try:
            self.signature.bind(**payload)
        except TypeError as e:
            return self.error("400 Bad Request", prefix + "%s; %s takes %s" % (e, self.name, self.signature), "")
        return None

    def internal_error(self, error_id, route):
        if error_id == TIMED_OUT:
            return self.error("504 Gateway Timeout", answers.timed_out_message(), route)
        return self.error("500 Internal Server Error", "internal error %s (see the service log)" % error_id, route)

    def call(self, payload, prefix):
        """The Outcome of the served function on payload."""
        problem = self.check(payload, prefix)
        if problem is not None:
            return Outcome.failed(problem)
        try:
            with DEADLINE:
                result = self.function(**payload)
            body = self.json(result)  # encoded once: what cannot be encoded is this request's 500
        except PredictionTimeout:
            sys.stderr.write("roro: %s(%s) stopped: %s\n" % (self.name, ", ".join(sorted(payload)),
                                                            answers.timed_out_message()))
            sys.stderr.flush()
            return Outcome.failed(self.internal_error(TIMED_OUT, ""))
        except BadInput as e:  # the project's own 400, with its message
            return Outcome.failed(self.error("400 Bad Request", prefix + str(e), ""))
        except Exception:  # the client gets an id, the log gets the traceback
            error_id = uuid.uuid4().hex[:12]
            sys.stderr.write("roro: error %s in %s(%s)\n%s" % (error_id, self.name, ", ".join(sorted(payload)),
                                                                 traceback.format_exc()))
            sys.stderr.flush()
            return Outcome.failed(self.error("500 Internal Server Error",
                                             "internal error %s (see the service log)" % error_id, ""))
        return Outcome("200 OK", body, "application/json", result)

    def error(self, status, message, route):
        return Answer(status, self.json({"error": message}), "application/json", route)

    @staticmethod
    def json(value):
        return answers.to_json(value)


def create_service():
    given = settings.current()
    if not given.function:
        raise settings.SettingsError("RORO_FUNCTION is not set: which module.function to serve")
    function, batch = load_functions(given.function, given.app_dir)
    return Service(function, given.model_version, given.cors_origins, Metrics(given.metrics_dir), given.path_prefix,
                   LiveGate(given.live_file, given.generation), batch)


def create_app():
    """What gunicorn serves: the asyncio app when its worker runs (gunicorn_conf.ASYNC), else the WSGI one."""
    from roro_runtime import gunicorn_conf
    service = create_service()
    answers.install()
    if gunicorn_conf.ASYNC:
        from roro_runtime.aserve import application
        return application(service)
    return service


app = create_app() if settings.current().function else None
