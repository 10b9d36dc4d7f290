"""What roro tells its runtime, read in one place.

roro-core writes these variables once for every platform (io.roro.core.platform.RuntimeEnvironment): Docker passes
them to a container, Kubernetes to a pod, a local platform to a child process. Everything in roro_runtime reads
them through `current()`, which reads the environment when called (a training's command runs with variables its
parent adds), so a name, its type and its default are written here and nowhere else. Outside roro (a data
scientist running train.py on a laptop) the defaults are the project's own `output` directory and no model version.
"""
import multiprocessing
import os
from dataclasses import dataclass, fields


class SettingsError(ValueError):
    """A variable roro sets has a value the runtime cannot use; the message names it and the value."""


def _text(name, default=""):
    return lambda env: env.get(name) or default


def _number(name, kind, default):
    def read(env):
        value = env.get(name)
        if value is None or value == "":
            return default
        try:
            return kind(value)
        except ValueError:
            raise SettingsError("%s is %s, not %r" % (name, "a number" if kind is float else "a whole number", value))
    return read


# each setting: the variable and how it is read (its type and default)
_READERS = {
    # where files are (roro's runtime image sets these with ENV; elsewhere the platform says)
    "app_dir": ("RORO_APP_DIR", _text("RORO_APP_DIR", "/app")),
    "model_dir": ("RORO_MODEL_DIR", _text("RORO_MODEL_DIR", "output")),
    "output_dir": ("RORO_OUTPUT_DIR", _text("RORO_OUTPUT_DIR", "output")),
    "data_dir": ("RORO_DATA_DIR", _text("RORO_DATA_DIR", "data")),
    "work_dir": ("RORO_WORK_DIR", _text("RORO_WORK_DIR", "/tmp")),
    "model_version": ("RORO_MODEL_VERSION", _text("RORO_MODEL_VERSION", "none")),
    # a training
    "params_json": ("RORO_PARAMS", _text("RORO_PARAMS", "{}")),
    "params_file": ("RORO_PARAMS_FILE", _text("RORO_PARAMS_FILE")),
    "dataset": ("RORO_DATASET", _text("RORO_DATASET")),
    "command": ("RORO_COMMAND", _text("RORO_COMMAND")),
    "notebook": ("RORO_NOTEBOOK", _text("RORO_NOTEBOOK")),
    "pretrained_dir": ("RORO_PRETRAINED_DIR", _text("RORO_PRETRAINED_DIR")),
    # a served function
    "function": ("RORO_FUNCTION", _text("RORO_FUNCTION")),
    "cors_origins": ("RORO_CORS_ORIGINS", _text("RORO_CORS_ORIGINS")),
    "path_prefix": ("RORO_PATH_PREFIX", _text("RORO_PATH_PREFIX")),
    "live_file": ("RORO_LIVE_FILE", _text("RORO_LIVE_FILE")),
    "generation": ("RORO_GENERATION", _text("RORO_GENERATION")),
    "other_slot_port": ("RORO_OTHER_SLOT_PORT", _number("RORO_OTHER_SLOT_PORT", int, 0)),
    "metrics_dir": ("RORO_METRICS_DIR", _text("RORO_METRICS_DIR", "/tmp/roro-metrics")),
    "timeout_s": ("RORO_TIMEOUT_S", _number("RORO_TIMEOUT_S", float, 60.0)),
    "batch_max_size": ("RORO_BATCH_MAX_SIZE", _number("RORO_BATCH_MAX_SIZE", int, 0)),
    "batch_max_wait_ms": ("RORO_BATCH_MAX_WAIT_MS", _number("RORO_BATCH_MAX_WAIT_MS", int, 5)),
    "max_body_bytes": ("RORO_MAX_BODY_BYTES", _number("RORO_MAX_BODY_BYTES", int, 10 * 1024 * 1024)),
    "body_timeout_s": ("RORO_BODY_TIMEOUT_S", _number("RORO_BODY_TIMEOUT_S", float, 5.0)),
    # the server (gunicorn)
    "bind": ("RORO_BIND", _text("RORO_BIND", "0.0.0.0:8080")),
    "workers": ("RORO_WORKERS", _number("RORO_WORKERS", int, max(2, multiprocessing.cpu_count()))),
    "threads": ("RORO_THREADS", _number("RORO_THREADS", int, 1)),
    "server": ("RORO_SERVER", _text("RORO_SERVER", "async")),
    "graceful_s": ("RORO_GRACEFUL_S", _number("RORO_GRACEFUL_S", int, 20)),
    "log_level": ("RORO_LOG_LEVEL", _text("RORO_LOG_LEVEL", "info")),
}

# every variable the runtime reads (roro-core's RuntimeEnvironmentTest checks each one it writes is here)
NAMES = tuple(variable for variable, _ in _READERS.values())


@dataclass(frozen=True)
class Settings:
    app_dir: str
    model_dir: str
    output_dir: str
    data_dir: str
    work_dir: str
    model_version: str
    params_json: str
    params_file: str
    dataset: str
    command: str
    notebook: str
    pretrained_dir: str
    function: str
    cors_origins: str
    path_prefix: str
    live_file: str
    generation: str
    other_slot_port: int
    metrics_dir: str
    timeout_s: float
    batch_max_size: int
    batch_max_wait_ms: int
    max_body_bytes: int
    body_timeout_s: float
    bind: str
    workers: int
    threads: int
    server: str
    graceful_s: int
    log_level: str

    @classmethod
    def from_environ(cls, env):
        """The settings of an environment (a mapping of variable to value); SettingsError for a bad value."""
        return cls(**{name: read(env) for name, (_, read) in _READERS.items()})

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


def current():
    """The settings of this process's environment as it is now."""
    return Settings.from_environ(os.environ)


def main():
    """The settings this environment gives, as JSON (for checks and debugging); exit status 2 for a bad value."""
    import json
    import sys
    try:
        print(json.dumps({"names": list(NAMES), "settings": current().as_dict()}, sort_keys=True))
    except SettingsError as e:
        print(json.dumps({"error": str(e)}))
        sys.exit(2)
