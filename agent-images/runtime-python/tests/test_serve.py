"""The serving app as WSGI, without gunicorn or Docker: routing, argument errors, the path prefix."""
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from roro_runtime.metrics import Metrics  # noqa: E402
from roro_runtime.serve import LiveGate, Service  # noqa: E402


def score(amount, years=1):
    return {"risk": amount / (years * 1000.0)}


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.metrics_dir = tempfile.mkdtemp()

    def service(self, prefix=""):
        return Service(score, "credit-model:v3", "", Metrics(self.metrics_dir), prefix)

    def request(self, service, method, path, body=None, routed=False):
        raw = json.dumps(body).encode() if body is not None else b""
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(raw)),
                   "wsgi.input": io.BytesIO(raw)}
        if routed:
            environ["HTTP_X_RORO_ROUTED"] = "1"
        seen = {}

        def start_response(status, headers):
            seen["status"] = status
            seen["headers"] = dict(headers)

        out = b"".join(service(environ, start_response))
        return int(seen["status"].split(" ")[0]), json.loads(out) if out.startswith((b"{", b"[")) else out, \
            seen["headers"]

    def test_post_calls_the_function_with_keyword_arguments(self):
        status, body, headers = self.request(self.service(), "POST", "/", {"amount": 500, "years": 2})
        self.assertEqual(200, status)
        self.assertEqual({"risk": 0.25}, body)
        self.assertEqual("credit-model:v3", headers["X-Roro-Model-Version"])

    def test_wrong_arguments_are_a_400_naming_the_signature(self):
        status, body, _ = self.request(self.service(), "POST", "/score", {"amount": 1, "colour": "red"})
        self.assertEqual(400, status)
        self.assertIn("(amount, years=1)", body["error"])

    def test_arguments_are_checked_as_python_binds_them(self):
        def keyword_only(a, *, b, c=3):
            return a + b + c

        def any_keyword(a, **rest):
            return a + len(rest)

        def positional_only(a, /, b=1):
            return a + b

        cases = [(keyword_only, {"a": 1, "b": 2}, 200), (keyword_only, {"a": 1}, 400),
                 (keyword_only, {"a": 1, "b": 2, "d": 4}, 400), (any_keyword, {"a": 1, "x": 2, "y": 3}, 200),
                 (any_keyword, {"x": 2}, 400), (positional_only, {"a": 1}, 400), (positional_only, {}, 400),
                 (score, {"amount": 1000}, 200), (score, {"years": 2}, 400)]
        for function, arguments, expected in cases:
            service = Service(function, "m:v1", "", Metrics(self.metrics_dir))
            status, body, _ = self.request(service, "POST", "/", arguments)
            self.assertEqual(expected, status, "%s(%s): %s" % (function.__name__, arguments, body))
            if expected == 400:
                self.assertIn("%s takes (" % function.__name__, body["error"])

    def test_an_answer_json_cannot_hold_is_a_500_with_an_id(self):
        service = Service(lambda x: {"s": {x}}, "m:v1", "", Metrics(self.metrics_dir))
        status, body, _ = self.request(service, "POST", "/", {"x": 1})
        self.assertEqual(500, status)
        self.assertIn("internal error", body["error"])

    def test_batch_answers_a_list(self):
        status, body, _ = self.request(self.service(), "POST", "/batch", [{"amount": 1000}, {"amount": 2000}])
        self.assertEqual(200, status)
        self.assertEqual([{"risk": 1.0}, {"risk": 2.0}], body)

    def test_an_ingress_path_prefix_is_stripped_and_probes_still_work_without_it(self):
        service = self.service("/credit/")
        self.assertEqual({"risk": 1.0}, self.request(service, "POST", "/credit", {"amount": 1000})[1])
        self.assertEqual([{"risk": 1.0}], self.request(service, "POST", "/credit/batch", [{"amount": 1000}])[1])
        self.assertEqual(200, self.request(service, "GET", "/credit/health")[0])
        self.assertEqual(200, self.request(service, "GET", "/health")[0])
        # only whole path segments are a prefix: /creditx is not /credit + x
        self.assertEqual(404, self.request(service, "POST", "/creditx", {"amount": 1})[0])


    def test_routed_requests_reach_only_the_live_generation(self):
        live = os.path.join(self.metrics_dir, "default")
        with open(live, "w") as f:
            f.write("aaaaaa\n")
        current = Service(score, "m:v1", "", Metrics(self.metrics_dir), "", LiveGate(live, "aaaaaa"))
        starting = Service(score, "m:v2", "", Metrics(self.metrics_dir), "", LiveGate(live, "bbbbbb"))
        self.assertEqual(200, self.request(current, "POST", "/", {"amount": 1000}, routed=True)[0])
        status, _, headers = self.request(starting, "POST", "/", {"amount": 1000}, routed=True)
        self.assertEqual(503, status)
        self.assertEqual("m:v2", headers["X-Roro-Standby"])
        # roro's own health probe goes to the backend directly: answered while it is not live
        self.assertEqual(200, self.request(starting, "GET", "/health")[0])

        # the hand-over: both admitted for a moment (a request retried across it always finds one), then the new
        os.replace(self._write(live + ".tmp", "bbbbbb aaaaaa\n"), live)
        self.assertEqual(200, self.request(starting, "POST", "/", {"amount": 1000}, routed=True)[0])
        self.assertEqual(200, self.request(current, "POST", "/", {"amount": 1000}, routed=True)[0])
        os.replace(self._write(live + ".tmp", "bbbbbb\n"), live)
        self.assertEqual(200, self.request(starting, "POST", "/", {"amount": 1000}, routed=True)[0])
        self.assertEqual(503, self.request(current, "POST", "/", {"amount": 1000}, routed=True)[0])

    def test_without_a_live_file_every_request_is_answered(self):
        gate = LiveGate(os.path.join(self.metrics_dir, "missing"), "aaaaaa")
        service = Service(score, "m:v1", "", Metrics(self.metrics_dir), "", gate)
        self.assertEqual(200, self.request(service, "POST", "/", {"amount": 1000}, routed=True)[0])

    def raw(self, service, raw, length=None, sock=None, stream=None):
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "CONTENT_LENGTH": str(len(raw) if length is None
                                                                                     else length),
                   "wsgi.input": stream or io.BytesIO(raw)}
        if sock is not None:
            environ["gunicorn.socket"] = sock
        seen = {}

        def start_response(status, headers):
            seen["status"] = status
            seen["headers"] = dict(headers)

        out = b"".join(service(environ, start_response))
        self.assertEqual("application/json", seen["headers"]["Content-Type"])
        return int(seen["status"].split(" ")[0]), json.loads(out)

    def test_bodies_that_are_not_plain_json_are_a_json_400_and_counted(self):
        service = self.service()
        deep = b"[" * 100000 + b"]" * 100000
        status, body = self.raw(service, deep)
        self.assertEqual(400, status)
        self.assertIn("nests too deeply", body["error"])
        for constant in (b"NaN", b"Infinity", b"-Infinity"):
            status, body = self.raw(service, b'{"amount": ' + constant + b"}")
            self.assertEqual(400, status, constant)
            self.assertIn(constant.decode().lstrip("-") + " is not JSON", body["error"])
        status, body = self.raw(service, b'{"amount": 1}', length=50)
        self.assertEqual(400, status)
        self.assertIn("ended after 13 of the 50 bytes", body["error"])
        self.assertIn('roro_requests_total{route="/",status="400"} 5', service.metrics.render("m:v1"))

    def test_a_body_that_stops_coming_is_a_408_after_the_body_timeout(self):
        import socket
        from roro_runtime import bodies
        ours, theirs = socket.socketpair()
        self.addCleanup(ours.close)
        self.addCleanup(theirs.close)
        theirs.sendall(b'{"amount": ')  # and nothing more, without closing
        saved, bodies.BODY_TIMEOUT_S = bodies.BODY_TIMEOUT_S, 0.3
        try:
            status, body = self.raw(self.service(), b"", length=40, sock=ours, stream=ours.makefile("rb"))
        finally:
            bodies.BODY_TIMEOUT_S = saved
        self.assertEqual(408, status)
        self.assertIn("none came for 0.3s", body["error"])
        self.assertIsNone(ours.gettimeout(), "the socket's own timeout is put back")

    def test_an_exception_outside_the_function_is_still_a_json_500_and_counted(self):
        service = self.service()
        service.read_json = lambda environ: 1 / 0
        status, body = self.raw(service, b"{}")
        self.assertEqual(500, status)
        self.assertIn("internal error", body["error"])
        self.assertIn("roro_errors_total 1", service.metrics.render("m:v1"))

    def test_a_prediction_over_its_time_is_stopped_answered_504_once_and_counted(self):
        import time
        from roro_runtime import answers
        calls = []

        def slow(x):
            calls.append(x)
            time.sleep(5)
            return {"late": True}

        saved, answers.TIMEOUT_S = answers.TIMEOUT_S, 0.3
        answers.install()
        try:
            service = Service(slow, "m:v1", "", Metrics(self.metrics_dir))
            started = time.monotonic()
            status, body, _ = self.request(service, "POST", "/", {"x": 1})
            took = time.monotonic() - started
        finally:
            answers.TIMEOUT_S = saved
        self.assertEqual(504, status)
        self.assertIn("took longer than 0.3s", body["error"])
        self.assertLess(took, 2, "stopped at its time, not when it would have ended")
        self.assertEqual([1], calls, "run once")
        self.assertIn("roro_errors_total 1", service.metrics.render("m:v1"))
        # the worker goes on answering
        service.function = lambda x: {"x": x}
        self.assertEqual(200, self.request(service, "POST", "/", {"x": 2})[0])

    def test_a_listed_origin_is_answered_alone_and_others_get_no_cors_header(self):
        service = Service(score, "m:v1", "https://a.example.com https://b.example.com", Metrics(self.metrics_dir))

        def answer(origin):
            environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "CONTENT_LENGTH": "14",
                       "wsgi.input": io.BytesIO(b'{"amount": 10}'), "HTTP_ORIGIN": origin}
            seen = {}
            service(environ, lambda status, headers: seen.update(headers))
            return seen

        self.assertEqual("https://b.example.com", answer("https://b.example.com")["Access-Control-Allow-Origin"])
        self.assertEqual("Origin", answer("https://b.example.com")["Vary"])
        self.assertNotIn("Access-Control-Allow-Origin", answer("https://evil.example.com"))
        anyone = Service(score, "m:v1", "*", Metrics(self.metrics_dir))
        self.assertEqual("*", dict(anyone.headers("application/json", "https://x"))["Access-Control-Allow-Origin"])

    def test_the_routers_own_refusals_are_answered_here_to_be_counted(self):
        service = self.service()
        status, body, _ = self.request(service, "GET", "/__roro/router-error/413")
        self.assertEqual(413, status)
        self.assertEqual("request body larger than 10 MB", body["error"])
        self.assertEqual(404, self.request(service, "GET", "/__roro/router-error/999")[0])
        rendered = service.metrics.render("m:v1")
        self.assertIn('roro_requests_total{route="router",status="413"} 1', rendered)

    def test_nan_and_infinity_are_answered_as_null_never_as_invalid_json(self):
        service = Service(lambda x: {"score": float("nan"), "bounds": [float("-inf"), 1.5]}, "m:v1", "",
                          Metrics(self.metrics_dir))
        status, body, _ = self.request(service, "POST", "/", {"x": 1})
        self.assertEqual(200, status)
        self.assertEqual({"score": None, "bounds": [None, 1.5]}, body)

    @staticmethod
    def _write(path, text):
        with open(path, "w") as f:
            f.write(text)
        return path


if __name__ == "__main__":
    unittest.main()
