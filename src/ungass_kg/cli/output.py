"""Terminal output: the consoles and readable tables (light: every command module imports it)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

stdout = Console(soft_wrap=False)
stderr = Console(stderr=True)


def print_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[object]],
                numeric: Sequence[int] = ()) -> None:
    table = Table(title=title, header_style="bold", show_lines=False)
    for i, h in enumerate(headers):
        table.add_column(h, justify="right" if i in numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    stdout.print(table)
