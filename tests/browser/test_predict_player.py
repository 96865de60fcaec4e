"""Predict, then reveal, in Chromium as a learner uses it: the page written by
`stepper.save_html(path, mode="predict")` for J = 3*(a + b*c), answered by typing into the
boxes and pressing Check or Reveal; the score and the revealed steps are read off the page."""
from __future__ import annotations

import pytest

from autograd import tensor
from viz import BackpropStepper


@pytest.fixture
def quiz_page(tmp_path):
    a, b, c = (tensor(v, requires_grad=True) for v in (5.0, 3.0, 2.0))
    u = b * c
    v = a + u
    J = 3 * v
    stepper = BackpropStepper(J, names={"a": a, "b": b, "c": c, "u": u, "v": v, "J": J})
    return stepper.save_html(tmp_path / "predict.html", mode="predict")


def test_typing_right_and_wrong_answers_keeps_score(quiz_page, browser, screenshots):
    page = browser.new_page()
    try:
        page.goto(quiz_page.as_uri())
        score = page.locator(".bpl-score")
        assert score.inner_text() == "score 0/0"
        page.get_by_role("button", name="next ▶").click()
        page.get_by_label("v.grad +=").fill("3")
        page.get_by_role("button", name="Check").locator("visible=true").click()
        assert score.inner_text() == "score 1/1"
        assert page.locator(".bpl-where").inner_text() == "step 1/3"
        page.get_by_role("button", name="next ▶").click()
        page.get_by_label("a.grad +=").fill("3")
        page.get_by_label("u.grad +=").fill("three")
        page.get_by_role("button", name="Check").locator("visible=true").click()
        problem = page.locator(".bpl-problem >> visible=true").inner_text()
        assert "'three' is not a number" in problem
        assert score.inner_text() == "score 1/1"
        page.get_by_role("button", name="next ▶").click()  # refused: not answered yet
        assert page.locator(".bpl-where").inner_text() == "step 2/3: your turn"
        page.get_by_label("u.grad +=").fill("4")
        page.keyboard.press("Enter")
        assert score.inner_text() == "score 2/3"
        verdict = page.locator(".bpl-verdict >> visible=true").inner_text()
        assert "✗ u.grad += 3, not 4" in verdict and "✓ a.grad += 3" in verdict
        assert "∂v/∂u = 1:  u.grad += v.grad · 1 = 3 · 1 = 3" in page.locator(
            "figcaption >> visible=true").inner_text()
        page.get_by_role("button", name="next ▶").click()
        page.get_by_role("button", name="Reveal").locator("visible=true").click()
        assert score.inner_text() == "score 2/5"
        assert "Done: 2/5 right." in page.locator(".bpl-verdict >> visible=true").inner_text()
        page.screenshot(path=str(screenshots / "predict_player.png"), full_page=True)
        page.get_by_role("button", name="◀ back").click()
        assert page.locator(".bpl-where").inner_text() == "step 3/3: your turn"
        assert page.get_by_label("b.grad +=").is_disabled()
    finally:
        page.close()
