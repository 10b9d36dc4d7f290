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

from roro_runtime import report, settings


def write_params(params, output_dir):
    path = os.path.join(settings.current().work_dir, "roro-params.json")
    with open(path, "w") as f:
        json.dump(params, f)
    return path


def run_command(command, params, env):
    env = dict(env)
    given = settings.Settings.from_environ(env)
    env["RORO_PARAMS_FILE"] = write_params(params, given.output_dir)
    if given.pretrained_dir:
        # the version it starts from is where serving code reads a model (roro_runtime.project.load works alike)
        env["RORO_MODEL_DIR"] = given.pretrained_dir
    for name, value in params.items():
        env["RORO_PARAM_" + name.upper()] = value if isinstance(value, str) else json.dumps(value)
    process = subprocess.run(["/bin/sh", "-c", command], env=env, cwd=given.app_dir)
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

    given = settings.Settings.from_environ(env)
    app_dir = given.app_dir
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
    output = os.path.join(given.output_dir, "executed-" + os.path.basename(path))
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
    given = settings.Settings.from_environ(env)
    try:
        params = json.loads(given.params_json)
    except ValueError as e:
        raise settings.SettingsError("RORO_PARAMS is not a JSON object: %s" % e)
    os.makedirs(given.output_dir, exist_ok=True)
    if given.notebook:
        code = run_notebook(given.notebook, params, env)
    elif given.command:
        code = run_command(given.command, params, env)
    else:
        raise settings.SettingsError("neither RORO_COMMAND nor RORO_NOTEBOOK is set: nothing to run")
    sys.exit(code)


if __name__ == "__main__":
    main()
