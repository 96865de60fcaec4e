"""Predict, then reveal, in a page and in a live notebook: the quiz of viz/predict.py as a
kernel-free HTML player and as an ipywidgets form.

The page is the step player (viz/player.py) with a question before every step:

    frame 0, question 1, frame 1, question 2, frame 2, ...

A question shows the picture before its step (the node about to run outlined) and one input
per gradient the node sends, each carrying its expected numbers (`data-expected`, JSON);
Check grades them in the page with the same rules as `viz.predict` (`data-rtol`,
`data-atol`), Reveal gives up on them; either unlocks the step, whose caption then shows
the verdicts under the chain-rule lines, and the running score in the controls. The player
moves past a question only once it is answered (`player.allow`). The questions are in the
player's template, which only its script reads: without JavaScript the page reads as the
step player, with no form that could not be checked.
"""
from __future__ import annotations

import html
import json

import numpy as np

from viz.player import fallback_box, fitted_svg, frame_figure, player_shell
from viz.predict import ATOL, HINT, MAX_ASKED, RTOL, Quiz, question_frame
from viz.text import format_array

__all__ = ["predict_html", "PredictWidget"]

_SCRIPT = """
(function () {
  var player = document.getElementById("%(id)s");
  if (!player || player.dataset.quizReady) return;
  player.dataset.quizReady = "1";
  var rtol = parseFloat(player.dataset.rtol), atol = parseFloat(player.dataset.atol);
  var frames = player.querySelectorAll(".bpl-frame");
  var score = player.querySelector(".bpl-score");
  var reached = 1, right = 0, asked = 0;
  var NUMBER = /^[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?$/;
  var SPECIAL = {"inf": Infinity, "+inf": Infinity, "-inf": -Infinity, "infinity": Infinity,
                 "+infinity": Infinity, "-infinity": -Infinity, "nan": NaN};
  function parseNumber(token, name) {
    token = token.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(SPECIAL, token)) return SPECIAL[token];
    var parts = token.split("/");
    if (parts.length > 2 || !parts.every(function (p) { return NUMBER.test(p); }))
      throw name + ": '" + token + "' is not a number (write 6, -0.5, 1/3 or 2e-3)";
    if (parts.length === 1) return parseFloat(parts[0]);
    if (parseFloat(parts[1]) === 0) throw name + ": '" + token + "' divides by zero";
    return parseFloat(parts[0]) / parseFloat(parts[1]);
  }
  function parseAnswer(text, size, name) {
    var cleaned = text.replace(/\\u2212/g, "-").replace(/[\\[\\](){}]/g, " ");
    var tokens = cleaned.split(/[\\s,;]+/).filter(function (t) { return t; });
    if (!tokens.length)
      throw name + ": type a number" + (size > 1 ? " (" + size + " of them)" : "");
    var values = tokens.map(function (t) { return parseNumber(t, name); });
    if (values.length !== size)
      throw name + ": expected " + size + " number" + (size > 1 ? "s" : "") + ", got " +
        values.length;
    return values;
  }
  function isClose(a, e) {
    if (isNaN(e)) return isNaN(a);
    if (!isFinite(e)) return a === e;
    return Math.abs(a - e) <= atol + rtol * Math.abs(e);
  }
  function showScore() { score.textContent = "score " + right + "/" + asked; }
  function answer(question, reveal) {
    var inputs = question.querySelectorAll(".bpl-answer"), lines = [], verdicts = [];
    var values = [];
    if (!reveal) {
      try {
        for (var i = 0; i < inputs.length; i++)
          values.push(parseAnswer(inputs[i].value, JSON.parse(inputs[i].dataset.expected).length,
                                  inputs[i].dataset.prompt));
      } catch (problem) {
        question.querySelector(".bpl-problem").textContent = String(problem);
        return;
      }
    }
    for (var j = 0; j < inputs.length; j++) {
      var input = inputs[j], expected = JSON.parse(input.dataset.expected).map(Number);
      var ok = !reveal && values[j].every(function (v, n) { return isClose(v, expected[n]); });
      var truth = input.dataset.prompt + " " + input.dataset.shown;
      lines.push(reveal ? "\\u00b7 " + truth + " (revealed)" :
                 ok ? "\\u2713 " + truth : "\\u2717 " + truth + ", not " + input.value.trim());
      input.disabled = true;
      input.style.borderColor = reveal ? "" : ok ? "#16a34a" : "#dc2626";
      right += ok ? 1 : 0;
      asked += 1;
    }
    question.querySelector(".bpl-problem").textContent = "";
    question.querySelector(".bpl-check").disabled = true;
    question.querySelector(".bpl-reveal").disabled = true;
    var index = Array.prototype.indexOf.call(frames, question) + 1;
    var verdict = frames[index].querySelector(".bpl-verdict");
    verdict.textContent = lines.join("\\n") + (lines.length ? "\\n" : "") +
      (index === frames.length - 1 ? "Done: " + right + "/" + asked + " right." :
       "score " + right + "/" + asked);
    showScore();
    reached = Math.min(frames.length - 1, index + 1);
    player.go(index);
  }
  player.allow = function (k, current) {
    if (k <= reached) return true;
    var problem = frames[current].querySelector(".bpl-problem");
    if (problem) problem.textContent = "Check or Reveal first.";
    return false;
  };
  player.answer = answer;
  player.parseAnswer = parseAnswer;
  player.isClose = isClose;
  Array.prototype.forEach.call(player.querySelectorAll(".bpl-question"), function (question) {
    question.querySelector("form").onsubmit = function (event) {
      event.preventDefault();
      answer(question, false);
    };
    question.querySelector(".bpl-reveal").onclick = function () { answer(question, true); };
  });
  showScore();
})();"""


def _expected_json(expected: np.ndarray) -> str:
    """The numbers as a JSON list; infinities and NaN as the strings JavaScript's Number reads."""
    return json.dumps([v if np.isfinite(v) else str(v).replace("inf", "Infinity")
                       .replace("nan", "NaN") for v in expected.reshape(-1).tolist()])


def _question_figure(quiz: Quiz, k: int, image_format: str) -> str:
    question = quiz.questions[k - 1]
    count = len(quiz.questions)
    fields = []
    for blank in question.blanks:
        size = blank.expected.size
        fields.append(
            f'<label style="display:block; margin:0.2em 0"><code>{html.escape(blank.prompt)}'
            f'</code> <input class="bpl-answer" type="text" autocomplete="off" '
            f'size="{12 if size == 1 else 8 * size}" '
            f'data-prompt="{html.escape(blank.prompt)}" '
            f'data-expected="{html.escape(_expected_json(blank.expected))}" '
            f'data-shown="{html.escape(format_array(blank.expected))}"></label>')
    ask = (f"{question.prompt} {HINT}" if question.blanks else
           f"Nothing to type: the gradients of this step have more than {quiz.max_size} "
           "numbers. Press Reveal.")
    button = 'style="margin-right:0.3em"'
    form = (f'<form class="bpl-form"><p style="margin:0.3em 0">{html.escape(ask)}</p>'
            f'{"".join(fields)}<button type="submit" class="bpl-check" {button}>Check</button>'
            f'<button type="button" class="bpl-reveal" {button}>Reveal</button>'
            '<span class="bpl-problem" style="color:#b91c1c"></span></form>')
    return frame_figure(question_frame(quiz.stepper, k), image_format,
                        f"step {k}/{count}: your turn", extra=form,
                        attributes=f' data-kind="question" data-before="{k}"',
                        classes="bpl-frame bpl-question")


def predict_html(stepper, image_format: str = "svg", rtol: float = RTOL, atol: float = ATOL,
                 max_size: int = MAX_ASKED) -> str:
    """The kernel-free predict-then-reveal player of `stepper` (see the module docstring)."""
    quiz = Quiz(stepper, rtol=rtol, atol=atol, max_size=max_size)
    count = len(stepper)
    verdict = ('<pre class="bpl-verdict" style="white-space:pre-wrap; margin:0.3em 0; '
               'color:#1e3a8a"></pre>')
    figures = [frame_figure(stepper.frame(0), image_format, f"step 0/{count}")]
    figures += [frame_figure(stepper.frame(k), image_format, f"step {k}/{count}", extra=verdict)
                for k in range(1, count + 1)]
    questions = [_question_figure(quiz, k, image_format) for k in range(1, count + 1)]
    return player_shell(figures, mode="predict", script_extra=_SCRIPT,
                        controls_extra=' <b class="bpl-score"></b>',
                        attributes=f' data-rtol="{rtol!r}" data-atol="{atol!r}"',
                        scripted_figures=questions)


def _pre(text: str) -> str:
    return f'<pre style="white-space:pre-wrap">{html.escape(text)}</pre>'


class PredictWidget:
    """The quiz live in a notebook (ipywidgets): the picture, one text box per gradient the
    step's node sends, Check, Reveal and Next buttons, the verdicts and a running score.

    The handlers (`on_check`, `on_reveal`, `on_next`) are plain methods, so the flow can be
    driven without a browser: set `inputs[i].value`, call `check_button.click()`.
    """

    def __init__(self, quiz: Quiz) -> None:
        import ipywidgets as widgets

        self.quiz, self._widgets = quiz, widgets
        self.picture = widgets.HTML()
        self.form = widgets.VBox()
        self.inputs: list = []
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.reveal_button = widgets.Button(description="Reveal")
        self.next_button = widgets.Button(description="Next ▶")
        self.feedback = widgets.HTML()
        self.score = widgets.Label()
        self.check_button.on_click(self.on_check)
        self.reveal_button.on_click(self.on_reveal)
        self.next_button.on_click(self.on_next)
        buttons = widgets.HBox([self.check_button, self.reveal_button, self.next_button,
                                self.score])
        self.box = fallback_box([self.picture, self.form, buttons, self.feedback],
                                quiz.static_bundle)
        self._show()

    def on_check(self, _button=None) -> None:
        """Grade the typed answers; a typing problem is shown and counts nothing."""
        try:
            self.quiz.check([field.value for field in self.inputs])
        except ValueError as problem:
            self.feedback.value = f'<span style="color:#b91c1c">{html.escape(str(problem))}</span>'
            return
        self._show()

    def on_reveal(self, _button=None) -> None:
        self.quiz.reveal()
        self._show()

    def on_next(self, _button=None) -> None:
        self.quiz.next()
        self._show()

    def _show(self) -> None:
        """Draw the quiz's state: the open question, or the step just answered."""
        quiz, widgets = self.quiz, self._widgets
        frame = quiz.frame
        self.picture.value = fitted_svg(frame.svg(caption=False)) + _pre(frame.caption)
        self.score.value = f"score {quiz.right}/{quiz.asked}"
        open_question = not quiz.done and not quiz.answered
        if open_question:
            question = quiz.question
            self.inputs = [widgets.Text(description=blank.prompt, placeholder="?",
                                        style={"description_width": "initial"})
                           for blank in question.blanks]
            self.form.children = self.inputs
            self.feedback.value = html.escape(
                f"{question.prompt} {HINT}" if question.blanks else
                f"Nothing to type: these gradients have more than {quiz.max_size} numbers. "
                "Press Reveal.")
        else:
            for field in self.inputs:
                field.disabled = True
            lines = [str(v) for v in quiz.verdicts.get(quiz.step, [])]
            if quiz.done or quiz.step == len(quiz.questions):
                lines.append(f"Done: {quiz.score}.")
            self.feedback.value = _pre("\n".join(lines))
        self.check_button.disabled = self.reveal_button.disabled = not open_question
        self.next_button.disabled = open_question or quiz.step >= len(quiz.questions)

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        return self.box._repr_mimebundle_()
