"""Trains the credit-model: reads parameters and data from the roro runtime, writes model files and metrics.

Contract with roro (the same under `roro train`, Jenkins `nhaTrain` and a plain `python3 train.py`):
  RORO_PARAMS_FILE  JSON object of parameters (defaults below when absent)
  RORO_DATA_DIR     where the dataset version is mounted; generated when it holds no credit.csv
  RORO_OUTPUT_DIR   where model files go; everything here is published as the model version
Metrics are printed as a line `roro:metrics {...}` and written to metrics.json.
"""
import csv
import json
import os
import pickle
import tempfile

from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

import generate_data

DEFAULTS = {"n_estimators": 60, "max_depth": 3, "learning_rate": 0.1, "seed": 7}


def load_params():
    params = dict(DEFAULTS)
    path = os.environ.get("RORO_PARAMS_FILE")
    if path and os.path.exists(path):
        with open(path) as f:
            params.update(json.load(f))
    return params


def load_data(data_dir, seed):
    path = os.path.join(data_dir, "credit.csv")
    if not os.path.exists(path):
        # no dataset version given: synthetic data made for this run, not in the (read-only) dataset mount
        path = os.path.join(tempfile.mkdtemp(prefix="credit-data-"), "credit.csv")
        generate_data.write(path, seed=seed)
    with open(path) as f:
        rows = list(csv.DictReader(f))
    features = [[float(r[name]) for name in generate_data.FEATURES] for r in rows]
    labels = [int(r["default"]) for r in rows]
    return features, labels


def main():
    params = load_params()
    data_dir = os.environ.get("RORO_DATA_DIR", "data")
    output_dir = os.environ.get("RORO_OUTPUT_DIR", "output")
    os.makedirs(output_dir, exist_ok=True)
    features, labels = load_data(data_dir, int(params["seed"]))
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=0.25, random_state=int(params["seed"]), stratify=labels)
    model = GradientBoostingClassifier(
        n_estimators=int(params["n_estimators"]), max_depth=int(params["max_depth"]),
        learning_rate=float(params["learning_rate"]), random_state=int(params["seed"]))
    model.fit(x_train, y_train)
    probabilities = model.predict_proba(x_test)[:, 1]
    metrics = {
        "auc": round(float(roc_auc_score(y_test, probabilities)), 4),
        "accuracy": round(float(accuracy_score(y_test, model.predict(x_test))), 4),
        "train_rows": len(x_train),
        "test_rows": len(x_test),
    }
    with open(os.path.join(output_dir, "model.pkl"), "wb") as f:
        pickle.dump({"model": model, "features": generate_data.FEATURES}, f)
    with open(os.path.join(output_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f)
    print("roro:metrics " + json.dumps(metrics), flush=True)


if __name__ == "__main__":
    main()
