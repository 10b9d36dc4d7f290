"""gunicorn settings for roro services, from the environment roro sets."""
import multiprocessing
import os

bind = os.environ.get("RORO_BIND", "0.0.0.0:8080")
workers = int(os.environ.get("RORO_WORKERS", str(max(2, multiprocessing.cpu_count()))))
# one thread per process: predictions are CPU-bound under the GIL; measured faster and with a shorter tail
# than threaded workers (scripts/bench-serving.sh, README)
threads = int(os.environ.get("RORO_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("RORO_TIMEOUT_S", "60"))
graceful_timeout = int(os.environ.get("RORO_GRACEFUL_S", "20"))
keepalive = 5
# import the function once in the master: a broken predict.py fails the container at once, visibly
preload_app = True
accesslog = None
errorlog = "-"
loglevel = os.environ.get("RORO_LOG_LEVEL", "info")
