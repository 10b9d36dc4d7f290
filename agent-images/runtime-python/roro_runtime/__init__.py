"""roro's runtime toolkit: serve a Python function over HTTP, run trainings, report progress and metrics."""

__all__ = ["report", "project"]
