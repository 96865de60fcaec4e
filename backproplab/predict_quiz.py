"""`backproplab graph ... --predict`: predict, then reveal, in the terminal.

The forward values are printed first; then, step by step in backward's order, the learner
types the gradient the running node sends to each input (an empty line reveals the step),
is told right or wrong, and sees the step's chain-rule lines; the score is kept
(`viz.predict.Quiz`). End of input stops the quiz with the score so far.
"""
from __future__ import annotations

from typing import Callable

from viz.predict import HINT, Quiz, parse_answer
from viz.text import format_array

__all__ = ["forward_lines", "play"]


def forward_lines(stepper) -> list[str]:
    """The value of each op the stepper knows (named ones and the result), in forward order:
    'u = b*c = 6'."""
    lines = []
    for k in range(len(stepper), 0, -1):
        node = stepper.graph.node(stepper.frame(k).current)
        if node.value is None:
            continue
        name = stepper.name(node.id)
        same = not node.formula or name.strip("()") == node.formula
        lines.append(f"{name if same else f'{name} = {node.formula}'} = "
                     f"{format_array(node.value)}")
    return lines


def play(stepper, ask: Callable[[str], str] = input, say: Callable[[str], None] = print,
         forward: list[str] | None = None, **quiz_options) -> Quiz:
    """Run the quiz over `stepper`'s steps, reading answers with `ask` and printing with
    `say`; `forward` are the lines that show the forward values (default `forward_lines`).
    Returns the quiz (its `score`, `verdicts`)."""
    quiz = Quiz(stepper, **quiz_options)
    say("forward: " + ";  ".join(forward_lines(stepper) if forward is None else forward))
    say(f"Predict each gradient before it is shown. {HINT} An empty answer reveals the step.")
    try:
        while not quiz.done:
            _play_step(quiz, ask, say)
            quiz.next()
    except EOFError:
        say("")
        say(f"stopped at step {quiz.step}/{len(quiz.questions)}: {quiz.score}")
        return quiz
    say(f"Done: {quiz.score}.")
    return quiz


def _play_step(quiz: Quiz, ask, say) -> None:
    question = quiz.question
    say("")
    say(question.title)
    if not question.blanks:
        say(f"  (gradients of more than {quiz.max_size} numbers: shown, not asked)")
        verdicts = quiz.reveal()
    else:
        say("  " + question.prompt)
        answers = []
        for blank in question.blanks:
            text = _ask_blank(blank, ask, say)
            if text is None:
                break
            answers.append(text)
        verdicts = quiz.check(answers) if len(answers) == len(question.blanks) else quiz.reveal()
    for verdict in verdicts:
        say(f"  {verdict}")
    for line in quiz.frame.lines:
        say(f"  {line}")
    say(f"  score {quiz.right}/{quiz.asked}")


def _ask_blank(blank, ask, say) -> str | None:
    """The learner's answer for one blank, asked again until it reads; None to reveal."""
    while True:
        text = ask(f"  {blank.prompt} ").strip()
        if not text:
            return None
        try:
            parse_answer(text, blank.expected.size, blank.prompt)
            return text
        except ValueError as problem:
            say(f"  {problem}")
