"""roro's gunicorn worker as a service runs it (gunicorn_conf, preloaded app): a stop (SIGTERM, what a switch sends
the generation before) answers the request in flight, closes idle keep-alive connections at once and ends."""
import http.client
import json
import signal
import threading
import time
import unittest

import served
from served import HAVE_SERVER, free_port


@unittest.skipUnless(HAVE_SERVER, "no gunicorn or httptools here (.ci/run installs them)")
class WorkerStopTest(unittest.TestCase):
    def setUp(self):
        self.port = free_port()
        self.server = served.start(self, self.port, RORO_WORKERS="1", RORO_GRACEFUL_S="10")
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.get("/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.fail("the service did not start: %s" % self.server.stderr.read1(2000))

    def get(self, path, connection=None):
        c = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()

    def test_a_stop_answers_the_request_in_flight_closes_idle_connections_and_ends(self):
        idle = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        self.assertEqual(200, self.get("/health", idle)[0])  # kept alive, then idle
        answers = []

        def slow_request():
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            c.request("POST", "/", body=json.dumps({"seconds": 1.5}))
            r = c.getresponse()
            answers.append((r.status, json.loads(r.read())))
            c.close()

        flight = threading.Thread(target=slow_request)
        flight.start()
        time.sleep(0.5)
        started = time.time()
        self.server.send_signal(signal.SIGTERM)
        # the prediction holds the worker's loop (1 s more): then the idle connection is closed, not kept until
        # the graceful timeout (10 s), and the worker ends
        self.assertEqual(b"", idle.sock.recv(100), "the idle connection is closed at the stop, not left open")
        self.assertLess(time.time() - started, 3, "closed by the stop, not by its keep-alive time (5 s)")
        idle.close()
        flight.join(10)
        self.assertEqual([(200, {"slept": 1.5})], answers, "the request in flight is answered")
        self.assertEqual(0, self.server.wait(15))
        self.assertLess(time.time() - started, 4, "ended without waiting for the graceful timeout (10 s)")
        with self.assertRaises(OSError):
            self.get("/health")


if __name__ == "__main__":
    unittest.main()
