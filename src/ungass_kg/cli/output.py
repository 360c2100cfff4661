"""Terminal output: the consoles and readable tables (light: every command module imports it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class _LazyConsole:
    """A rich Console made on first use: importing rich costs a few tenths of a second at
    start-up, and a command that prints JSON to stdout never needs it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


stdout = _LazyConsole(soft_wrap=False)
stderr = _LazyConsole(stderr=True)


def print_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[object]],
                numeric: Sequence[int] = ()) -> None:
    from rich.table import Table

    table = Table(title=title, header_style="bold", show_lines=False)
    for i, h in enumerate(headers):
        table.add_column(h, justify="right" if i in numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    stdout.print(table)
