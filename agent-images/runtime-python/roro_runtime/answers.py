"""How a prediction is answered: within its time (timeout_s) and as valid JSON.

Deadline: the function runs in the worker's main thread (sync and asyncio workers alike); a real-time timer
(SIGALRM) interrupts it at RORO_TIMEOUT_S, and the request is answered 504 once, counted as any 5xx: never run
again elsewhere (the router retries only refusals, and a 503 of a backend that did not run it). Code that does
not return to Python for that long (one native call) is stopped with its worker by gunicorn 30 s later. A worker
with threads (RORO_THREADS > 1) runs functions off the main thread, where no timer reaches them: there the router
answers 504 at timeout_s + 60 s.

JSON: NaN and +-Infinity are not JSON (browsers and most clients reject the whole answer); they are answered as
null, as JavaScript's JSON.stringify does.
"""
import json
import math
import signal
import threading
from typing import Any, NamedTuple

from roro_runtime import settings

TIMEOUT_S = settings.current().timeout_s


# what an outcome carries instead of an error id when the prediction ran out of its time
TIMED_OUT = "timed-out"


class Answer(NamedTuple):
    """What a request is answered: its status line, its body (encoded) and type, and the route /metrics counts it
    under."""
    status: str
    body: bytes
    content_type: str
    route: str


class Outcome(NamedTuple):
    """What one call of the served function came to: the status, body (encoded) and type of its answer, and the
    function's result (None unless it answered 200), which a batch's answer gathers."""
    status: str
    body: bytes
    content_type: str
    result: Any = None

    @classmethod
    def failed(cls, answer):
        """The outcome of a call answered with an error (no result)."""
        return cls(answer.status, answer.body, answer.content_type)

    def ok(self):
        return self.status == "200 OK"

    def answer(self, route):
        """This outcome as the answer to a request on route."""
        return Answer(self.status, self.body, self.content_type, route)


class BadInput(ValueError):
    """Raised by a project's predict() (or returned for a row by its predict_batch()) to answer 400 with its own
    message: the input is wrong, not the code. `raise BadInput("income must be positive")`."""


class PredictionTimeout(Exception):
    """The function ran out of its time (timeout_s)."""


def _expired(signum, frame):
    raise PredictionTimeout()


_installed = False


def install():
    """Called once in the worker's main thread, before the first request."""
    global _installed
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGALRM, _expired)
        _installed = True


class Deadline:
    """`with DEADLINE:` around a function call: PredictionTimeout when it runs over TIMEOUT_S."""

    def __enter__(self):
        self.armed = _installed and TIMEOUT_S > 0 and threading.current_thread() is threading.main_thread()
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, TIMEOUT_S)
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return False


DEADLINE = Deadline()


def timed_out_message():
    return "the prediction took longer than %gs (the service's timeout_s) and was stopped" % TIMEOUT_S


def _finite(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_json(value):
    """The answer's bytes: the fast path, and only for an answer with NaN or Infinity a walk replacing them."""
    try:
        return json.dumps(value, allow_nan=False).encode()
    except ValueError:
        return json.dumps(_finite(value), allow_nan=False).encode()
