"""The HTML report, opened in a real headless Chromium with no network.

The browser is driven through the DevTools protocol over a pipe (no extra
packages, no open port): the test records every request the page makes,
reads the rendered page, and saves a full-page screenshot for review.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from perfmeasures import Direction, Status
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import DEFAULT_KEY, performance_report, to_html

pytestmark = pytest.mark.browser

_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
_TIMEOUT = 60.0
_SEED_REFS = [
    "1.A2",
    "1.A5",
    "1.A8",
    "2.B7",
    "2.B8",
    "3.A4(b)",
    "3.B3",
    "3.B4",
    "4.B1(a)",
    "5.D6",
]


def _chromium() -> str | None:
    """The Chromium executable, or None where there is none."""
    override = os.environ.get("PERFMEASURES_CHROMIUM")
    for candidate in (override, *_CANDIDATES) if override else _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


_TRAMPOLINE = """
import fcntl, os, sys
reads, writes = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])
os.dup2(reads, 3)
os.dup2(writes, 4)
os.execv(sys.argv[3], sys.argv[3:])
"""


class DevTools:
    """A Chromium driven over ``--remote-debugging-pipe``.

    Chromium reads commands from its file descriptor 3 and writes replies
    and events to descriptor 4, as JSON messages ended by a NUL byte.
    """

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--metrics-recording-only",
            # No network: every host name fails to resolve and no proxy works.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        # A small Python trampoline moves the pipe ends to the descriptors
        # Chromium expects, then becomes Chromium.
        self._process = subprocess.Popen(  # noqa: S603 - fixed, trusted arguments.
            [
                sys.executable,
                "-c",
                _TRAMPOLINE,
                str(to_browser_r),
                str(from_browser_w),
                executable,
                *flags,
            ],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise ConnectionError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        decoded: dict[str, Any] = json.loads(message)
        return decoded

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str = ""
    ) -> dict[str, Any]:
        """Send a command and return its result; events met meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method}
        message["params"] = params or {}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + _TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method} failed: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str, after: int = 0) -> dict[str, Any]:
        """Wait for an event called *method*, among events from number *after* on."""
        deadline = time.monotonic() + _TIMEOUT
        for event in self.events[after:]:
            if event.get("method") == method:
                return event
        while True:
            event = self._read_message(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        """Close the browser and wait for it to exit."""
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        os.close(self._to_browser)
        os.close(self._from_browser)


_PAGE_FACTS = r"""
(() => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
      && style.display !== "none" && Number(style.opacity) > 0;
  };
  const rated = (selector, attribute) =>
    [...document.querySelectorAll(selector)].map((el) => ({
      value: el.getAttribute(attribute),
      text: el.innerText.trim(),
      shown: shown(el),
      background: getComputedStyle(el).backgroundColor,
    }));
  return {
    url: location.href,
    ready: document.readyState,
    lang: document.documentElement.lang,
    title: document.title,
    items: [...document.querySelectorAll("#areas li.area")].map((li) => ({
      ref: li.dataset.ref,
      text: li.innerText,
      shown: shown(li),
    })),
    statuses: rated("[data-status]", "data-status"),
    directions: rated("[data-direction]", "data-direction"),
    sparklines: [...document.querySelectorAll("svg.spark")].filter(shown).length,
    sparkSizes: [...document.querySelectorAll("svg.spark")].map((svg) => {
      const box = svg.getBoundingClientRect();
      return [Math.round(box.width), Math.round(box.height)];
    }),
    benchmarks: [...document.querySelectorAll(".benchmarks")].map((el) => ({
      ref: el.closest("tr").dataset.ref,
      text: el.innerText.replace(/\s+/g, " ").trim(),
      shown: shown(el),
    })),
    referenceLines: document.querySelectorAll("svg.spark line.benchmark").length,
    unscopedHeaders: document.querySelectorAll("th:not([scope])").length,
    tables: document.querySelectorAll("table").length,
    captions: document.querySelectorAll("table > caption").length,
    scripts: document.scripts.length,
  };
})()
"""


def _open(executable: str, page: Path, profile: Path) -> dict[str, Any]:
    """Load *page* in Chromium; its facts, requests and a full-page screenshot."""
    browser = DevTools(executable, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})
        attached = browser.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        session = attached["sessionId"]
        browser.send("Network.enable", session=session)
        browser.send("Page.enable", session=session)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1600, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        # Only a load event after the navigation counts, not about:blank's.
        start = len(browser.events)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired", after=start)
        facts = browser.send(
            "Runtime.evaluate",
            {"expression": _PAGE_FACTS, "returnByValue": True},
            session=session,
        )["result"]["value"]
        size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        shot = browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": clip | {"scale": 1},
            },
            session=session,
        )
    finally:
        browser.close()
    requests = [
        event["params"]["request"]["url"]
        for event in browser.events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    return {
        "facts": facts,
        "requests": requests,
        "page": page.as_uri(),
        "png": base64.b64decode(shot["data"]),
    }


@pytest.fixture(scope="module")
def executable() -> str:
    """The Chromium to test with; the module is skipped without one."""
    found = _chromium()
    if found is None:
        pytest.skip(
            "Chromium is not installed (Debian: apt-get install chromium); "
            "the HTML report cannot be checked in a browser"
        )
    return found


@pytest.fixture(scope="module")
def rendered(
    executable: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The seed's Q1 2019/20 report as Chromium renders it, screenshot saved."""
    where = tmp_path_factory.mktemp("browser")
    page = where / "report.html"
    page.write_text(
        to_html(performance_report(rotherham_2019_20(), REPORT_PERIOD)),
        encoding="utf-8",
    )
    result = _open(executable, page, where / "profile")
    screenshot = where / "report.png"
    screenshot.write_bytes(result["png"])
    keep = os.environ.get("PERFMEASURES_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(keep) / "report-q1-2019-20.png")
    return result | {"screenshot": screenshot}


class TestHtmlInBrowser:
    """The seed's HTML report, as a reader's browser shows it."""

    def test_ten_items_visible_in_plan_order(self, rendered: dict[str, Any]) -> None:
        """The ten areas for improvement are rendered, visible, in plan order."""
        facts = rendered["facts"]
        assert (rendered["page"], "complete") == (facts["url"], facts["ready"])
        items = facts["items"]
        assert _SEED_REFS == [item["ref"] for item in items]
        assert all(item["shown"] for item in items)
        assert all(item["text"].startswith(f"({item['ref']})") for item in items)

    def test_every_status_has_symbol_and_words(self, rendered: dict[str, Any]) -> None:
        """Each rendered status shows its key symbol and label, not colour alone."""
        statuses = rendered["facts"]["statuses"]
        assert statuses
        for status in statuses:
            entry = DEFAULT_KEY.status(Status(status["value"]))
            assert f"{entry.symbol} {entry.label}" == status["text"]
            assert status["shown"]

    def test_every_direction_has_symbol_and_words(
        self, rendered: dict[str, Any]
    ) -> None:
        """Each rendered direction of travel shows its key symbol and label."""
        directions = rendered["facts"]["directions"]
        assert directions
        for direction in directions:
            entry = DEFAULT_KEY.direction(Direction(direction["value"]))
            assert f"{entry.symbol} {entry.label}" == direction["text"]

    def test_no_request_leaves_the_page(self, rendered: dict[str, Any]) -> None:
        """The only request the page makes is for the page itself."""
        assert [rendered["page"]] == rendered["requests"]

    def test_request_recorder_sees_requests(
        self, executable: str, tmp_path: Path
    ) -> None:
        """A page that asks for an outside image is caught (the check can fail)."""
        page = tmp_path / "leaky.html"
        page.write_text(
            '<!DOCTYPE html><html lang="en"><title>t</title>'
            '<img src="http://example.invalid/pixel.png" alt="x"></html>',
            encoding="utf-8",
        )
        result = _open(executable, page, tmp_path / "profile")
        assert "http://example.invalid/pixel.png" in result["requests"]

    def test_accessible_structure(self, rendered: dict[str, Any]) -> None:
        """Language declared, every header scoped, every table captioned, no script."""
        facts = rendered["facts"]
        assert "en-GB" == facts["lang"]
        assert 0 == facts["unscopedHeaders"]
        assert facts["tables"] == facts["captions"]
        assert 0 == facts["scripts"]

    def test_sparklines_drawn(self, rendered: dict[str, Any]) -> None:
        """A sparkline is drawn for every measure with quarterly figures."""
        assert 9 <= rendered["facts"]["sparklines"]

    def test_sparklines_large(self, rendered: dict[str, Any]) -> None:
        """Every sparkline is drawn at least 160 by 48 pixels."""
        sizes = rendered["facts"]["sparkSizes"]
        assert sizes
        assert all(width >= 160 and height >= 48 for width, height in sizes)

    def test_benchmarks_shown(self, rendered: dict[str, Any]) -> None:
        """1.A2's comparators are shown under its title and drawn on its chart."""
        assert [
            {
                "ref": "1.A2",
                "text": "Statistical neighbours 54.5 \u00b7 National average 45.3",
                "shown": True,
            }
        ] == rendered["facts"]["benchmarks"]
        assert 2 == rendered["facts"]["referenceLines"]

    def test_screenshot_written(self, rendered: dict[str, Any]) -> None:
        """A PNG screenshot of the whole page is written for review."""
        data = rendered["screenshot"].read_bytes()
        assert b"\x89PNG\r\n\x1a\n" == data[:8]
