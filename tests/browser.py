"""Headless Chromium over the DevTools protocol, for the browser tests (no downloads).

Uses Debian's ``chromium`` and the ``websocket-client`` package: start the browser with a
private profile, open a tab, load pages, collect console errors and uncaught exceptions, take
screenshots, and set files on ``<input type=file>`` (which a page script cannot do).

For a test: the ``browser`` fixture (tests/conftest.py, one Chromium per test module) or
``with launched() as b:``; both skip the test where Chromium is not installed. ``visit`` loads
a page at a screen size and keeps a screenshot in ``ARTIFACTS`` (git-ignored).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import websocket

from tests.waiting import stop_process

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium process with one tab (a flat DevTools session)."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = Path(tempfile.mkdtemp(prefix="ungass-kg-chromium-"))
        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=timeout,
                                              suppress_origin=True)
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "DOM"):
            self.send(f"{domain}.enable")

    # --- protocol --------------------------------------------------------------------
    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self._send(method, params, self.session)

    def wait_for(self, method: str, since: int) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for ev in self.events[since:]:
                if ev.get("method") == method:
                    return ev
            try:
                reply = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            if "method" in reply:
                self.events.append(reply)
        raise TimeoutError(f"no {method} within {self.timeout} s")

    # --- pages ---------------------------------------------------------------------------
    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def goto(self, url: str) -> None:
        mark = len(self.events)
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", mark)

    def evaluate(self, expression: str) -> Any:
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True})
        if "exceptionDetails" in res:
            raise RuntimeError(f"script failed: {res['exceptionDetails'].get('text')}")
        return res["result"].get("value")

    def text(self) -> str:
        return str(self.evaluate("document.body.innerText"))

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def set_files(self, selector: str, files: list[Path]) -> None:
        root = self.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise RuntimeError(f"no element matches {selector}")
        self.send("DOM.setFileInputFiles", {"nodeId": node, "files": [str(f) for f in files]})

    def submit(self, selector: str) -> None:
        """Submit a form and wait for the page it leads to."""
        mark = len(self.events)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).requestSubmit()")
        self.wait_for("Page.loadEventFired", mark)

    def console_errors(self, since: int = 0) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (e.g. failed loads)."""
        out = []
        for ev in self.events[since:]:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
            elif m == "Runtime.exceptionThrown":
                out.append("exception: " + str(p["exceptionDetails"].get("exception", {}).get("description")
                                                or p["exceptionDetails"].get("text")))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        return out

    def close(self) -> None:
        try:
            if hasattr(self, "ws"):
                self.ws.close()
        finally:
            stop_process(self.proc)
            shutil.rmtree(self.profile, ignore_errors=True)


@contextmanager
def launched(timeout: float = 30.0) -> Iterator[Browser]:
    """A headless Chromium for the block, closed after it; skips the test where none is installed."""
    exe = find_chromium()
    if exe is None:
        pytest.skip("headless Chromium is not installed (Debian package: chromium)")
    b = Browser(exe, timeout)
    try:
        yield b
    finally:
        b.close()


def visit(browser: Browser, url: str, shot: str, width: int = 1280, height: int = 900) -> int:
    """Load ``url`` at a screen size, keep a screenshot, return the event mark for error checks."""
    browser.viewport(width, height, mobile=width < 600)
    mark = len(browser.events)
    browser.goto(url)
    browser.screenshot(ARTIFACTS / f"{shot}.png")
    return mark


def no_horizontal_scroll(browser: Browser) -> bool:
    return bool(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def wait_for(browser: Browser, expression: str, timeout: float = 20) -> object:
    """Evaluate ``expression`` until it is truthy (or ``timeout`` s have passed); return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(0.2)
    return browser.evaluate(expression)
