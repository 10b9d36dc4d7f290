"""Installs a project's requirements.txt, skipping what the runtime image already provides.

No package index is needed when every requirement is already installed (the runtime ships scikit-learn, numpy,
scipy from Debian); anything missing is installed with pip, which fails clearly when no index is reachable.
"""
import re
import subprocess
import sys
from importlib import metadata

NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def missing(path):
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
                wanted.append(line)
    return wanted


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "requirements.txt"
    wanted = missing(path)
    if not wanted:
        print("roro: all requirements of %s are provided by the runtime" % path)
        return 0
    print("roro: installing %s" % ", ".join(wanted))
    try:
        return subprocess.call([sys.executable, "-m", "pip", "install", "--no-cache-dir"] + wanted)
    except OSError as e:
        print("roro: cannot install %s: %s" % (", ".join(wanted), e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
