"""The stepper's static HTML player (the demo's backprop_steps/index.html), in Chromium.

A person opens the page and clicks "next": the highlighted node must change, in the
engine's backward order for J = 3*(a + b*c) (J, then v = a + u, then u = b*c). The highlight
is read from the picture's content (the node drawn in the stepper's HIGHLIGHT colour and its
label), not from pixels. `Player` is the one place that knows how the page steps: a "next"
button when the page has one, else the next closed <details> section of the static list.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from backproplab.demo import _write_stepper_frames
from viz.stepper import HIGHLIGHT

# The label of the highlighted node in the last picture on screen (the current frame).
_HIGHLIGHTED = """(colour) => {
  const shown = Array.from(document.querySelectorAll('svg')).filter(svg => {
    const box = svg.getBoundingClientRect();
    return !svg.parentElement.closest("svg") && box.width > 0 && box.height > 0
      && svg.checkVisibility({visibilityProperty: true, opacityProperty: true});
  });
  if (!shown.length) return {pictures: 0, label: null};
  const svg = shown[shown.length - 1];
  const marked = Array.from(svg.querySelectorAll('g.node')).filter(node =>
    Array.from(node.querySelectorAll('ellipse, polygon, path')).some(shape =>
      (shape.getAttribute('stroke') || '').toLowerCase() === colour.toLowerCase()));
  const label = marked.length ? marked[0].querySelector('text').textContent.trim() : null;
  return {pictures: shown.length, label, marked: marked.length};
}"""


class Player:
    """Steps the player in a page and reads which node it highlights."""

    _NEXT = re.compile(r"^\s*(next|step)\b", re.IGNORECASE)

    def __init__(self, page):
        self.page = page

    def next(self) -> None:
        button = self.page.get_by_role("button", name=self._NEXT)
        if button.count():
            button.first.click()
            return
        closed = self.page.locator("details:not([open]) > summary")
        assert closed.count(), "no next button and no closed step left to open"
        closed.first.click()

    def highlighted(self) -> dict:
        return self.page.evaluate(_HIGHLIGHTED, HIGHLIGHT)


@pytest.fixture
def stepper_page(tmp_path) -> Path:
    """The demo's static player for J = 3*(a + b*c), written afresh."""
    _write_stepper_frames(tmp_path / "backprop_steps")
    return tmp_path / "backprop_steps" / "index.html"


def test_next_moves_the_highlight_in_backward_order(stepper_page, browser, screenshots):
    page = browser.new_page()
    try:
        page.goto(stepper_page.as_uri())
        player = Player(page)
        seen = [player.highlighted()]
        for _ in range(3):
            player.next()
            seen.append(player.highlighted())
        page.screenshot(path=str(screenshots / "stepper_player.png"), full_page=True)
    finally:
        page.close()
    assert all(state["pictures"] >= 1 for state in seen), seen
    labels = [state["label"] for state in seen]
    assert labels[1:] == ["J", "v", "u"], labels
    assert all(before != after for before, after in zip(labels, labels[1:])), labels
    assert all(state["marked"] == 1 for state in seen[1:]), seen
