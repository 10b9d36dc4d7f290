"""Serves the credit-model: `predict(**application)` returns the default probability and a grade.

roro's serving toolkit loads the model version's files into RORO_MODEL_DIR and calls predict() with the
JSON body's keys as keyword arguments.
"""
import os
import pickle

_loaded = None


def _model():
    global _loaded
    if _loaded is None:
        with open(os.path.join(os.environ.get("RORO_MODEL_DIR", "output"), "model.pkl"), "rb") as f:
            _loaded = pickle.load(f)
    return _loaded


def init():
    """Called once when the service starts: a model that cannot be loaded fails the start, not a request."""
    _model()


def grade(probability):
    for letter, bound in (("A", 0.1), ("B", 0.2), ("C", 0.35), ("D", 0.5)):
        if probability < bound:
            return letter
    return "E"


FEATURES = ("income", "debt_ratio", "age", "late_payments", "loan_amount", "years_employed")


def predict(income, debt_ratio, age, late_payments, loan_amount, years_employed):
    return predict_batch([dict(income=income, debt_ratio=debt_ratio, age=age, late_payments=late_payments,
                               loan_amount=loan_amount, years_employed=years_employed)])[0]


def predict_batch(applications):
    """Many applications in one call: roro hands concurrent requests over together (roro.yml `batch:`)."""
    rows = [[float(a[name]) for name in FEATURES] for a in applications]
    probabilities = _model()["model"].predict_proba(rows)[:, 1]
    return [{"default_probability": round(float(p), 4), "grade": grade(float(p))} for p in probabilities]
