"""roro's serving app on asyncio (roro_runtime.worker under gunicorn, HTTP by roro_runtime.connection): the same
routes, answers, live gate and metrics as the WSGI app in serve.py, which it reuses, plus adaptive micro-batching.

Batching: when the function's module defines NAME_batch (a list of argument objects in, a list of results out, a
row's result may be an exception: that row's error, roro_runtime.BadInput a 400) and
roro.yml sets `batch: {max_size, max_wait_ms}` (RORO_BATCH_MAX_SIZE, RORO_BATCH_MAX_WAIT_MS), single requests to
POST / are gathered and handed to NAME_batch together. A batch is computed once a pass of the event loop brings no
more requests (or after MORE_PASSES passes that did): a lone request waits for nothing (on a worker with at most
FEW_CLIENTS connections it is not queued at all), and under load the requests that arrive while others are read go
together. max_size caps a batch; max_wait_ms caps how long a request is held for a batch to form.
"""
import asyncio
import sys
import time
import traceback
import uuid

from roro_runtime import settings
from roro_runtime.connection import Reply

# a worker with this many connections or fewer has nobody to batch a request with: it is served at once, by the
# function itself (as a batch of one is). The router keeps one connection per request it has in flight: one client
# at a time gives a worker one or two, 16 give it ~8
FEW_CLIENTS = 2
# passes of the event loop a batch waits for while each brings more requests: one process at 32 connections with the
# example, 0: 18-19k req/s, 1: 28k, 2: 30-32k, 4: 30-33k; at 8 connections p50 0.57 ms with 0, 0.47-0.49 with 1-4
MORE_PASSES = 2


class Batcher:
    def __init__(self, service, max_size, max_wait_s):
        self.service = service
        self.max_size = max_size
        self.max_wait_s = max_wait_s
        self.queue = []
        self.soon = None
        self.later = None

    def submit(self, payload, clients):
        """The Outcome at once where there is nobody to batch with, else a future of it. clients: the connections
        the worker has open (a connection has one request in the worker at a time)."""
        if clients <= FEW_CLIENTS and not self.queue and self.soon is None:
            # waiting for the loop's pass to end costs a lone request ~10 us, 7 % of its time with the example
            return self.service.call(payload, "")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.queue.append((payload, future))
        if len(self.queue) >= self.max_size:
            self.flush()
        elif self.soon is None:
            # after the requests that are ready now have been read; never later than max_wait
            self.seen, self.passes = len(self.queue), 0
            self.soon = loop.call_soon(self.ready)
            self.later = loop.call_later(self.max_wait_s, self.flush) if self.max_wait_s > 0 else None
        return future

    def ready(self):
        """End of a pass of the loop: if this pass brought more requests, more are on their way (under load they
        come steadily): one more pass gathers them, up to MORE_PASSES; then the batch is computed."""
        grown = len(self.queue) > self.seen
        if grown and self.passes < MORE_PASSES:
            self.seen, self.passes = len(self.queue), self.passes + 1
            self.soon = asyncio.get_running_loop().call_soon(self.ready)
            return
        self.flush()

    def flush(self):
        for handle in (self.soon, self.later):
            if handle is not None:
                handle.cancel()
        self.soon = self.later = None
        items, self.queue = self.queue[:self.max_size], self.queue[self.max_size:]
        if self.queue:
            self.soon = asyncio.get_running_loop().call_soon(self.flush)
        if not items:
            return
        try:
            if len(items) == 1:
                # a lone request is served by the function itself: its own input checks, its own errors
                outcomes = [self.service.call(items[0][0], "")]
            else:
                outcomes = self.service.run_batch([payload for payload, _ in items])
        except Exception as e:  # roro's own failure: each request waiting for the batch gets a 500, none hangs
            for _, future in items:
                if not future.done():
                    future.set_exception(e)
            return
        for (_, future), outcome in zip(items, outcomes):
            if not future.done():
                future.set_result(outcome)


class Application:
    """Answers a connection's Request with a Reply, or a future of one when the request waits for its batch."""

    def __init__(self, service):
        self.service = service
        given = settings.current()
        self.batcher = None
        if service.batch_function is not None and given.batch_max_size > 1:
            self.batcher = Batcher(service, given.batch_max_size, given.batch_max_wait_ms / 1000.0)
        self.batched_paths = ("/", "/" + service.name)
        self.standby = [("Content-Type", "text/plain"), ("X-Roro-Standby", service.model_version)]

    def __call__(self):
        """gunicorn loads only what it can call; its worker here takes the object itself (roro_runtime.worker)."""
        return self

    def handle(self, request):
        started = time.perf_counter()
        service = self.service
        headers = request.headers
        routing = {"HTTP_X_RORO_ROUTED": headers.get("x-roro-routed", ""),
                   "HTTP_X_RORO_REQUEST": headers.get("x-roro-request", "")}
        if not service.gate.admits(routing):
            return Reply("503 Service Unavailable", b"", self.standby)
        method = request.method
        path = service.local_path(request.path)
        takes_body = service.takes_body(method, path)
        raw = request.body if takes_body else b""
        failure = request.failure if takes_body else None
        try:
            if self.batcher is not None and method == "POST" and path in self.batched_paths and failure is None:
                answer = self.batched(request, raw, path)
                if isinstance(answer, asyncio.Future):
                    reply = asyncio.get_running_loop().create_future()
                    answer.add_done_callback(lambda done: reply.set_result(
                        self.finish(request, routing, raw, failure, started, self.outcome(done, method, path))))
                    return reply
            else:
                answer = service.route(method, path, lambda: self.payload(raw, failure))
        except Exception:
            answer = self.internal_error(method, path)
        return self.finish(request, routing, raw, failure, started, answer)

    def payload(self, raw, failure):
        if failure is not None:
            raise failure
        return self.service.parse_json(raw)

    def batched(self, request, raw, path):
        """The Answer at once (bad JSON or arguments), or a future of the batch's Outcome."""
        service = self.service
        try:
            parsed = service.parse_json(raw)
        except ValueError as e:
            return service.error("400 Bad Request", str(e), path)
        problem = service.check(parsed, "")
        if problem is not None:
            return problem._replace(route=path)
        outcome = self.batcher.submit(parsed, request.clients)
        return outcome if isinstance(outcome, asyncio.Future) else outcome.answer(path)

    def outcome(self, done, method, path):
        try:
            return done.result().answer(path)
        except Exception:
            return self.internal_error(method, path)

    def internal_error(self, method, path):
        """As the WSGI app: whatever escapes is a JSON 500 with an id, counted, logged."""
        error_id = uuid.uuid4().hex[:12]
        sys.stderr.write("roro: error %s serving %s %s\n%s" % (error_id, method, path, traceback.format_exc()))
        sys.stderr.flush()
        return self.service.error("500 Internal Server Error", "internal error %s (see the service log)" % error_id,
                                  "other")

    def finish(self, request, routing, raw, failure, started, answer):
        status, body, content_type, route = answer
        service = self.service
        service.metrics.observe(route, status[:3], time.perf_counter() - started)
        if failure is None and raw:
            service.copy_to_shadow(routing, route, raw, status, body)
        return Reply(status, body, service.headers(content_type, request.headers.get("origin")))


def application(service):
    return Application(service)
