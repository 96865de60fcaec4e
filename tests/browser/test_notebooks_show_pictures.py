"""Saved notebooks, opened in JupyterLab without running or trusting them, show every picture.

For each notebook the number of pictures it holds (outputs with a PNG or an SVG, and the
<img>/<svg> tags inside HTML outputs) must equal the number of pictures the page shows:
<img> elements with a non-zero natural size and <svg> elements with a non-zero size, inside
the output areas. An SVG-only output shows as the text `<IPython.core.display.SVG object>`
in an untrusted notebook, so it would be counted as missing.
"""
from __future__ import annotations

import re
import time

import nbformat
import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
PlaywrightTimeout = sync_api.TimeoutError

from tests.browser.conftest import ROOT

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
RENDER_SECONDS = 30
_TAG = re.compile(r"<(img|svg)\b", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)

# The pictures shown in the output areas, and what else the outputs show (for messages).
_SHOWN = """() => {
  const outputs = Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'));
  let pictures = 0;
  for (const out of outputs) {
    for (const img of out.querySelectorAll('img')) {
      if (img.complete && img.naturalWidth > 0 && img.naturalHeight > 0) pictures += 1;
    }
    for (const svg of out.querySelectorAll('svg')) {
      const box = svg.getBoundingClientRect();
      if (!svg.parentElement.closest('svg') && box.width > 0 && box.height > 0) pictures += 1;
    }
  }
  const texts = outputs.map(o => o.innerText).filter(t => /object>|Digraph/.test(t));
  return {pictures, outputs: outputs.length, texts: texts.slice(0, 5)};
}"""


def pictures_in(path) -> int:
    """The pictures a saved notebook holds: image outputs, and <img>/<svg> in HTML outputs
    (not those inside a <script>, such as a player's template, which only its script shows)."""
    count = 0
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                count += len(_TAG.findall(_SCRIPT.sub("", data["text/html"])))
            elif "image/png" in data or "image/svg+xml" in data:
                count += 1
    return count


def open_untrusted(page, base: str, token: str, name: str) -> None:
    """Open a notebook in JupyterLab and answer its kernel dialog with "No Kernel"."""
    workspace = re.sub(r"\W", "-", name)  # one workspace per page: no tab shares one
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    no_kernel = page.locator(".jp-Dialog").get_by_role("button", name="No Kernel", exact=True)
    try:
        no_kernel.wait_for(state="visible", timeout=10_000)
        no_kernel.click()
    except PlaywrightTimeout:
        pass  # no dialog


def _shown(page, expected: int) -> dict:
    """What the page shows once `expected` pictures are there, or after RENDER_SECONDS."""
    deadline = time.monotonic() + RENDER_SECONDS
    while True:
        shown = page.evaluate(_SHOWN)
        if shown["pictures"] >= expected or time.monotonic() > deadline:
            return shown
        time.sleep(0.5)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_saved_notebook_shows_every_picture_untrusted(name, jupyterlab, browser, screenshots):
    base, token, served = jupyterlab
    expected = pictures_in(served / name)
    page = browser.new_page()
    try:
        open_untrusted(page, base, token, name)
        shown = _shown(page, expected)
        page.screenshot(path=str(screenshots / f"{name}.png"))
        pictures = page.locator(".jp-Notebook .jp-OutputArea-output img >> visible=true")
        if pictures.count():
            pictures.first.screenshot(path=str(screenshots / f"{name}.first-picture.png"))
    finally:
        page.close()
    assert shown["pictures"] == expected, (
        f"{name}: {expected} pictures saved, {shown['pictures']} shown; "
        f"outputs showing text instead: {shown['texts']}")


def test_the_count_sees_an_svg_only_output_as_missing(jupyterlab, browser):
    """The check itself: an output with only an SVG does not show untrusted (JupyterLab)."""
    base, token, served = jupyterlab
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
           '<rect width="40" height="30" fill="red"/></svg>')
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("picture", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "image/svg+xml": svg, "text/plain": "<IPython.core.display.SVG object>"})]
    notebook.cells.append(cell)
    nbformat.write(notebook, served / "svg_only.ipynb")
    page = browser.new_page()
    try:
        open_untrusted(page, base, token, "svg_only.ipynb")
        time.sleep(2)  # give a (wrong) picture time to appear
        shown = page.evaluate(_SHOWN)
    finally:
        page.close()
    assert pictures_in(served / "svg_only.ipynb") == 1
    assert shown["pictures"] == 0 and shown["texts"]
