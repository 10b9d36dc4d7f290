"""gunicorn settings for roro services, from the environment roro sets."""
import importlib.util

from roro_runtime import settings

_settings = settings.current()
bind = _settings.bind
# the next generation's gunicorn binds this port while the live one still listens on it (roro_runtime.slots)
reuse_port = True
workers = _settings.workers
threads = _settings.threads
# asyncio workers (roro_runtime.worker: httptools' C HTTP parser, uvloop when there) when the image has httptools:
# measured 5-7x the requests/s of sync workers at 64 connections and 2x at one with aiohttp's (scripts/bench-serving.sh,
# README), more without it, and what lets concurrent requests be batched. RORO_SERVER=wsgi keeps the sync workers (one
# request per process at a time).
ASYNC = (_settings.server != "wsgi" and threads == 1
         and importlib.util.find_spec("httptools") is not None)
worker_class = "roro_runtime.worker.RoroWorker" if ASYNC else "gthread" if threads > 1 else "sync"
# a prediction is stopped and answered 504 at RORO_TIMEOUT_S (roro_runtime.answers); a worker stuck longer in
# native code is restarted 30 s after that
timeout = int(_settings.timeout_s) + 30
graceful_timeout = _settings.graceful_s
keepalive = 5
# import the function once in the master: a broken predict.py fails the container at once, visibly
preload_app = True
accesslog = None
errorlog = "-"
loglevel = _settings.log_level


def post_fork(server, worker):
    """In each worker's main thread: the timer that stops a prediction at RORO_TIMEOUT_S; and what the master
    loaded (the model, the libraries) out of the garbage collector's reach: its full collections went through all of
    it, ~25 ms each, the p99 of a process at 64 connections (24 ms; 2.8 ms frozen)."""
    import gc
    from roro_runtime import answers
    answers.install()
    gc.freeze()
