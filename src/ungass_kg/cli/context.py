"""What every command shares: the settings and a lazily opened store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from ..bootstrap import ensure_built
from ..config import Settings
from ..store import Store, open_store


@dataclass
class Context:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @classmethod
    def create(cls, **overrides: object) -> Context:
        store = overrides.pop("store", None)
        return cls(Settings.from_env(store_path=store, **overrides))

    def store(self, *, build: bool = True) -> Store:
        """The store; an empty embedded store is first built from the bundled data."""
        if self._store is None:
            self._store = open_store(self.settings)
            if build:
                ensure_built(self._store, lambda msg: click.echo(msg, err=True))
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_context = click.make_pass_decorator(Context)

__all__ = ["Context", "Path", "pass_context"]
