"""Where the W3C conformance suites are: read from there, never copied into the project.

``UNGASS_KG_CONFORMANCE`` names the folder; else ``../shared/conformance`` beside the
checkout (or beside the local repository it was cloned from). In CI, or where ``../shared``
exists, a missing suite is a failure, not a skip.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def conformance_dir() -> Path | None:
    configured = os.environ.get("UNGASS_KG_CONFORMANCE")
    if configured:
        return Path(configured)
    for checkout in (ROOT, _origin(), _main_worktree()):
        if checkout is not None and (checkout.parent / "shared" / "conformance").is_dir():
            return checkout.parent / "shared" / "conformance"
    return None


def must_run() -> bool:
    return bool(os.environ.get("CI") or (ROOT.parent / "shared").is_dir() or os.environ.get("UNGASS_KG_CONFORMANCE")
                or conformance_dir() is not None)


def _main_worktree() -> Path | None:
    """The main checkout, when this one is a ``git worktree`` of it."""
    try:
        common = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(common).parent if common else None


def _origin() -> Path | None:
    try:
        url = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(url.removeprefix("file://")) if url and "://" not in url.removeprefix("file://") else None
    return path if path is not None and path.is_dir() else None
