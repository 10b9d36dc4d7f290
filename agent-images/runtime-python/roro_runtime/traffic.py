"""Which routed requests this backend answers, and the copies a live backend sends to a shadow.

roro writes one live file per service (RORO_LIVE_FILE, mounted read-only) and swaps it with one rename; each
whitespace-separated token names a generation of backends:
    GEN                  answers every routed request
    GEN:SHARE            answers SHARE percent of them: the requests whose bucket falls in its range
    GEN:shadow@P1,P2     answers none; the live backends send it a copy of each prediction (ports P1, P2)
    GEN:standby          answers none; a serve's new generation while it takes its slot over (roro_runtime.slots)
A canary at 10% is "stable:90 canary:10". Ranges follow each other in the order written, starting again at 0
after 100, so the file written while one state hands over to the next ("new tokens, then old tokens") admits
every bucket. A request's bucket comes from the id the router gives it (X-Roro-Request, nginx's $request_id): a
request retried on another backend keeps its bucket, so exactly one generation takes it.
"""
import json
import os
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import List, NamedTuple, Tuple


def bucket_of(request_id):
    """0-99 from the router's random request id (hex); 0 without one."""
    try:
        return int(request_id[:8], 16) % 100
    except ValueError:
        return 0


class Admission(NamedTuple):
    """What a live file says of one generation: whether it takes every routed request, else the bucket ranges
    [start, end) of the requests it takes; and the ports of another generation's shadow to copy requests to."""
    everything: bool
    ranges: List[Tuple[int, int]]
    shadow: List[int]


def admission(text, generation):
    """The Admission of generation from a live file's text."""
    everything, ranges, shadow, total = False, [], [], 0
    for token in text.split():
        name, _, rest = token.partition(":")
        if rest.startswith("shadow@"):
            if name != generation:
                shadow = [int(p) for p in rest[len("shadow@"):].split(",") if p.isdigit()]
            continue
        if not rest:
            everything = everything or name == generation
            continue
        share = int(rest) if rest.isdigit() else 0
        start = total % 100
        total += share
        if name == generation:
            ranges.append((start, start + share))
    return Admission(everything, ranges, shadow)


def sole(text, generation):
    """Whether a live file's text names generation alone, or none yet (a first start): then its workers hold the
    router's other slot too (roro_runtime.slots)."""
    tokens = text.split()
    return tokens == [generation] or tokens == ["none"]


class LiveGate:
    """Whether this backend takes a routed request, read from the live file when it changes."""

    def __init__(self, live_file, generation):
        self.live_file = live_file
        self.generation = generation
        self.seen = None
        self.everything = True
        self.ranges = []
        self.shadow = []
        self.sole = False
        self.changed = []  # called after a new text is read: roro_runtime.slots lets go of a slot at once

    def refresh(self):
        try:
            stat = os.stat(self.live_file)
            key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            if key != self.seen:
                with open(self.live_file) as f:
                    text = f.read()
                self.everything, self.ranges, self.shadow = admission(text, self.generation)
                self.sole = sole(text, self.generation)
                self.seen = key
                for callback in self.changed:
                    callback()
        except OSError:
            self.everything, self.ranges, self.shadow = True, [], []  # no live file: nothing to tell apart
            self.sole = False
            self.seen = None

    def admits(self, environ):
        if not self.live_file or not environ.get("HTTP_X_RORO_ROUTED"):
            return True
        self.refresh()
        if self.everything:
            return True
        bucket = bucket_of(environ.get("HTTP_X_RORO_REQUEST", ""))
        return any(start <= bucket < end for start, end in self.ranges)

    def shadow_ports(self, environ):
        """Where a copy of this routed request goes: the shadow's ports (none for direct requests)."""
        if not self.live_file or not environ.get("HTTP_X_RORO_ROUTED"):
            return []
        self.refresh()
        return self.shadow


class ShadowCopies:
    """Sends copies of answered predictions to a shadow and counts how its answers compare with the live ones.

    Copies are sent from a few threads after the user has the answer; when they cannot keep up, copies are
    skipped (counted), never queued without bound or waited for by a user's request."""

    def __init__(self, metrics, threads=4, max_pending=256):
        self.metrics = metrics
        self.threads = threads
        self.max_pending = max_pending
        self.lock = threading.Lock()
        self.pending = 0
        self.turn = 0
        self.pid = None
        self.executor = None

    def send(self, ports, path, body, status, answer):
        if not ports:
            return
        with self.lock:
            if self.pid != os.getpid():  # gunicorn forks after import: the threads belong to the worker
                self.pid = os.getpid()
                self.executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="roro-shadow")
                self.pending = 0
            if self.pending >= self.max_pending:
                self.metrics.shadow_skipped()
                return
            self.pending += 1
            self.turn += 1
            port = ports[self.turn % len(ports)]
        self.executor.submit(self._copy, port, path, body, status, answer)

    def _copy(self, port, path, body, status, answer):
        started = time.perf_counter()
        try:
            request = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=body, method="POST",
                                             headers={"Content-Type": "application/json", "X-Roro-Shadow": "1"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    code, shadow_answer = response.status, response.read()
            except urllib.error.HTTPError as e:
                code, shadow_answer = e.code, e.read()
            except OSError:
                code, shadow_answer = 599, b""  # no answer at all: an error of the shadow
            self.metrics.observe_shadow(time.perf_counter() - started, code >= 500,
                                        code != status or not same_json(shadow_answer, answer))
        finally:
            with self.lock:
                self.pending -= 1


def same_json(a, b):
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return a == b
