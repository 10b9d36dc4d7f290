"""Progress and metrics from a training script to roro.

roro reads lines of the form `roro:progress 0.4` and `roro:metrics {"auc": 0.91}` from the training's output and
records them live on the training. Scripts call these helpers; plain prints of the same lines work too.
"""
import json
import sys


def progress(fraction):
    """Reports how far the training is, 0..1."""
    value = max(0.0, min(1.0, float(fraction)))
    print("roro:progress %.4f" % value, flush=True)
    sys.stdout.flush()


def metrics(**values):
    """Reports metrics (numbers or short strings); later values for a name replace earlier ones."""
    print("roro:metrics " + json.dumps(values, sort_keys=True), flush=True)
