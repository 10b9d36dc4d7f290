"""roro's serving app on asyncio (aiohttp under gunicorn): the same routes, answers, live gate and metrics as the
WSGI app in serve.py, which it reuses, plus adaptive micro-batching.

Batching: when the function's module defines NAME_batch (a list of argument objects in, a list of results out, a
row's result may be an exception: that row's error, roro_runtime.BadInput a 400) and
roro.yml sets `batch: {max_size, max_wait_ms}` (RORO_BATCH_MAX_SIZE, RORO_BATCH_MAX_WAIT_MS), single requests to
POST / are gathered and handed to NAME_batch together. A batch is computed as soon as the event loop has read what
is ready: a lone request waits for nothing, and under load the requests that arrived while the previous batch was
computed go together. max_size caps a batch; max_wait_ms caps how long a request is held for a batch to form.
"""
import asyncio
import sys
import time
import traceback
import uuid

from aiohttp import web

from roro_runtime import bodies, settings
from roro_runtime.bodies import MAX_BODY, RequestTimeout


class Batcher:
    def __init__(self, service, max_size, max_wait_s):
        self.service = service
        self.max_size = max_size
        self.max_wait_s = max_wait_s
        self.queue = []
        self.soon = None
        self.later = None

    def submit(self, payload):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.queue.append((payload, future))
        if len(self.queue) >= self.max_size:
            self.flush()
        elif self.soon is None:
            # after the requests that are ready now have been read; never later than max_wait
            self.soon = loop.call_soon(self.flush)
            self.later = loop.call_later(self.max_wait_s, self.flush) if self.max_wait_s > 0 else None
        return future

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
        if len(items) == 1:
            # a lone request is served by the function itself: its own input checks, its own errors
            outcomes = [self.service.call(items[0][0], "")]
        else:
            outcomes = self.service.run_batch([payload for payload, _ in items])
        for (_, future), outcome in zip(items, outcomes):
            if not future.done():
                future.set_result(outcome)


def application(service):
    given = settings.current()
    max_size = given.batch_max_size
    batcher = None
    if service.batch_function is not None and max_size > 1:
        batcher = Batcher(service, max_size, given.batch_max_wait_ms / 1000.0)

    async def handle(request):
        started = time.perf_counter()
        routing = {"HTTP_X_RORO_ROUTED": request.headers.get("X-Roro-Routed", ""),
                   "HTTP_X_RORO_REQUEST": request.headers.get("X-Roro-Request", "")}
        if not service.gate.admits(routing):
            return web.Response(status=503, headers={"X-Roro-Standby": service.model_version})
        method = request.method
        path = service.local_path(request.path)
        raw = b""
        failure = None
        if service.takes_body(method, path):
            try:
                raw = await read_body(request)
            except RequestTimeout as e:
                failure = e
            except ValueError as e:
                failure = e

        def payload():
            if failure is not None:
                raise failure
            return service.parse_json(raw)

        try:
            if batcher is not None and method == "POST" and path in ("/", "/" + service.name) and failure is None:
                status, body, content_type, route = await batched(payload, path)
            else:
                status, body, content_type, route = service.route(method, path, payload)
        except Exception:  # as the WSGI app: whatever escapes is a JSON 500 with an id, counted, logged
            error_id = uuid.uuid4().hex[:12]
            sys.stderr.write("roro: error %s serving %s %s\n%s" % (error_id, method, path, traceback.format_exc()))
            sys.stderr.flush()
            status, body, content_type, route = service.error(
                "500 Internal Server Error", "internal error %s (see the service log)" % error_id, "other")
        code = int(status.split(" ")[0])
        service.metrics.observe(route, str(code), time.perf_counter() - started)
        if failure is None and raw:
            service.copy_to_shadow(routing, route, raw, status, body)
        headers = dict(service.headers(content_type, request.headers.get("Origin")))
        return web.Response(status=code, body=body, headers=headers)

    async def batched(payload, path):
        try:
            parsed = payload()
        except ValueError as e:
            return service.error("400 Bad Request", str(e), path)
        problem = service.check(parsed, "")
        if problem is not None:
            return problem._replace(route=path)
        outcome = await batcher.submit(parsed)  # an Outcome, as Service.call gives
        return outcome.answer(path)

    app = web.Application(client_max_size=MAX_BODY)
    # the predictions' path first, matched as a plain string: the catch-all's pattern and unquoting cost ~5% of a
    # request's time in the worker
    app.router.add_route("POST", "/", handle)
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


async def read_body(request):
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ValueError("body is larger than %d bytes" % MAX_BODY)
    if request.content.is_eof():
        return await request.read()  # all there already (a small body comes with the headers): no timer needed
    try:
        raw = await asyncio.wait_for(request.read(), bodies.BODY_TIMEOUT_S)
    except asyncio.TimeoutError:
        raise RequestTimeout("the body did not arrive: Content-Length says %s bytes, not all came for %gs"
                             % (request.content_length, bodies.BODY_TIMEOUT_S))
    except web.HTTPRequestEntityTooLarge:
        raise ValueError("body is larger than %d bytes" % MAX_BODY)
    return raw
