"""The HTML report in a real headless Chromium: highlights and counts in the DOM, a filter click, a
click-to-jump, and a screenshot.

Needs the Debian packages chromium (and chromium-driver), and Playwright's Python package (only the
library: its own browser download is never used). Skips with the reason when they are missing."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CHROMIUM = os.environ.get("SPEECHLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed "
                                   "(pip install playwright; never `playwright install`)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium chromium-driver")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:   # a broken or sandboxed Chromium: say why instead of failing obscurely
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


def lint(*args):
    return subprocess.run([sys.executable, "-m", "speechlint", *map(str, args)], capture_output=True, timeout=300)


def test_html_report_of_a_seed_in_chromium(browser, tmp_path):
    seed = SEEDS[0]
    report = tmp_path / "report.html"
    proc = lint("--format", "html", "-o", report, seed)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    found = json.loads(lint("--format", "json", seed).stdout)["files"][0]["diagnostics"]
    by_cat = {}
    for d in found:
        by_cat[d["category"]] = by_cat.get(d["category"], 0) + 1
    assert len(by_cat) >= 2, "the seed should have findings of at least two categories"

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())

    # every finding is in the sidebar, grouped by category with its count, and highlighted in the text
    assert page.locator("#findings li.item").count() == len(found)
    for cat, n in by_cat.items():
        group = page.locator(f'#findings .group[data-cat="{cat}"]')
        assert group.locator("li.item").count() == n
        assert group.locator("h3 .count").inner_text() == str(n)
    ids = page.eval_on_selector_all("mark.hl", "ms => [...new Set(ms.flatMap(m => m.dataset.f.split(' ')))]")
    assert len(ids) == len(found)
    assert page.locator("mark.hl.off").count() == 0 and page.locator("#shown").inner_text() == str(len(found))
    # the text is the draft's (line numbers apart)
    first_line = page.locator(".line .tx").first.inner_text()
    assert first_line == seed.read_text(encoding="utf-8").split("\n")[0]

    # filter: hide the largest category
    cat, n = max(by_cat.items(), key=lambda kv: kv[1])
    page.locator(f'#filters input[data-cat="{cat}"]').uncheck()
    assert page.locator("#findings li.item:visible").count() == len(found) - n
    assert page.locator(f'#findings .group[data-cat="{cat}"]').is_hidden()
    assert page.locator("#shown").inner_text() == str(len(found) - n)
    hidden_only = page.eval_on_selector_all(
        "mark.hl", """(ms, cat) => ms.filter(m => m.dataset.f.split(' ').every(id =>
            document.querySelector('#findings li[data-f="' + id + '"]').dataset.cat === cat))
            .every(m => m.classList.contains('off'))""", cat)
    assert hidden_only, f"marks of {cat} alone should be switched off"
    # severity filter on top
    sev = next(s for s in ("error", "warning", "info") if page.locator(f'#filters input[data-sev="{s}"]').count())
    page.locator(f'#filters input[data-sev="{sev}"]').uncheck()
    left = sum(1 for d in found if d["category"] != cat and d["severity"] != sev)
    assert page.locator("#findings li.item:visible").count() == left
    page.locator(f'#filters input[data-sev="{sev}"]').check()
    page.locator(f'#filters input[data-cat="{cat}"]').check()
    assert page.locator("#findings li.item:visible").count() == len(found)

    # click to jump: the last finding's highlight scrolls into view and flashes
    last = page.locator("#findings li.item").last
    fid = last.get_attribute("data-f")
    last.locator("a").click()
    target = page.locator(f'mark.hl[data-f~="{fid}"]').first
    assert "flash" in target.get_attribute("class")
    assert target.evaluate("m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10000
    print(f"\nbrowser: {len(found)} findings in {len(by_cat)} categories; hid {cat} ({n}); screenshot {shot}")
    # a self-contained file: nothing but the file itself was requested
    assert all(url.startswith("file://") for url in requests), requests
    page.close()
