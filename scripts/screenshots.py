"""Take the screenshots in docs/screenshots/ from the demo data: ``scripts/screenshots.py``.

It migrates a throwaway SQLite database, loads the demo data (the same command as
``scripts/run``), serves Heard with gunicorn on a free local port, signs in as the demo
Complaints Manager in Debian's Chromium (driven by Playwright, as the browser tests are) and
saves the home page, the dashboard and a case page at a desktop width (1280 px) and a phone
width (390 px). Run it after a change to those pages so the pictures in the docs stay true.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "docs" / "screenshots"
HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": (1280, 1000), "phone": (390, 1100)}


def environment(data_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "heard.settings",
        "HEARD_DATA_DIR": data_dir,
        "HEARD_DEBUG": "false",
        "HEARD_ALLOWED_HOSTS": HOST,
        "HEARD_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(env: dict[str, str], port: int) -> Iterator[str]:
    command = [str(BIN / "gunicorn"), "heard.wsgi", "--workers", "2", "--bind", f"{HOST}:{port}"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/sign-in/")
                if connection.getresponse().status == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def case_to_show(env: dict[str, str]) -> int:
    """The demo case with the fullest Stage 2 history, as the benchmark opens."""
    code = (
        "import django; django.setup()\n"
        "from heard.complaints.models import Complaint\n"
        "from heard.demo_cases import CASES\n"
        "story = next(s for s, _ in CASES if s.label.startswith('Stage 2 complete late'))\n"
        "print(Complaint.objects.filter(summary=story.summary).values_list('pk', flat=True)[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def shoot(page: Page, url: str, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        path = OUT / f"{name}-{size}.png"
        page.screenshot(path=str(path))
        print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="heard-shots-") as data_dir:
        env = environment(data_dir)
        heard = str(BIN / "heard")
        subprocess.run([heard, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        subprocess.run(
            [heard, "load_demo_data", "--force"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        passwords = json.loads((Path(data_dir) / "demo-users.json").read_text(encoding="utf-8"))
        case = case_to_show(env)
        with served(env, free_port()) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{url}/sign-in/")
            page.get_by_label("Username").fill("manager")
            page.get_by_label("Password", exact=True).fill(passwords["manager"])
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{url}/")
            shoot(page, f"{url}/", "home")
            shoot(page, f"{url}/dashboard/", "dashboard")
            shoot(page, f"{url}/cases/{case}/", "case-page")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
