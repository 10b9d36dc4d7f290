"""Serves PROJECT-model: POST {"features": [5.1, 3.5, 1.4, 0.2]} answers {"species": "setosa", ...}.

roro calls init() once per server process (a model that cannot be loaded fails the start, not a request), then
predict() with the JSON body's keys as arguments.
"""
from roro_runtime import project

SPECIES = ("setosa", "versicolor", "virginica")
model = None


def init():
    global model
    model = project.load("model.pkl")


def predict(features):
    """features: sepal length, sepal width, petal length, petal width (cm)."""
    probabilities = model.predict_proba([features])[0]
    best = int(probabilities.argmax())
    return {"species": SPECIES[best], "probability": round(float(probabilities[best]), 4)}
