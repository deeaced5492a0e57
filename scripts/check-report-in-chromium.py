#!/usr/bin/env python3
"""Open an HTML report in headless Chromium at desktop and phone width; check what it did.

    python scripts/check-report-in-chromium.py report.html [--out FOLDER]

For each width (1400 px and 390 px, a phone) it saves a screenshot, then fails (exit 1) if
the page logged any console message, or made any network request
other than the file itself (read from Chromium's own network log). The layout at each width
is for a person to judge from the screenshots. Needs Debian's `chromium` package; exit 2
when it is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTHS = {"desktop": (1400, 2200), "phone": (390, 3000)}
_CONSOLE = re.compile(r":(WARNING|ERROR|INFO):CONSOLE[^\]]*\]\s*(.*)")
# The page may read itself and inline data; nothing else.
_ALLOWED_SCHEMES = ("file:", "data:", "about:", "chrome:", "chrome-search:")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(browser: str, page: Path, width: int, height: int, work: Path,
         extra: list[str]) -> subprocess.CompletedProcess[str]:
    profile = work / f"profile-{width}"
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", f"--window-size={width},{height}",
         "--hide-scrollbars", *extra, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=180, check=False)


def _requests(net_log: Path) -> list[str]:
    """Return every URL the page itself asked for, from Chromium's network log."""
    try:
        log = json.loads(net_log.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError):
        text = net_log.read_text(encoding="utf-8", errors="replace") if net_log.exists() else ""
        log = json.loads(text.rstrip().rstrip(",") + "]}") if text else {"events": []}
    urls = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        url, initiator = params.get("url"), params.get("initiator")
        # Chromium's own requests (time sync, account checks) have no origin; the page's
        # requests come from the file's (opaque) origin.
        if isinstance(url, str) and initiator is not None and initiator != "not an origin":
            urls.append(url)
    return urls


def check(page: Path, out: Path) -> list[str]:
    """Screenshot ``page`` at each width into ``out``; return the problems found."""
    browser = _chromium()
    if browser is None:
        raise FileNotFoundError("chromium is not installed (apt-get install -y chromium)")
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scorecard-chromium-") as folder:
        work = Path(folder)
        for name, (width, height) in WIDTHS.items():
            shot = out / f"{page.stem}-{name}.png"
            net_log = work / f"net-{name}.json"
            done = _run(browser, page, width, height, work,
                        [f"--screenshot={shot}", f"--log-net-log={net_log}"])
            if done.returncode != 0 or not shot.exists():
                problems.append(f"{name}: chromium failed ({done.returncode}): "
                                f"{done.stderr.strip()[-300:]}")
                continue
            # Chromium logs every console message at one level; the page runs no scripts, so
            # any message at all (a CSP violation, a failed load) is a problem.
            problems.extend(f"{name}: console: {message[:200]}"
                            for _, message in _CONSOLE.findall(done.stderr))
            external = sorted({u for u in _requests(net_log)
                               if not u.startswith(_ALLOWED_SCHEMES)})
            problems.extend(f"{name}: network request to {url}" for url in external)
            print(f"{name} ({width} px): {shot}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check one report; print the problems; exit 1 when there are any (2: no chromium)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="The HTML report to open.")
    parser.add_argument("--out", type=Path, default=Path("."), help="Folder for screenshots.")
    options = parser.parse_args(argv)
    try:
        problems = check(options.page, options.out)
    except FileNotFoundError as exc:
        print(f"check-report-in-chromium: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
