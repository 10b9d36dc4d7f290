"""Makes the credit-data set: synthetic loan applications with a known default mechanism.

Deterministic for a given seed, so a training run can be reproduced exactly from its lineage.
"""
import csv
import math
import os
import random
import sys

FEATURES = ["income", "debt_ratio", "age", "late_payments", "loan_amount", "years_employed"]


def make_rows(count, seed):
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        income = max(8000.0, rng.lognormvariate(10.8, 0.45))
        debt_ratio = min(1.5, max(0.0, rng.gauss(0.35, 0.15)))
        age = rng.randint(19, 75)
        late = min(12, int(rng.expovariate(0.9)))
        loan = max(1000.0, rng.lognormvariate(9.6, 0.6))
        employed = max(0, min(age - 18, int(rng.expovariate(0.15))))
        score = (-2.2 + 3.1 * debt_ratio + 0.55 * late + 0.9 * (loan / income)
                 - 0.018 * (age - 40) - 0.06 * employed)
        probability = 1.0 / (1.0 + math.exp(-score))
        default = 1 if rng.random() < probability else 0
        rows.append([round(income, 2), round(debt_ratio, 4), age, late, round(loan, 2), employed, default])
    return rows


def write(path, count=4000, seed=7):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FEATURES + ["default"])
        writer.writerows(make_rows(count, seed))
    return path


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join("data", "credit.csv")
    print(write(target))
