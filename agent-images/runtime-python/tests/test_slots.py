"""The live generation's workers hold the router's other slot while they are the only live generation, and let go of
it for the next one without a refused connection (roro_runtime.slots), under gunicorn as a service runs them."""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import unittest

import scratch
import served

from roro_runtime.traffic import sole
from served import HAVE_SERVER, free_port


class HoldsTest(unittest.TestCase):
    def test_only_a_generation_named_alone_or_a_first_start_holds_the_other_slot(self):
        self.assertTrue(sole("g1\n", "g1"))
        self.assertTrue(sole("none", "g1"))
        self.assertFalse(sole("g1 g2:standby", "g1"), "a serve's new generation waits for the port")
        self.assertFalse(sole("g2 g1", "g1"), "a hand-over's overlap")
        self.assertFalse(sole("g1:90 g2:10", "g1"), "a canary has the other slot")
        self.assertFalse(sole("g1 g2:shadow@9001", "g1"), "a shadow too")
        self.assertFalse(sole("g2", "g1"))


@unittest.skipUnless(HAVE_SERVER, "no gunicorn or httptools here (.ci/run installs them)")
class OtherSlotTest(unittest.TestCase):
    def setUp(self):
        self.live = os.path.join(scratch.directory(self), "svc")
        self.write_live("g1")
        self.port, self.other = free_port(), free_port()
        self.server = served.start(self, self.port, RORO_WORKERS="2", RORO_OTHER_SLOT_PORT=str(self.other),
                                   RORO_LIVE_FILE=self.live, RORO_GENERATION="g1")
        if not self.until(lambda: self.status(self.port) == 200 and self.status(self.other) == 200):
            self.fail("the service did not start: %s" % self.server.stderr.read1(2000))

    def write_live(self, text):
        with open(self.live + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(self.live + ".tmp", self.live)

    @staticmethod
    def until(condition, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return False

    @staticmethod
    def status(port, connection=None):
        try:
            c = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/health")
            r = c.getresponse()
            r.read()
            if connection is None:
                c.close()
            return r.status
        except OSError:
            return None

    def next_generation(self):
        """A listener as the next generation's gunicorn makes it: it binds beside the workers."""
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind(("127.0.0.1", self.other))
        s.listen(128)
        s.setblocking(False)
        self.addCleanup(s.close)
        return s

    def test_the_other_slot_goes_to_the_next_generation_without_a_refused_or_lost_request(self):
        idle = http.client.HTTPConnection("127.0.0.1", self.other, timeout=10)
        self.assertEqual(200, self.status(self.other, idle), "the live generation answers on the other slot")
        answers = []

        def slow_request():  # asked on the other slot before the serve marks its generation standby
            c = http.client.HTTPConnection("127.0.0.1", self.other, timeout=10)
            c.request("POST", "/", body=json.dumps({"seconds": 1}))
            r = c.getresponse()
            answers.append((r.status, json.loads(r.read())))
            # said in the answer, or (the prediction held the worker's loop past the release) right after it
            answers.append(r.getheader("Connection") == "close" or c.sock.recv(100) == b"")
        flight = threading.Thread(target=slow_request)
        flight.start()
        time.sleep(0.3)
        successor = self.next_generation()  # binds while the workers still listen: the port never refuses
        self.write_live("g1 g2:standby")
        self.assertEqual(b"", idle.sock.recv(100), "the idle connection from the other slot is closed")
        flight.join(10)
        self.assertEqual([(200, {"slept": 1}), True], answers, "the busy one answered, then closed")

        clients = []
        for _ in range(20):  # every new connection now reaches the next generation alone
            c = socket.create_connection(("127.0.0.1", self.other), timeout=5)
            clients.append(c)
            self.addCleanup(c.close)
        accepted = []
        self.assertTrue(self._accept_all(successor, accepted, 20),
                        "%d of 20 connections reached the next generation" % len(accepted))
        self.assertEqual(200, self.status(self.port), "its own slot still served")

        successor.close()  # the serve failed and the file names g1 alone again: the workers take the slot back
        self.write_live("g1")
        self.assertTrue(self.until(lambda: self.status(self.other) == 200, 5))

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"), "needs root to be another user")
    def test_another_local_user_cannot_take_the_held_slot(self):
        join = ("import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1); "
                "s.bind(('127.0.0.1', %d)); s.listen(); print('joined')" % self.other)
        taken = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable,
                                "-c", join], capture_output=True, text=True, timeout=30)
        self.assertNotIn("joined", taken.stdout)
        self.assertIn("Address already in use", taken.stderr)
        self.assertEqual(200, self.status(self.other))

    @staticmethod
    def _accept_all(listener, accepted, count):
        deadline = time.time() + 5
        while len(accepted) < count and time.time() < deadline:
            try:
                accepted.append(listener.accept()[0])
            except BlockingIOError:
                time.sleep(0.02)
        for a in accepted:
            a.close()
        return len(accepted) == count


if __name__ == "__main__":
    unittest.main()
