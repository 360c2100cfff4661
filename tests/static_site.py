"""The static site of ``ungass-kg publish``, served by a plain web server (Python's http.server).

The ``site`` fixture (tests/conftest.py) publishes a copy of the bundled store once per test
module through :func:`published`; :func:`check_links` follows the links of a few pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests

from tests.cli import Result, run
from tests.waiting import stop_process, wait_until_answers


@dataclass
class Site:
    out: Path
    url: str
    publish: Result


@contextmanager
def published(store_path: Path, tmp: Path, port: int, *args: str) -> Iterator[Site]:
    """Publish a copy of ``store_path`` into ``tmp/site`` with its base on ``port`` (``args``: more
    options of ``publish``), and serve it there."""
    shutil.copytree(store_path, tmp / "store")
    url = f"http://127.0.0.1:{port}"
    done = run("--store", tmp / "store", "publish", "--out", tmp / "site", "--base", url + "/", *args)
    assert done.returncode == 0, done.stderr
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(tmp / "site")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_answers(url + "/", server, 30)
    try:
        yield Site(tmp / "site", url, done)
    finally:
        stop_process(server)


@contextmanager
def nginx_serving(site_out: Path, tmp: Path, port: int) -> Iterator[str]:
    """The site's generated nginx configuration in a real nginx (Debian package nginx-light), on
    ``port``; yields its base URL. Skips the test when nginx is not installed."""
    import pytest

    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        pytest.skip("nginx is not installed (Debian package: nginx-light)")
    snippet = (site_out / "nginx.conf").read_text().replace("listen 8080;", f"listen 127.0.0.1:{port};")
    (tmp / "site.conf").write_text(snippet)
    temp_paths = " ".join(f"{k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    (tmp / "main.conf").write_text(
        f"{user} daemon off; worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; {temp_paths} include {tmp}/site.conf; }}\n")
    proc = subprocess.Popen([exe, "-p", str(tmp), "-c", str(tmp / "main.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url + "/", proc, 20, lambda: proc.stderr.read().decode() if proc.stderr else "")
    except RuntimeError as e:
        pytest.fail(f"nginx did not start with the generated configuration: {e}")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def check_links(site: Site, starts: Iterable[str]) -> set[str]:
    """Fetch each start page and every same-site link or source on it (each once): all must answer 200.

    Returns the linked URLs checked, so a caller can tell the pages really link to something.
    """
    checked: set[str] = set()
    for start in starts:
        page = requests.get(site.url + start, timeout=10)
        assert page.status_code == 200, start
        for href in re.findall(r'(?:href|src)="([^"#]+)', page.text):
            url = urljoin(page.url, href)
            if urlparse(url).netloc != urlparse(site.url).netloc or url in checked:
                continue
            checked.add(url)
            assert requests.get(url, timeout=10).status_code == 200, f"{start}: broken link {href}"
    return checked
