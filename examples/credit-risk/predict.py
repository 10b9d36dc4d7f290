"""Serves the credit-model: `predict(**application)` returns the default probability and a grade.

roro's serving toolkit loads the model version's files into RORO_MODEL_DIR and calls predict() with the
JSON body's keys as keyword arguments.
"""
import os
import pickle

from roro_runtime import BadInput

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


def _row(application):
    """The model's input; BadInput (answered 400 with its message) for a value that is not a number."""
    row = []
    for name in FEATURES:
        value = application[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BadInput("%s must be a number, got %r" % (name, value))
        row.append(float(value))
    return row


def _answer(probability):
    return {"default_probability": round(float(probability), 4), "grade": grade(float(probability))}


def predict(income, debt_ratio, age, late_payments, loan_amount, years_employed):
    row = _row(dict(income=income, debt_ratio=debt_ratio, age=age, late_payments=late_payments,
                    loan_amount=loan_amount, years_employed=years_employed))
    return _answer(_model()["model"].predict_proba([row])[0, 1])


def predict_batch(applications):
    """Many applications in one call: roro hands concurrent requests over together (roro.yml `batch:`). A bad
    application is answered with its own BadInput; the others are scored together."""
    rows, bad = [], {}
    for i, application in enumerate(applications):
        try:
            rows.append(_row(application))
        except BadInput as e:
            bad[i] = e
    probabilities = iter(_model()["model"].predict_proba(rows)[:, 1] if rows else [])
    return [bad[i] if i in bad else _answer(next(probabilities)) for i in range(len(applications))]
