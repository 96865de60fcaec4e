"""Predict, then reveal: before each backward step is shown, the learner types the gradient
that step's node sends to each of its inputs; the answer is checked and scored, then the step
and its chain-rule lines are revealed.

`Quiz` keeps the state and the score. The live widget and the terminal quiz use it as it is;
the kernel-free page repeats `parse_answer` and `is_close` in JavaScript (same rules), with
every step's expected gradients embedded in it.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from viz.arguments import check_int, check_number
from viz.text import format_array

__all__ = ["ATOL", "RTOL", "MAX_ASKED", "HINT", "Blank", "Question", "Verdict", "Quiz",
           "parse_answer", "is_close", "question_frame"]

RTOL, ATOL = 0.01, 0.005
"""An answer a is right when |a − expected| <= ATOL + RTOL·|expected| (NumPy's isclose), so
two decimals are enough: 0.33 for 1/3, -0.79 for -0.7864."""
MAX_ASKED = 6
"""Gradients with more numbers than this are shown, not asked (the pictures show no more)."""

HINT = "Numbers as 6, -0.5, 1/3 or 2e-3; several as [1, 2, 3]."

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")
_SPECIAL = {"inf": np.inf, "+inf": np.inf, "-inf": -np.inf, "infinity": np.inf,
            "+infinity": np.inf, "-infinity": -np.inf, "nan": np.nan}


@dataclass(frozen=True)
class Blank:
    """One gradient to predict: what the step's node sends to its input `target`."""

    target: str
    expected: np.ndarray

    @property
    def prompt(self) -> str:
        return f"{self.target}.grad +="


@dataclass(frozen=True)
class Question:
    """Step `step` of backward: `title` says which node runs, `node` is its name and `grad`
    the gradient that reached it; `blanks` are the gradients it sends that are asked."""

    step: int
    title: str
    node: str
    grad: np.ndarray
    blanks: tuple[Blank, ...]

    @property
    def prompt(self) -> str:
        """'u.grad = 3. What does u send to each input?'"""
        return (f"{self.node}.grad = {format_array(self.grad)}. What does {self.node} send to "
                f"each input?")


@dataclass(frozen=True)
class Verdict:
    """The outcome for one blank; `answer` is None when the learner asked to reveal it."""

    blank: Blank
    answer: np.ndarray | None
    right: bool

    def __str__(self) -> str:
        truth = f"{self.blank.prompt} {format_array(self.blank.expected)}"
        if self.answer is None:
            return f"· {truth} (revealed)"
        if self.right:
            return f"✓ {truth}"
        return f"✗ {truth}, not {format_array(self.answer.reshape(self.blank.expected.shape))}"


def parse_answer(text: str, size: int, name: str = "the answer") -> np.ndarray:
    """The numbers in `text`: '6', '-0.5', '1/3', '2e-3', 'inf', or a list such as
    '[1, 2, 3]' or '1 2 3' (brackets, commas and semicolons are ignored). Raises ValueError
    saying what is wrong when there are not exactly `size` numbers."""
    cleaned = re.sub(r"[\[\](){}]", " ", str(text).replace("−", "-"))
    tokens = [t for t in re.split(r"[\s,;]+", cleaned) if t]
    if not tokens:
        raise ValueError(f"{name}: type a number" + (f" ({size} of them)" if size > 1 else ""))
    values = [_parse_number(token, name) for token in tokens]
    if len(values) != size:
        raise ValueError(f"{name}: expected {size} number{'s' if size > 1 else ''}, "
                         f"got {len(values)}")
    return np.array(values, dtype=np.float64)


def _parse_number(token: str, name: str) -> float:
    token = token.lower()
    if token in _SPECIAL:
        return float(_SPECIAL[token])
    parts = token.split("/")
    if len(parts) > 2 or not all(_NUMBER.fullmatch(part) for part in parts):
        raise ValueError(f"{name}: {token!r} is not a number (write 6, -0.5, 1/3 or 2e-3)")
    numerator = float(parts[0])
    if len(parts) == 1:
        return numerator
    denominator = float(parts[1])
    if denominator == 0:
        raise ValueError(f"{name}: {token!r} divides by zero")
    return numerator / denominator


def is_close(answer, expected, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Whether every number of `answer` is within atol + rtol·|expected| of `expected`
    (infinities must match exactly, and NaN is answered by nan)."""
    answer = np.asarray(answer, dtype=np.float64).reshape(-1)
    expected = np.asarray(expected, dtype=np.float64).reshape(-1)
    return answer.shape == expected.shape and bool(
        np.all(np.isclose(answer, expected, rtol=rtol, atol=atol, equal_nan=True)))


def question_frame(stepper, k: int):
    """The picture asked about in step k: the gradients known before it, with the node whose
    backward runs now outlined, and its title as caption (the chain rule is not shown yet)."""
    before, after = stepper.frame(k - 1), stepper.frame(k)
    return dataclasses.replace(before, index=k, current=after.current, lines=[],
                               sent_edges={})


class Quiz:
    """Predict, then reveal, over the steps of a `BackpropStepper`.

    Step k is open until `check(answers)` or `reveal()` closes it; then `next()` opens step
    k + 1. Each asked gradient counts once, at its step's first check: right, or not (a
    revealed one counts as not right). An answer that is not a number, or has the wrong count
    of numbers, raises ValueError and counts nothing: the learner can fix it.

    Args:
        stepper: the `BackpropStepper` to quiz on.
        rtol, atol: the tolerance of `is_close`.
        max_size: gradients with more numbers are shown, not asked.

    Example:
        >>> quiz = stepper.quiz()
        >>> quiz.question.blanks[0].prompt
        'v.grad +='
        >>> quiz.check(["3"])[0].right, quiz.score
        (True, '1/1 right')
        >>> quiz.next().step
        2
    """

    def __init__(self, stepper, rtol: float = RTOL, atol: float = ATOL,
                 max_size: int = MAX_ASKED) -> None:
        if not all(callable(getattr(stepper, name, None)) for name in ("sends", "frame", "name")):
            raise TypeError(f"Quiz: stepper must be a viz.BackpropStepper, got "
                            f"{type(stepper).__name__}")
        check_number("Quiz", "rtol", rtol)
        check_number("Quiz", "atol", atol)
        check_int("Quiz", "max_size", max_size, 1)
        self.stepper, self.rtol, self.atol, self.max_size = stepper, rtol, atol, max_size
        self.questions = [self._question(k) for k in range(1, len(stepper) + 1)]
        self.step = 1
        self.verdicts: dict[int, list[Verdict]] = {}

    def _question(self, k: int) -> Question:
        blanks = tuple(Blank(name, np.asarray(g, dtype=np.float64))
                       for name, g in self.stepper.sends(k) if np.size(g) <= self.max_size)
        frame = self.stepper.frame(k)
        return Question(k, frame.title, self.stepper.name(frame.current),
                        np.asarray(frame.grads[frame.current], dtype=np.float64), blanks)

    @property
    def question(self) -> Question | None:
        """The step being asked or just answered; None when every step is done."""
        return self.questions[self.step - 1] if self.step <= len(self.questions) else None

    @property
    def answered(self) -> bool:
        return self.step in self.verdicts

    @property
    def done(self) -> bool:
        return self.step > len(self.questions)

    @property
    def right(self) -> int:
        return sum(v.right for verdicts in self.verdicts.values() for v in verdicts)

    @property
    def asked(self) -> int:
        return sum(len(verdicts) for verdicts in self.verdicts.values())

    @property
    def score(self) -> str:
        return f"{self.right}/{self.asked} right"

    def check(self, answers: Sequence[str]) -> list[Verdict]:
        """Grade one answer (text) per blank of the open step, then close it."""
        question = self._open_question()
        if not isinstance(answers, (list, tuple)):
            raise TypeError(f"Quiz.check: answers must be a list of texts, one per blank, got "
                            f"{type(answers).__name__}")
        if len(answers) != len(question.blanks):
            raise ValueError(f"step {question.step} asks for {len(question.blanks)} "
                             f"answer(s), one per blank, got {answers!r}")
        values = [parse_answer(text, blank.expected.size, blank.prompt)
                  for text, blank in zip(answers, question.blanks)]
        return self._close([Verdict(blank, value, is_close(value, blank.expected, self.rtol,
                                                               self.atol))
                            for value, blank in zip(values, question.blanks)])

    def reveal(self) -> list[Verdict]:
        """Close the open step without answering (its blanks count as not right)."""
        return self._close([Verdict(blank, None, False)
                            for blank in self._open_question().blanks])

    def next(self) -> Question | None:
        """Open the next step (after the open one was checked or revealed)."""
        if not self.done and not self.answered:
            raise RuntimeError(f"answer step {self.step} first (check or reveal)")
        self.step += 1
        return self.question

    @property
    def frame(self):
        """The picture to show now: the question's, or the revealed step's once answered."""
        if self.done:
            return self.stepper.frame(len(self.questions))
        return self.stepper.frame(self.step) if self.answered else question_frame(
            self.stepper, self.step)

    def _open_question(self) -> Question:
        if self.done:
            raise RuntimeError("the quiz is over: every step was answered")
        if self.answered:
            raise RuntimeError(f"step {self.step} was already answered; call next()")
        return self.question

    def _close(self, verdicts: list[Verdict]) -> list[Verdict]:
        self.verdicts[self.step] = verdicts
        return verdicts

    # --- display --------------------------------------------------------------------------
    def to_html(self, image_format: str = "svg") -> str:
        """The quiz as a kernel-free page fragment (a fresh start, scored in the page)."""
        from viz.predict_player import predict_html

        return predict_html(self.stepper, image_format, self.rtol, self.atol, self.max_size)

    def widget(self):
        """The quiz live in a notebook, from where it is now (needs ipywidgets)."""
        from viz.predict_player import PredictWidget

        return PredictWidget(self)

    def _repr_mimebundle_(self, include=None, exclude=None, **_) -> dict:
        """The live widget where widgets run; elsewhere the kernel-free page with PNG frames
        and a PNG of the current picture (`viz.player.notebook_bundle`)."""
        try:
            return self.widget()._repr_mimebundle_()
        except ImportError:
            return self.static_bundle()

    def static_bundle(self) -> dict:
        """The notebook display without widgets: the kernel-free page, a PNG, the repr."""
        from viz.player import notebook_bundle

        return notebook_bundle(self.to_html(image_format="png"), self.frame, repr(self))

    def __repr__(self) -> str:
        where = "done" if self.done else f"at step {self.step}/{len(self.questions)}"
        return f"<Quiz: {where}, {self.score}>"
