#!/usr/bin/env python3
"""Times roro's registry and lineage commands as a user runs them (whole processes), on stores of several sizes.

Usage: bench_commands.py ROROBIN WORKDIR ROUNDS SIZE...  (WORKDIR/home-SIZE/lineage.mv made by BenchStore)
RESIDENT_ROUNDS (default 3 x ROUNDS) rounds through the resident roro: its answers take ~50 ms, where the machine's
+-10 ms between runs is a fifth of a figure, and a round costs a second, not the fresh JVMs' five.
Each round runs every command once, in turn (interleaved, so machine load hits all alike); the figure is the median
of the rounds. Every command must exit 0 with output. Run twice per size: each command a fresh JVM
(RORO_NO_DAEMON=1), and through the resident roro. Reference: `roro lineage` on the same store.
"""
import os
import statistics
import subprocess
import sys
import time

roro, work, rounds, sizes = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(s) for s in sys.argv[4:]]
resident_rounds = int(os.environ.get("RESIDENT_ROUNDS", str(3 * rounds)))
project = os.path.join(work, "project")
os.makedirs(project, exist_ok=True)
with open(os.path.join(project, "roro.yml"), "w") as f:
    f.write("project: bench\nservices:\n  - {name: svc-1, function: predict.predict, model: model}\n"
            "models: [model]\n")
with open(os.path.join(project, "predict.py"), "w") as f:
    f.write("def predict(features):\n    return 0\n")


def commands(n):
    mid = f"model:v{n // 2}"
    return [
        ("lineage MODEL:VERSION (reference)", ["lineage", mid]),
        ("lineage --downstream dataset", ["lineage", "--downstream", "dataset/model:data-5"]),
        ("versions --model (first page)", ["versions", "--model", "model"]),
        ("versions --model --after (a later page)", ["versions", "--model", "model", "--after", mid]),
        ("versions --filter metrics", ["versions", "--model", "model", "--filter", "metrics.auc > 0.4"]),
        ("models (with latest versions)", ["models"]),
        ("datasets --model", ["datasets", "--model", "model"]),
        ("ps (500 services, newest trainings)", ["ps"]),
        ("timeline SERVICE", ["timeline", "svc-1"]),
        ("timeline SERVICE --at T", ["timeline", "svc-1", "--at", "2030-01-01T00:00:00Z"]),
    ]


def run(env, args):
    start = time.perf_counter()
    p = subprocess.run([roro] + args, cwd=project, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if p.returncode != 0 or not p.stdout.strip():
        sys.exit(f"roro {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()[:400]}")
    return elapsed


def measure(env, cmds, rounds):
    times = {name: [] for name, _ in cmds}
    for _ in range(rounds):
        for name, args in cmds:
            times[name].append(run(env, args))
    return {name: statistics.median(t) for name, t in times.items()}


rows = []
for n in sizes:
    home = os.path.join(work, f"home-{n}")
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "BUILD_NUMBER", "RORO_NO_DAEMON")}
    base["RORO_HOME"] = home
    cmds = commands(n)
    cold = dict(base, RORO_NO_DAEMON="1")
    for _, args in cmds:  # the store server and the class-data archive are started once, as on any laptop
        run(cold, args)
    fresh = measure(cold, cmds, rounds)
    for _ in range(3):  # the second command in a directory starts the resident roro
        run(base, ["versions", "--model", "model"])
        time.sleep(2)
    resident = measure(base, cmds, resident_rounds)
    subprocess.run([roro, "daemon", "stop"], cwd=project, env=base, capture_output=True)
    ref_fresh, ref_res = fresh[cmds[0][0]], resident[cmds[0][0]]
    for name, _ in cmds:
        rows.append((n, name, fresh[name], fresh[name] / ref_fresh, resident[name], resident[name] / ref_res))

print(f"\n{'versions':>8}  {'command':<42} {'fresh JVM':>10} {'x lineage':>9} {'resident':>9} {'x lineage':>9}")
for n, name, f, fr, r, rr in rows:
    print(f"{n:>8}  {name:<42} {f:>8.0f}ms {fr:>8.2f}x {r:>7.0f}ms {rr:>8.2f}x")
