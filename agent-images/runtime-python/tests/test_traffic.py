"""Canary shares and shadow copies as a backend applies them from the live file, without gunicorn or Docker."""
import io
import json
import os
import sys
import threading
import time
import unittest

import scratch
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from roro_runtime.metrics import Metrics  # noqa: E402
from roro_runtime.serve import Service  # noqa: E402
from roro_runtime.traffic import LiveGate, admission, bucket_of  # noqa: E402


def score(amount, years=1):
    return {"risk": amount / (years * 1000.0)}


def routed(request_id):
    return {"HTTP_X_RORO_ROUTED": "1", "HTTP_X_RORO_REQUEST": request_id}


class TrafficTest(unittest.TestCase):
    def setUp(self):
        self.dir = scratch.directory(self)
        self.live = os.path.join(self.dir, "default")

    def write(self, text):
        with open(self.live + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(self.live + ".tmp", self.live)

    def test_a_canary_takes_its_share_and_every_request_goes_to_exactly_one_generation(self):
        self.write("aaaaaa:80 bbbbbb:20")
        stable, canary = LiveGate(self.live, "aaaaaa"), LiveGate(self.live, "bbbbbb")
        ids = [uuid.uuid4().hex for _ in range(5000)]
        to_canary = 0
        for rid in ids:
            a, b = stable.admits(routed(rid)), canary.admits(routed(rid))
            self.assertNotEqual(a, b, "request %s: stable %s, canary %s" % (rid, a, b))
            to_canary += b
        self.assertAlmostEqual(0.20, to_canary / len(ids), delta=0.03)
        # direct requests (roro's health probe, its metrics reads) are always answered
        self.assertTrue(canary.admits({"HTTP_X_RORO_REQUEST": ids[0]}))

    def test_while_a_canary_is_promoted_every_bucket_is_admitted_and_then_only_the_canary(self):
        self.write("bbbbbb aaaaaa:90 bbbbbb:10")  # the hand-over's overlap: new state, then old
        self.assertEqual((True, [(90, 100)], []), admission(open(self.live).read(), "bbbbbb"))
        self.assertEqual((False, [(0, 90)], []), admission(open(self.live).read(), "aaaaaa"))
        # and from one share to another: the ranges start again at 0 after 100
        self.assertEqual((False, [(0, 80), (0, 90)], []), admission("aaaaaa:80 bbbbbb:20 aaaaaa:90 bbbbbb:10",
                                                                   "aaaaaa"))
        self.write("bbbbbb")
        gate = LiveGate(self.live, "aaaaaa")
        self.assertFalse(any(gate.admits(routed(uuid.uuid4().hex)) for _ in range(200)))

    def test_a_standby_generation_takes_no_request_and_leaves_the_live_one_everything(self):
        self.write("aaaaaa bbbbbb:standby")  # a serve's new generation, taking its slot over
        standby, live = LiveGate(self.live, "bbbbbb"), LiveGate(self.live, "aaaaaa")
        ids = [uuid.uuid4().hex for _ in range(200)]
        self.assertFalse(any(standby.admits(routed(rid)) for rid in ids))
        self.assertTrue(all(live.admits(routed(rid)) for rid in ids))
        self.assertFalse(live.sole, "the live generation lets go of the other slot")

    def test_buckets_come_from_the_request_id(self):
        self.assertEqual(int("0000ffff", 16) % 100, bucket_of("0000ffff" + "0" * 24))
        self.assertEqual(0, bucket_of(""))
        self.assertEqual(0, bucket_of("not-hex!"))

    def test_a_shadow_gets_a_copy_of_each_prediction_and_its_differences_are_counted(self):
        answers = []

        class Shadow(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                answers.append((self.headers.get("X-Roro-Shadow"), body))
                # a deliberately different model: it answers otherwise for large amounts, fails for negative ones
                if body["amount"] < 0:
                    self.send_response(500)
                    out = b'{"error": "boom"}'
                else:
                    self.send_response(200)
                    out = json.dumps({"risk": 0.5 if body["amount"] >= 5000 else body["amount"] / 1000.0}).encode()
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Shadow)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        self.write("aaaaaa bbbbbb:shadow@%d" % server.server_port)
        metrics = Metrics(os.path.join(self.dir, "metrics"))
        live = Service(score, "m:v1", "", metrics, "", LiveGate(self.live, "aaaaaa"))
        for amount in [1000, 2000, 6000, 7000, -1]:
            raw = json.dumps({"amount": amount}).encode()
            environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "CONTENT_LENGTH": str(len(raw)),
                       "wsgi.input": io.BytesIO(raw), "HTTP_X_RORO_ROUTED": "1",
                       "HTTP_X_RORO_REQUEST": uuid.uuid4().hex}
            live(environ, lambda status, headers: None)  # users get the live answers (asserted in the e2e test)
        deadline = time.time() + 5
        while metrics.snapshot()["shadow"]["requests"] < 5 and time.time() < deadline:
            time.sleep(0.02)
        shadow = metrics.snapshot()["shadow"]
        self.assertEqual({"requests": 5, "errors": 1, "differ": 3, "skipped": 0}, shadow)
        self.assertEqual({"1"}, {header for header, _ in answers})
        text = metrics.render("m:v1")
        self.assertIn("roro_shadow_differ_total 3", text)
        self.assertIn("roro_shadow_seconds_count 5", text)

    def test_the_shadow_itself_and_direct_requests_send_no_copies(self):
        self.write("aaaaaa bbbbbb:shadow@1")
        self.assertEqual([], LiveGate(self.live, "bbbbbb").shadow_ports(routed("ab")))
        self.assertEqual([], LiveGate(self.live, "aaaaaa").shadow_ports({}))
        self.assertEqual([1], LiveGate(self.live, "aaaaaa").shadow_ports(routed("ab")))


if __name__ == "__main__":
    unittest.main()
