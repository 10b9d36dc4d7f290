"""Installs a project's requirements.txt with pip, unless the runtime image already provides every one.

The runtime ships scikit-learn, pandas, joblib, numpy and scipy from Debian: a project that needs only those
builds without any package index. Anything else is installed with pip from the index the build names
(PIP_INDEX_URL / PIP_EXTRA_INDEX_URL, from roro.yml's build: {index_url, extra_index_url}; else pip's default),
the whole file at once, so pins, extras and --require-hashes are pip's to honour. A package the index does not
have fails in one line naming it and the index asked.
"""
import os
import re
import subprocess
import sys
from importlib import metadata

NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
NOT_FOUND = re.compile(r"No matching distribution found for (\S+)")


def missing(path):
    """The requirement lines whose package is not installed (options and blank lines are not requirements)."""
    wanted = []
    with open(path) as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            match = NAME.match(line)
            if not match:
                continue
            try:
                metadata.version(match.group(1))
            except metadata.PackageNotFoundError:
                wanted.append(line.split(";", 1)[0].split()[0])
    return wanted


def indexes():
    """The indexes pip asks, as the error says them."""
    asked = [os.environ.get("PIP_INDEX_URL") or "pip's default index (https://pypi.org/simple)"]
    asked += os.environ.get("PIP_EXTRA_INDEX_URL", "").split()
    return ", ".join(asked)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "requirements.txt"
    wanted = missing(path)
    if not wanted:
        print("roro: all requirements of %s are provided by the runtime" % path)
        return 0
    print("roro: installing %s from %s" % (", ".join(wanted), indexes()), flush=True)
    command = [sys.executable, "-m", "pip", "install", "--no-cache-dir", "--no-color", "--progress-bar", "off",
               "--disable-pip-version-check", "--break-system-packages", "-r", path]
    try:
        pip = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as e:
        print("roro: cannot run pip to install %s: %s" % (", ".join(wanted), e), file=sys.stderr)
        return 1
    sys.stdout.write(pip.stdout)
    sys.stdout.flush()
    if pip.returncode == 0:
        return 0
    # last, on the same stream as pip's output: the line a failed build is summed up by
    unknown = NOT_FOUND.search(pip.stdout)
    if unknown:
        print("roro: %s is not on %s (requirements.txt)" % (unknown.group(1), indexes()), flush=True)
    else:
        last = [line for line in pip.stdout.splitlines() if line.strip()][-1:] or ["pip failed"]
        print("roro: cannot install %s from %s: %s" % (", ".join(wanted), indexes(), last[0]), flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
