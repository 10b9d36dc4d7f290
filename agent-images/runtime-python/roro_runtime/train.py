"""Runs a roro task inside the project image: a shell command, or a notebook with injected parameters.

Environment: RORO_COMMAND or RORO_NOTEBOOK, RORO_PARAMS (JSON object), RORO_OUTPUT_DIR (/output),
RORO_DATA_DIR (/data), RORO_APP_DIR (/app). Parameters reach scripts as RORO_PARAMS_FILE (a JSON file) and as
RORO_PARAM_<NAME> variables; notebooks get a cell, after the one tagged "parameters", assigning them
(papermill's convention). Notebook progress is reported per executed cell.
"""
import json
import os
import subprocess
import sys

from roro_runtime import report


def write_params(params, output_dir):
    path = os.path.join(os.environ.get("RORO_WORK_DIR", "/tmp"), "roro-params.json")
    with open(path, "w") as f:
        json.dump(params, f)
    return path


def run_command(command, params, env):
    env = dict(env)
    env["RORO_PARAMS_FILE"] = write_params(params, env.get("RORO_OUTPUT_DIR", "/output"))
    if env.get("RORO_PRETRAINED_DIR"):
        # the version it starts from is where serving code reads a model (roro_runtime.project.load works alike)
        env["RORO_MODEL_DIR"] = env["RORO_PRETRAINED_DIR"]
    for name, value in params.items():
        env["RORO_PARAM_" + name.upper()] = value if isinstance(value, str) else json.dumps(value)
    process = subprocess.run(["/bin/sh", "-c", command], env=env, cwd=env.get("RORO_APP_DIR", "/app"))
    return process.returncode


def inject_parameters(notebook, params):
    import nbformat
    lines = ["# Parameters injected by roro"] + ["%s = %r" % (k, v) for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    index = 0
    for i, existing in enumerate(notebook.cells):
        if "parameters" in existing.get("metadata", {}).get("tags", []):
            index = i + 1
            break
    notebook.cells.insert(index, cell)
    return notebook


def run_notebook(path, params, env):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    app_dir = env.get("RORO_APP_DIR", "/app")
    notebook = inject_parameters(nbformat.read(os.path.join(app_dir, path), as_version=4), params)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    done = {"n": 0}

    def on_cell_executed(**kwargs):
        if kwargs.get("cell", {}).get("cell_type") == "code":
            done["n"] += 1
            report.progress(done["n"] / max(1, len(code_cells)))

    os.environ.update(env)
    client = NotebookClient(notebook, timeout=None, kernel_name="python3",
                            resources={"metadata": {"path": app_dir}})
    client.on_cell_executed = on_cell_executed
    output = os.path.join(env.get("RORO_OUTPUT_DIR", "/output"), "executed-" + os.path.basename(path))
    try:
        client.execute()
        return 0
    except CellExecutionError as e:
        sys.stderr.write("roro: notebook %s failed: %s\n" % (path, str(e).splitlines()[0] if str(e) else e))
        return 1
    finally:
        nbformat.write(notebook, output)


def main():
    env = dict(os.environ)
    params = json.loads(env.get("RORO_PARAMS") or "{}")
    os.makedirs(env.get("RORO_OUTPUT_DIR", "/output"), exist_ok=True)
    if env.get("RORO_NOTEBOOK"):
        code = run_notebook(env["RORO_NOTEBOOK"], params, env)
    else:
        code = run_command(env["RORO_COMMAND"], params, env)
    sys.exit(code)


if __name__ == "__main__":
    main()
