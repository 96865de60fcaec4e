"""The kernel-free players saved in a notebook, opened in JupyterLab untrusted and trusted.

Untrusted (a notebook as a fresh clone has it), JupyterLab drops scripts and the `hidden`
attribute from HTML outputs: the player must then read as a page, every frame in order with
its caption, with no button, slider or answer box that would do nothing. Trusted, the same
outputs must step: "next ▶" changes the frame shown, and the quiz checks an answer.
"""
from __future__ import annotations

import time

import nbformat
import pytest

pytest.importorskip("playwright.sync_api",
                    reason="Playwright is not installed (pip install playwright)")

from autograd import tensor  # noqa: E402
from tests.browser.test_notebooks_show_pictures import open_untrusted  # noqa: E402
from viz import BackpropStepper  # noqa: E402

NAME = "players.ipynb"

# What the output areas show: pictures drawn, controls a person can see, captions.
_SEEN = """() => {
  const outputs = Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'));
  const visible = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  return outputs.map(out => ({
    pictures: Array.from(out.querySelectorAll('img')).filter(
      img => visible(img) && img.complete && img.naturalWidth > 0).length,
    controls: Array.from(out.querySelectorAll('button, input, select, textarea')).filter(
      visible).map(el => el.textContent.trim() || el.type),
    captions: Array.from(out.querySelectorAll('figcaption b')).filter(visible).map(
      b => b.textContent),
    text: out.innerText.slice(0, 20000),
  }));
}"""


def _stepper() -> BackpropStepper:
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    return BackpropStepper(J, names={"a": a, "b": b, "c": c, "u": u, "v": v, "J": J})


@pytest.fixture(scope="module")
def players(jupyterlab):
    """The notebook, saved as a run would save it (no widget state): the step player and the
    quiz as their notebook displays show them without widgets."""
    base, token, served = jupyterlab
    stepper = _stepper()
    notebook = nbformat.v4.new_notebook()
    for count, bundle in enumerate((stepper.to_html(image_format="png"),
                                    stepper.quiz().static_bundle()), start=1):
        data = {"text/html": bundle, "text/plain": "<player>"} if isinstance(bundle, str) \
            else bundle
        cell = nbformat.v4.new_code_cell("player", execution_count=count)
        cell.outputs = [nbformat.v4.new_output("execute_result", data=data,
                                               execution_count=count)]
        notebook.cells.append(cell)
    nbformat.write(notebook, served / NAME)
    return base, token, served, stepper


def _seen(page, outputs: int = 2, pictures: int = 8) -> list:
    deadline = time.monotonic() + 30
    while True:
        seen = page.evaluate(_SEEN)
        if (len(seen) >= outputs and sum(s["pictures"] for s in seen) >= pictures) \
                or time.monotonic() > deadline:
            return seen
        time.sleep(0.5)


def test_untrusted_the_players_read_as_pages_with_no_dead_controls(players, browser,
                                                                  screenshots):
    base, token, _, stepper = players
    page = browser.new_page()
    try:
        open_untrusted(page, base, token, NAME)
        seen = _seen(page)
        page.screenshot(path=str(screenshots / "players_untrusted.png"), full_page=True)
    finally:
        page.close()
    titles = [stepper.frame(k).title for k in range(len(stepper) + 1)]
    for output in seen:
        assert output["controls"] == [], output["controls"]
        assert output["pictures"] == len(titles)
        assert output["captions"] == titles
        for absent in ("<svg", "your turn", "next ▶", "◀ back", "Check", "Reveal", "score"):
            assert absent not in output["text"], absent
    assert "∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6" in seen[0]["text"]


def _trust(served) -> None:
    """Sign the notebook as `jupyter trust` does, in the server's own data folder."""
    from nbformat.sign import NotebookNotary

    notebook = nbformat.read(served / NAME, as_version=4)
    NotebookNotary(data_dir=str(served.parent / "data")).sign(notebook)


def test_trusted_the_players_step_and_the_quiz_checks(players, browser, screenshots):
    base, token, served, stepper = players
    _trust(served)
    page = browser.new_page()
    try:
        open_untrusted(page, base, token, NAME)  # it is signed now: JupyterLab trusts it
        page.locator(".bpl-controls").first.wait_for(state="visible", timeout=30_000)
        step_player, quiz = page.locator(".bpl-player").nth(0), page.locator(".bpl-player").nth(1)
        assert step_player.locator(".bpl-where").inner_text() == "step 0/3"
        step_player.get_by_role("button", name="next ▶").click()
        assert step_player.locator(".bpl-where").inner_text() == "step 1/3"
        shown = step_player.locator("figure.bpl-frame >> visible=true")
        assert shown.count() == 1 and stepper.frame(1).title in shown.inner_text()
        quiz.get_by_role("button", name="next ▶").click()
        quiz.get_by_label("v.grad +=").fill("3")
        quiz.get_by_role("button", name="Check").locator("visible=true").click()
        assert quiz.locator(".bpl-score").inner_text() == "score 1/1"
        page.screenshot(path=str(screenshots / "players_trusted.png"), full_page=True)
    finally:
        page.close()
