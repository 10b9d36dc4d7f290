"""Prometheus metrics for the serving process, summed over gunicorn's worker processes.

Each worker counts in memory and, from a background thread, writes a snapshot to RORO_METRICS_DIR every half
second; /metrics sums all snapshots (its own live counters instead of its snapshot). Files of workers that
exited are kept, so counters never go backwards while the container lives.
"""
import bisect
import itertools
import json
import os
import threading
import time

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0,
           10.0)
# routes that are not predictions: their latency would hide a slow model (roro judges a canary's p99 on the rest)
NOT_PREDICTIONS = ("/health", "/metrics", "options", "router")
SHADOW_KEYS = ("requests", "errors", "differ", "skipped")


class Metrics:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.requests = {}
        self.buckets = [0] * len(BUCKETS)
        self.latency_sum = 0.0
        self.latency_count = 0
        self.shadow = {key: 0 for key in SHADOW_KEYS}
        self.shadow_buckets = [0] * len(BUCKETS)
        self.shadow_sum = 0.0
        self.pid = None
        self.writer = None

    def _start_writer(self):
        # gunicorn forks after import: start the thread in the worker, on first use
        if self.pid == os.getpid():
            return
        self.pid = os.getpid()
        os.makedirs(self.directory, exist_ok=True)
        self.writer = threading.Thread(target=self._write_loop, daemon=True)
        self.writer.start()

    def observe(self, route, status, seconds):
        self._start_writer()
        with self.lock:
            key = route + "|" + str(status)
            self.requests[key] = self.requests.get(key, 0) + 1
            if route in NOT_PREDICTIONS:
                return
            self.latency_sum += seconds
            self.latency_count += 1
            _count(self.buckets, seconds)

    def observe_shadow(self, seconds, error, differ):
        """A copy answered by the shadow: how long it took, whether it failed, whether its answer differed."""
        self._start_writer()
        with self.lock:
            self.shadow["requests"] += 1
            self.shadow["errors"] += 1 if error else 0
            self.shadow["differ"] += 1 if differ else 0
            self.shadow_sum += seconds
            _count(self.shadow_buckets, seconds)

    def shadow_skipped(self):
        self._start_writer()
        with self.lock:
            self.shadow["skipped"] += 1

    def snapshot(self):
        with self.lock:
            return {"requests": dict(self.requests), "buckets": _cumulative(self.buckets),
                    "sum": self.latency_sum, "count": self.latency_count, "shadow": dict(self.shadow),
                    "shadow_buckets": _cumulative(self.shadow_buckets), "shadow_sum": self.shadow_sum}

    def _write_loop(self):
        path = os.path.join(self.directory, "worker-%d.json" % os.getpid())
        while True:
            time.sleep(0.5)
            self._write(path)

    def _write(self, path):
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.snapshot(), f)
        os.replace(tmp, path)

    def render(self, model_version):
        self._start_writer()
        total = {"requests": {}, "buckets": [0] * len(BUCKETS), "sum": 0.0, "count": 0,
                 "shadow": {key: 0 for key in SHADOW_KEYS}, "shadow_buckets": [0] * len(BUCKETS), "shadow_sum": 0.0}
        own = "worker-%d.json" % os.getpid()
        snapshots = [self.snapshot()]
        try:
            names = os.listdir(self.directory)
        except OSError:
            names = []
        for name in names:
            if name.endswith(".json") and name != own:
                try:
                    with open(os.path.join(self.directory, name)) as f:
                        snapshots.append(json.load(f))
                except (OSError, ValueError):
                    pass
        for snap in snapshots:
            for key, value in snap["requests"].items():
                total["requests"][key] = total["requests"].get(key, 0) + value
            total["buckets"] = [a + b for a, b in zip(total["buckets"], snap["buckets"])]
            total["sum"] += snap["sum"]
            total["count"] += snap["count"]
            if len(snap.get("shadow_buckets", ())) == len(BUCKETS):  # a snapshot of this version
                for key in SHADOW_KEYS:
                    total["shadow"][key] += snap["shadow"].get(key, 0)
                total["shadow_buckets"] = [a + b for a, b in zip(total["shadow_buckets"], snap["shadow_buckets"])]
                total["shadow_sum"] += snap["shadow_sum"]
        lines = [
            "# HELP roro_requests_total Requests by route and HTTP status.",
            "# TYPE roro_requests_total counter",
        ]
        for key in sorted(total["requests"]):
            route, status = key.split("|")
            lines.append('roro_requests_total{route="%s",status="%s"} %d' % (route, status, total["requests"][key]))
        errors = sum(v for k, v in total["requests"].items() if k.split("|")[1].startswith("5"))
        lines += ["# HELP roro_errors_total Requests answered with a 5xx status.",
                  "# TYPE roro_errors_total counter", "roro_errors_total %d" % errors,
                  "# HELP roro_request_seconds Time to answer a prediction (not /health or /metrics).",
                  "# TYPE roro_request_seconds histogram"]
        lines += _histogram("roro_request_seconds", total["buckets"], total["sum"], total["count"])
        for key in SHADOW_KEYS:
            lines += ["# HELP roro_shadow_%s_total Copies of predictions sent to the shadow: %s." % (key, {
                "requests": "answered or failed", "errors": "answered 5xx or not at all",
                "differ": "answered otherwise than the live version", "skipped": "not sent, the shadow lagged"}[key]),
                      "# TYPE roro_shadow_%s_total counter" % key, "roro_shadow_%s_total %d" % (key, total["shadow"][key])]
        lines += ["# HELP roro_shadow_seconds Time the shadow took to answer a copy.",
                  "# TYPE roro_shadow_seconds histogram"]
        lines += _histogram("roro_shadow_seconds", total["shadow_buckets"], total["shadow_sum"],
                            total["shadow"]["requests"])
        lines += ["# HELP roro_model_info The model version this service answers with.",
                  "# TYPE roro_model_info gauge", 'roro_model_info{version="%s"} 1' % model_version]
        return "\n".join(lines) + "\n"


def _count(buckets, seconds):
    """Counts seconds in the first bucket it fits; _cumulative makes Prometheus' counts of them (le = at most)."""
    i = bisect.bisect_left(BUCKETS, seconds)
    if i < len(buckets):
        buckets[i] += 1


def _cumulative(buckets):
    return list(itertools.accumulate(buckets))


def _histogram(name, buckets, total, count):
    lines = ['%s_bucket{le="%s"} %d' % (name, bound, n) for bound, n in zip(BUCKETS, buckets)]
    return lines + ['%s_bucket{le="+Inf"} %d' % (name, count), "%s_sum %.6f" % (name, total), "%s_count %d" % (name, count)]
