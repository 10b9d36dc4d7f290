"""What a project's own code needs from roro, in one module: its parameters, where model files are written and
read, and progress and metrics reports.

    from roro_runtime import project

    # train.py
    params = project.params(C=1.0, max_iter=200)   # these defaults, then roro.yml's params:, then roro train -p
    project.progress(0.5)                          # shown by roro ps and the Jenkins step while it runs
    project.metrics(accuracy=0.93)                 # recorded on the training and on the model version
    project.save(model, "model.pkl")               # into RORO_OUTPUT_DIR: published as the model version

    # predict.py
    def init():                                    # once per server process, before the first request
        global model
        model = project.load("model.pkl")          # from RORO_MODEL_DIR: the version the service serves
"""
import json
import os
import pickle

from .report import metrics, progress

__all__ = ["params", "metrics", "progress", "save", "load", "output_path", "model_path"]


def params(**defaults):
    """The training's parameters: the given defaults, overridden by roro.yml's params: and roro train -p."""
    values = dict(defaults)
    path = os.environ.get("RORO_PARAMS_FILE")
    if path and os.path.exists(path):
        with open(path) as f:
            values.update(json.load(f))
    return values


def output_path(name):
    """Where a training writes the file `name`; everything in that directory becomes the model version."""
    directory = os.environ.get("RORO_OUTPUT_DIR", "output")
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, name)


def model_path(name):
    """Where a service reads the file `name` of the model version it serves."""
    return os.path.join(os.environ.get("RORO_MODEL_DIR", "output"), name)


def save(obj, name="model.pkl"):
    """Pickles `obj` into the training's output as `name`; returns the path."""
    path = output_path(name)
    with open(path, "wb") as f:
        pickle.dump(obj, f)
    return path


def load(name="model.pkl"):
    """Unpickles the file `name` of the served model version, saying what is missing when it is not there."""
    path = model_path(name)
    if not os.path.exists(path):
        served = os.environ.get("RORO_MODEL_VERSION", "none")
        raise FileNotFoundError(
            "%s is not there: %s" % (path, "the version %s has no file %s" % (served, name) if served != "none"
                                     else "the service serves no model version (give it model: in roro.yml)"))
    with open(path, "rb") as f:
        return pickle.load(f)
