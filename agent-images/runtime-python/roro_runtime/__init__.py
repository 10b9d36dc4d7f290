"""roro's runtime toolkit: serve a Python function over HTTP, run trainings, report progress and metrics."""

from roro_runtime.answers import BadInput

__all__ = ["report", "project", "BadInput"]
