"""Drive Debian's headless Chromium over the DevTools protocol: open a page, wait for it, read and shoot it.

Used by ``mdc dashboard --screenshot`` (the README's picture) and by the browser test. A small client
over one websocket (``websockets``, already a Streamlit dependency) is all that is needed; Chromium is
started with background networking, component updates and first-run tasks off, in a fresh profile, so
the only requests it makes are the page's own, which :attr:`Browser.requested_urls` records.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from websockets.sync.client import connect
from websockets.sync.connection import Connection

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--no-default-browser-check", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--remote-debugging-port=0",
)
# What Streamlit draws: one element per KPI card, and the container of each Vega-Lite chart.
METRICS_SCRIPT = """
Array.from(document.querySelectorAll('[data-testid="stMetric"]')).map(card => [
  (card.querySelector('[data-testid="stMetricLabel"]') || card).innerText.trim(),
  (card.querySelector('[data-testid="stMetricValue"]') || card).innerText.trim(),
])
"""
CHARTS_DRAWN_SCRIPT = "document.querySelectorAll('.vega-embed canvas, .vega-embed svg.marks').length"
CONTENT_HEIGHT_SCRIPT = """
Math.max(
  ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stMainBlockContainer"]'))
    .map(element => element.scrollHeight),
  document.documentElement.scrollHeight)
"""
RUNNING_SCRIPT = "!!document.querySelector('[data-testid=\"stStatusWidget\"]')"


class BrowserError(RuntimeError):
    """Chromium did not start, or the page did not reach the awaited state in time."""


class Browser:
    """One headless Chromium with one page (a flattened DevTools session on the browser's websocket)."""

    def __init__(self, socket: Connection) -> None:
        self._socket = socket
        self._session = ""
        self._next_id = 0
        self.requested_urls: list[str] = []

    def attach_new_page(self) -> None:
        """Open a blank page and direct page commands to it."""
        target = self.command("Target.createTarget", {"url": "about:blank"}, page=False)["targetId"]
        self._session = self.command("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     page=False)["sessionId"]

    def command(self, method: str, params: dict[str, Any] | None = None, *, page: bool = True,
                timeout: float = 60) -> dict[str, Any]:
        """Send one DevTools command and return its result (events that arrive meanwhile are recorded)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self._session
        self._socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self._socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("method") == "Network.requestWillBeSent":
                self.requested_urls.append(reply["params"]["request"]["url"])
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        result = self.command("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, width: int = 1400, height: int = 1100) -> None:
        """Navigate to ``url`` in a ``width`` x ``height`` window."""
        self.command("Network.enable")
        self.command("Page.enable")
        self.resize(width, height)
        self.command("Page.navigate", {"url": url})

    def resize(self, width: int, height: int) -> None:
        """Make the window ``width`` x ``height`` CSS pixels."""
        self.command("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def wait_for(self, condition: Callable[[Browser], bool], what: str, timeout: float = 180) -> None:
        """Poll ``condition`` every half second until it holds; raise after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not condition(self):
            if time.monotonic() > deadline:
                text = str(self.evaluate("document.body ? document.body.innerText : ''"))[:600]
                raise BrowserError(f"page did not show {what} within {timeout:.0f} s; it shows: {text!r}")
            time.sleep(0.5)

    def metrics(self) -> dict[str, str]:
        """The KPI cards on the page: label -> value as drawn."""
        return {label: value for label, value in self.evaluate(METRICS_SCRIPT) or []}

    def wait_until_drawn(self, timeout: float = 180, settle_polls: int = 4) -> dict[str, str]:
        """Wait until the script run is over and KPI cards and charts are drawn and stop changing.

        "Drawn" means: Streamlit's running indicator is gone, at least one KPI card and one chart are on
        the page, and what the page shows (cards, number of charts) stayed the same for ``settle_polls``
        polls in a row. Returns the KPI cards.
        """
        seen: list[Any] = []

        def drawn(browser: Browser) -> bool:
            state = (browser.evaluate(RUNNING_SCRIPT), browser.metrics(),
                     int(browser.evaluate(CHARTS_DRAWN_SCRIPT) or 0))
            seen.append(state)
            running, cards, charts = state
            recent = seen[-settle_polls:]
            return (not running and bool(cards) and charts > 0 and len(recent) == settle_polls
                    and all(item == state for item in recent))

        self.wait_for(drawn, "its KPI cards and charts, settled", timeout)
        return self.metrics()

    def screenshot(self, path: Path, timeout: float = 180) -> Path:
        """Save the whole page as PNG.

        Streamlit scrolls its main area inside the window, so the window is first made as tall as that
        area's content and the page is left to draw again at that size.
        """
        width, height = self.evaluate("[window.innerWidth, window.innerHeight]")
        content = int(self.evaluate(CONTENT_HEIGHT_SCRIPT) or height)
        if content > height:
            self.resize(width, content)
            self.wait_until_drawn(timeout)
        data = self.command("Page.captureScreenshot", {
            "format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": max(content, 1), "scale": 1},
        })["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path


def _devtools_address(profile: Path, process: subprocess.Popen[bytes], timeout: float) -> str:
    """Chromium writes its port and browser path to DevToolsActivePort once it listens."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BrowserError(f"{CHROMIUM} exited with code {process.returncode} before listening")
        with suppress(OSError, ValueError):
            port, path = port_file.read_text().split()[:2]
            return f"ws://127.0.0.1:{int(port)}{path}"
        time.sleep(0.2)
    raise BrowserError(f"{CHROMIUM} did not open its DevTools port within {timeout:.0f} s")


@contextmanager
def chromium(executable: str = CHROMIUM, start_timeout: float = 60) -> Iterator[Browser]:
    """A fresh headless Chromium (own temporary profile) with one blank page; closed and removed on exit."""
    if not Path(executable).exists():
        raise BrowserError(f"{executable} not found: install Debian's chromium (`make browser`)")
    profile = Path(tempfile.mkdtemp(prefix="mdc-chromium-"))
    process = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        address = _devtools_address(profile, process, start_timeout)
        with connect(address, max_size=64 * 1024 * 1024, open_timeout=start_timeout) as socket:
            browser = Browser(socket)
            browser.attach_new_page()
            yield browser
            with suppress(Exception):
                browser.command("Browser.close", page=False, timeout=10)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
        shutil.rmtree(profile, ignore_errors=True)
