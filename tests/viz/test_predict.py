"""Predict, then reveal (viz.predict): reading answers, the tolerance, the quiz's questions,
scoring and order, on the course's scalar graph and its two-layer network."""
import numpy as np
import pytest

from autograd import tensor
from viz import BackpropStepper
from viz.predict import ATOL, RTOL, Quiz, is_close, parse_answer, question_frame


@pytest.fixture
def stepper(scalar_graph):
    return BackpropStepper(scalar_graph["J"], names=scalar_graph)


@pytest.mark.parametrize("text, size, expected", [
    ("6", 1, [6.0]), (" -0.5 ", 1, [-0.5]), ("1/3", 1, [1 / 3]), ("2e-3", 1, [0.002]),
    ("−2", 1, [-2.0]), (".5", 1, [0.5]), ("+4.", 1, [4.0]), ("-inf", 1, [-np.inf]),
    ("[1, 2, 3]", 3, [1.0, 2.0, 3.0]), ("1 2; 3 4", 4, [1.0, 2.0, 3.0, 4.0]),
    ("[[1], [-1/2]]", 2, [1.0, -0.5]), ("(3,)", 1, [3.0]),
])
def test_answers_are_read_as_the_course_writes_numbers(text, size, expected):
    np.testing.assert_array_equal(parse_answer(text, size), expected)


@pytest.mark.parametrize("text, size, message", [
    ("", 1, "type a number"), ("  ", 3, r"type a number \(3 of them\)"),
    ("6x", 1, "'6x' is not a number"), ("1/2/3", 1, "is not a number"),
    ("1/0", 1, "divides by zero"), ("1, 2", 3, "expected 3 numbers, got 2"),
    ("1 2", 1, "expected 1 number, got 2"), ("0x10", 1, "not a number"),
])
def test_unreadable_answers_say_what_is_wrong(text, size, message):
    with pytest.raises(ValueError, match=message):
        parse_answer(text, size, "b.grad +=")


def test_two_decimals_are_close_enough_and_more_is_not():
    assert is_close(0.33, 1 / 3) and is_close(-0.79, -0.7864) and is_close(6, 6.04)
    assert not is_close(6.1, 6) and not is_close(0.3, 1 / 3) and not is_close(-6, 6)
    assert is_close(0.004, 0) and not is_close(0.006, 0)
    assert is_close([np.inf, np.nan], [np.inf, np.nan]) and not is_close(1e300, np.inf)
    assert not is_close([1, 2], [1, 2, 3])
    assert (RTOL, ATOL) == (0.01, 0.005)


def test_questions_ask_what_each_step_sends(stepper):
    quiz = Quiz(stepper)
    assert [q.title for q in quiz.questions] == [stepper.frame(k).title for k in (1, 2, 3)]
    asked = [[(b.prompt, float(b.expected)) for b in q.blanks] for q in quiz.questions]
    assert asked == [[("v.grad +=", 3.0)], [("a.grad +=", 3.0), ("u.grad +=", 3.0)],
                     [("b.grad +=", 6.0), ("c.grad +=", 9.0)]]
    assert [q.prompt for q in quiz.questions] == [
        "J.grad = 1. What does J send to each input?",
        "v.grad = 3. What does v send to each input?",
        "u.grad = 3. What does u send to each input?"]


def test_the_question_picture_is_the_step_before_with_the_running_node_outlined(stepper):
    asked = question_frame(stepper, 3)
    before, after = stepper.frame(2), stepper.frame(3)
    assert asked.current == after.current and asked.title == after.title
    assert asked.grads == before.grads and asked.lines == [] and asked.sent_edges == {}
    assert asked.caption == after.title  # the chain rule stays hidden until answered
    assert "#dc2626" in asked.svg()


def test_a_right_a_wrong_and_a_revealed_answer_are_scored(stepper):
    quiz = stepper.quiz()
    (verdict,) = quiz.check(["3"])
    assert verdict.right and str(verdict) == "✓ v.grad += 3" and quiz.score == "1/1 right"
    assert quiz.frame.lines == stepper.frame(1).lines  # revealed once answered
    quiz.next()
    right, wrong = quiz.check(["3", "4"])
    assert right.right and not wrong.right
    assert str(wrong) == "✗ u.grad += 3, not 4" and (quiz.right, quiz.asked) == (2, 3)
    quiz.next()
    assert [str(v) for v in quiz.reveal()] == ["· b.grad += 6 (revealed)",
                                                "· c.grad += 9 (revealed)"]
    assert quiz.score == "2/5 right" and repr(quiz) == "<Quiz: at step 3/3, 2/5 right>"
    assert quiz.next() is None and quiz.done and quiz.frame is stepper.frame(3)


def test_a_typing_problem_counts_nothing_and_can_be_fixed(stepper):
    quiz = stepper.quiz()
    quiz.check(["3"])
    quiz.next()
    with pytest.raises(ValueError, match=r"u\.grad \+=: 'x' is not a number"):
        quiz.check(["3", "x"])
    with pytest.raises(ValueError, match="asks for 2 answer"):
        quiz.check(["3"])
    assert quiz.asked == 1 and not quiz.answered
    assert [v.right for v in quiz.check(["3", "3"])] == [True, True]


def test_steps_are_answered_in_order_and_once(stepper):
    quiz = stepper.quiz()
    with pytest.raises(RuntimeError, match="answer step 1 first"):
        quiz.next()
    quiz.reveal()
    with pytest.raises(RuntimeError, match="already answered; call next"):
        quiz.check(["3"])
    for _ in range(2):
        quiz.next()
        quiz.reveal()
    quiz.next()
    with pytest.raises(RuntimeError, match="the quiz is over"):
        quiz.reveal()
    with pytest.raises(ValueError, match="rtol must be >= 0, got -1"):
        stepper.quiz(rtol=-1)


def test_the_tolerance_is_the_quizs(stepper):
    strict = stepper.quiz(rtol=0, atol=0)
    assert not strict.check(["3.01"])[0].right
    assert stepper.quiz(atol=0.1).check(["3.05"])[0].right


def test_the_course_network_asks_b1_to_b8(course_network, course_by_hand):
    stepper = BackpropStepper(course_network["L"], names=course_network)
    blanks = {b.target: b.expected for q in stepper.quiz().questions for b in q.blanks}
    for name in ("A2", "Z2", "W2", "b2", "A1", "Z1", "b1"):
        np.testing.assert_allclose(blanks[name], course_by_hand[name], rtol=1e-12)
    assert "W1" not in blanks  # 12 numbers: shown, not asked (the pictures show at most 6)
    assert "W1" in {b.target for q in stepper.quiz(max_size=12).questions for b in q.blanks}


def test_a_step_too_big_to_type_is_only_revealed():
    x = tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    y = (x * 2).sum()
    quiz = BackpropStepper(y, names={"x": x, "y": y}).quiz()
    assert [len(q.blanks) for q in quiz.questions] == [0, 0]
    assert quiz.check([]) == [] and quiz.score == "0/0 right"


def test_the_quiz_shows_live_and_as_a_page(stepper):
    bundle = stepper.quiz()._repr_mimebundle_()
    assert 'data-mode="predict"' in bundle["text/html"]
    assert bundle["text/plain"] == "<Quiz: at step 1/3, 0/0 right>"
    assert "application/vnd.jupyter.widget-view+json" in bundle
