"""What every command shares: the settings, their options and a lazily opened store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from ..config import Settings, declared

if TYPE_CHECKING:
    from ..store import Store

F = TypeVar("F", bound=Callable[..., object])


def setting_options(command: str | None = None) -> Callable[[F], F]:
    """The declared settings' CLI options for ``command`` (None: the global ones), as click options.

    Values arrive as text under the setting's field name; :class:`Settings` parses them, so an
    option and its environment variable accept exactly the same values.
    """
    def decorate(f: F) -> F:
        for name, spec in reversed(list(declared())):
            if spec.option is None or spec.command != command:
                continue
            help_text = f"{spec.help} [env {spec.env}; default: {spec.shown.replace('`', '')}]"
            f = click.option(spec.option, name, default=None, metavar=spec.option.lstrip("-").upper(),
                             help=help_text)(f)
        return f
    return decorate


@dataclass
class Context:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @classmethod
    def create(cls, **options: object) -> Context:
        return cls(Settings.from_env(options))

    def store(self, *, build: bool = True) -> Store:
        """The store; an empty embedded store is first built from the bundled data."""
        if self._store is None:
            from ..bootstrap import ensure_built  # the store and rdflib load only for commands that use them
            from ..store import open_store

            self._store = open_store(self.settings)
            if build:
                ensure_built(self._store, lambda msg: click.echo(msg, err=True))
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_context = click.make_pass_decorator(Context)

__all__ = ["Context", "Path", "pass_context", "setting_options"]
