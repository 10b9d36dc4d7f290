"""A roro service under gunicorn as roro runs one (gunicorn_conf, the preloaded app), for tests over real sockets: its
function sleeps as long as asked and says so; it is killed and its files removed when the test ends."""
import importlib.util
import os
import socket
import subprocess
import sys

import scratch

TOOLKIT = os.path.join(os.path.dirname(__file__), "..")
HAVE_SERVER = all(importlib.util.find_spec(m) is not None for m in ("gunicorn", "httptools"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(test, port, **variables):
    """gunicorn serving fn.slow on 127.0.0.1:port with these RORO_ variables besides; its stderr is a pipe."""
    app = scratch.directory(test)
    with open(os.path.join(app, "fn.py"), "w") as f:
        f.write("import time\ndef slow(seconds=0):\n    time.sleep(seconds)\n    return {'slept': seconds}\n")
    env = dict(os.environ, PYTHONPATH=TOOLKIT, PYTHONDONTWRITEBYTECODE="1", RORO_APP_DIR=app,
               RORO_FUNCTION="fn.slow", RORO_BIND="127.0.0.1:%d" % port, RORO_METRICS_DIR=scratch.directory(test),
               RORO_MODEL_VERSION="m:v1", RORO_LOG_LEVEL="warning", **variables)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c",
                               os.path.join(TOOLKIT, "roro_runtime", "gunicorn_conf.py"), "roro_runtime.serve:app"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    test.addCleanup(server.kill)
    return server
