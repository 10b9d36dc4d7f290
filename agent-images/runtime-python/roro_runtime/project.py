"""What a project's own code needs from roro, in one module: its parameters, where model files are written and
read, and progress and metrics reports.

    from roro_runtime import project

    # train.py
    params = project.params(C=1.0, max_iter=200)   # these defaults, then roro.yml's params:, then roro train -p
    project.progress(0.5)                          # shown by roro ps and the Jenkins step while it runs
    project.metrics(accuracy=0.93)                 # recorded on the training and on the model version
    project.save(model, "model.pkl")               # into RORO_OUTPUT_DIR: published as the model version

    # a training that fetches its own data (a warehouse, S3, an HTTP API) records what it read:
    data = project.dataset_dir("credit-data")      # files written here become credit-data's next version

    # predict.py
    def init():                                    # once per server process, before the first request
        global model
        model = project.load("model.pkl")          # from RORO_MODEL_DIR: the version the service serves
"""
import json
import os
import pickle

from . import settings
from .report import metrics, progress

__all__ = ["params", "metrics", "progress", "save", "load", "output_path", "model_path", "dataset_dir"]

# where a training leaves the data it read for roro to publish (not part of the model version)
_DATASETS = ".roro-datasets"


def params(**defaults):
    """The training's parameters: the given defaults, overridden by roro.yml's params: and roro train -p."""
    values = dict(defaults)
    path = settings.current().params_file
    if path and os.path.exists(path):
        with open(path) as f:
            values.update(json.load(f))
    return values


def output_path(name):
    """Where a training writes the file `name`; everything in that directory becomes the model version."""
    directory = settings.current().output_dir
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, name)


def dataset_dir(name):
    """A directory for the data this training fetched itself. When the training ends, roro publishes the files
    written there as the next version of dataset `name` of the task's model (the same files as its newest version
    are that version), and records that the training and the model version it publishes read that version.
    A training that roro.yml gives a dataset reads it from RORO_DATA_DIR and cannot record another."""
    if not isinstance(name, str) or not name:
        raise ValueError("a dataset name such as 'credit-data'")
    given = settings.current().dataset
    if given:
        raise RuntimeError("this training reads dataset %s (roro.yml's dataset:); it cannot also record %s"
                           % (given, name))
    root = os.path.join(settings.current().output_dir, _DATASETS)
    others = [d for d in os.listdir(root) if d != name] if os.path.isdir(root) else []
    if others:
        raise RuntimeError("this training already records dataset %s; a training reads one dataset" % others[0])
    directory = os.path.join(root, name)
    os.makedirs(directory, exist_ok=True)
    for d in (root, directory):
        os.chmod(d, 0o777)  # roro, another user than the container's, removes them once published
    return directory


def model_path(name):
    """Where a service reads the file `name` of the model version it serves."""
    return os.path.join(settings.current().model_dir, name)


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
        served = settings.current().model_version
        raise FileNotFoundError(
            "%s is not there: %s" % (path, "the version %s has no file %s" % (served, name) if served != "none"
                                     else "the service serves no model version (give it model: in roro.yml)"))
    with open(path, "rb") as f:
        return pickle.load(f)
