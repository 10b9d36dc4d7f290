"""Trains PROJECT-model: a logistic regression on scikit-learn's iris data as a pandas frame (no download needed).

`roro train train` runs this in the project image; roro_runtime.project gives it its parameters and takes its
metrics and model file (roro's README, "The Python side").
"""
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from roro_runtime import project


def main():
    params = project.params(C=1.0, max_iter=200, seed=0)
    iris = load_iris(as_frame=True).frame            # a pandas DataFrame: four measurements and the target
    features: pd.DataFrame = iris.drop(columns="target")
    species = iris["target"]
    x_train, x_test, y_train, y_test = train_test_split(
        features, species, test_size=0.3, random_state=int(params["seed"]), stratify=species)
    project.progress(0.2)
    model = LogisticRegression(C=float(params["C"]), max_iter=int(params["max_iter"])).fit(x_train, y_train)
    project.metrics(accuracy=round(float(model.score(x_test, y_test)), 4), train_rows=len(x_train),
                    features=features.shape[1])
    project.save(model, "model.pkl")


if __name__ == "__main__":
    main()
