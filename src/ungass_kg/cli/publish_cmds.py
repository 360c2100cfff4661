"""Commands of this module are added by the feature that owns them."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ungass-kg`` group."""
