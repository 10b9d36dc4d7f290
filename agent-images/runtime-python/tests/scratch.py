"""A temporary directory that is removed when the test that asked for it ends (after its other cleanups: a server
the test started is stopped before its files go)."""
import shutil
import tempfile


def directory(test):
    path = tempfile.mkdtemp(prefix="roro-test-")
    test.addCleanup(shutil.rmtree, path, True)
    return path
