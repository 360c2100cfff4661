"""ungass-kg: the UN system's UNGASS activity matrix as linked data."""

__version__ = "0.1.0"
