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
    from ..store.checkpoints import BesideServer

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
    _beside: BesideServer | None = field(default=None, repr=False)

    @classmethod
    def create(cls, **options: object) -> Context:
        return cls(Settings.from_env(options))

    def store(self, *, build: bool = True, reading: bool = False) -> Store:
        """The store; an empty embedded store is first built from the bundled data.

        ``reading=True`` (commands that only read): when a running ``serve`` holds the embedded
        store, read the checkpoint it published after its last write instead (never the live
        folder: store/checkpoints.py), and say so on stderr. A writing command gets one line
        saying what to do.
        """
        if self._store is None:
            from ..bootstrap import ensure_built  # the store and rdflib load only for commands that use them
            from ..errors import StoreInUse
            from ..store import open_store
            from ..store.checkpoints import open_beside_server, server_hint

            try:
                self._store = open_store(self.settings)
            except StoreInUse as e:
                path = self.settings.store_path
                self._beside = open_beside_server(path) if reading and path is not None else None
                if self._beside is None:
                    hint = server_hint(path) if path is not None else None
                    raise StoreInUse(e.message, hint=hint or e.hint) from None
                click.echo(self._beside.note, err=True)
                self._store = self._beside.store
                return self._store  # the server built it; a checkpoint is never written
            if build:
                ensure_built(self._store, lambda msg: click.echo(msg, err=True))
        return self._store

    def close(self) -> None:
        if self._beside is not None:
            self._beside.close()
            self._beside = None
        elif self._store is not None:
            self._store.close()
        self._store = None


pass_context = click.make_pass_decorator(Context)

__all__ = ["Context", "Path", "pass_context", "setting_options"]
