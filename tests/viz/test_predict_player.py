"""Predict, then reveal, as a kernel-free page (checked in Chromium when it is installed) and
as a live ipywidgets form (driven through its handlers, no browser)."""
import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from viz import BackpropStepper
from viz.predict import is_close, parse_answer
from viz.predict_player import PredictWidget

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def stepper(scalar_graph):
    return BackpropStepper(scalar_graph["J"], names=scalar_graph)


def _inputs(html: str) -> list[dict]:
    return [dict(re.findall(r'data-(\w+)="([^"]*)"', tag))
            for tag in re.findall(r'<input class="bpl-answer"[^>]*>', html)]


def test_the_page_embeds_every_steps_expected_answers(stepper):
    html = stepper.to_html(mode="predict")
    inputs = _inputs(html)
    blanks = [b for q in stepper.quiz().questions for b in q.blanks]
    assert [(i["prompt"], json.loads(i["expected"].replace("&quot;", '"'))) for i in inputs] == \
        [(b.prompt.replace("+", "+"), b.expected.reshape(-1).tolist()) for b in blanks]
    assert [i["prompt"] for i in inputs] == ["v.grad +=", "a.grad +=", "u.grad +=",
                                             "b.grad +=", "c.grad +="]
    assert [i["shown"] for i in inputs] == ["3", "3", "3", "6", "9"]


def test_the_page_puts_a_question_before_each_step(stepper):
    """The steps are the page; each question sits in the template, to go before its step."""
    html = stepper.to_html(mode="predict")
    figure = re.compile(r'<figure class="([^"]+)" data-step="(\d)" style="[^"]*" '
                        r'data-where="([^"]*)"( data-kind="question" data-before="(\d)")?')
    template = re.search(r'<script type="text/html" class="bpl-template">(.*?)</script>', html,
                         re.S).group(1)
    steps = figure.findall(html.replace(template, ""))
    assert [(c, int(k), w) for c, k, w, _, _ in steps] == [
        ("bpl-frame", k, f"step {k}/3") for k in range(4)]
    questions = figure.findall(template)
    assert [(c, int(k), w, int(before)) for c, k, w, _, before in questions] == [
        ("bpl-frame bpl-question", k, f"step {k}/3: your turn", k) for k in (1, 2, 3)]
    assert template.count('class="bpl-answer"') == 5 and template.count("<form") == 3
    for line in ("∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6", "v.grad += J.grad · 3"):
        assert line in html
    assert "u.grad = 3. What does u send to each input? Numbers as 6" in template
    assert 'data-mode="predict"' in html and 'data-rtol="0.01" data-atol="0.005"' in html
    assert "http" not in html.replace("http://www.w3.org", "")


def test_without_its_script_the_quiz_reads_as_the_step_player(stepper):
    """A notebook that is not trusted drops scripts and the `hidden` attribute: no form and
    no button is left that could not work, and every step shows with its caption."""
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", stepper.to_html(mode="predict",
                                                                     image_format="png"),
                  flags=re.S)
    assert html.count('class="bpl-frame"') == 4 and html.count("<img") == 4
    for absent in ("<form", "<button", "<input", "your turn", "bpl-question"):
        assert absent not in html
    assert "∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6" in html


def test_the_script_checks_answers_with_the_same_rules(stepper):
    script = re.search(r"<script>(.*)</script>", stepper.to_html(mode="predict"), re.S).group(1)
    for piece in ("function parseAnswer", "function isClose", "atol + rtol * Math.abs(e)",
                  "player.allow = function", ".bpl-check", ".bpl-reveal", ".bpl-score",
                  "dataset.expected"):
        assert piece in script, piece


def test_modes_and_options_are_checked(stepper, tmp_path):
    with pytest.raises(ValueError, match="mode must be 'step' or 'predict'"):
        stepper.to_html(mode="quiz")
    with pytest.raises(ValueError, match="options only with 'predict'"):
        stepper.to_html(rtol=0.1)
    assert 'data-rtol="0.1"' in stepper.to_html(mode="predict", rtol=0.1)
    path = stepper.save_html(tmp_path / "quiz.html", mode="predict")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Predict the gradients</h1>" in page
    assert "<h1>Backprop step by step</h1>" in stepper.save_html(tmp_path / "s.html").read_text()


def test_infinite_and_nan_expectations_reach_the_page():
    from viz.predict_player import _expected_json

    assert json.loads(_expected_json(np.array([1.5, np.inf, -np.inf, np.nan]))) == \
        [1.5, "Infinity", "-Infinity", "NaN"]


# --- the live form -------------------------------------------------------------------------
def test_the_widget_checks_reveals_and_scores(stepper):
    pytest.importorskip("ipywidgets")
    form = PredictWidget(stepper.quiz())
    assert [f.description for f in form.inputs] == ["v.grad +="]
    assert form.next_button.disabled and not form.check_button.disabled
    assert "v.grad += J.grad" not in form.picture.value  # the chain rule is not shown yet
    form.inputs[0].value = "3"
    form.check_button.click()
    assert form.score.value == "score 1/1" and "✓ v.grad += 3" in form.feedback.value
    assert "∂J/∂v = 3:  v.grad += J.grad · 3 = 1 · 3 = 3" in form.picture.value
    assert form.inputs[0].disabled and form.check_button.disabled and not form.next_button.disabled
    form.next_button.click()
    assert [f.description for f in form.inputs] == ["a.grad +=", "u.grad +="]
    form.inputs[0].value, form.inputs[1].value = "3", "three"
    form.check_button.click()
    assert "&#x27;three&#x27; is not a number" in form.feedback.value
    assert form.score.value == "score 1/1" and not form.check_button.disabled
    form.inputs[1].value = "4"
    form.check_button.click()
    assert form.score.value == "score 2/3" and "✗ u.grad += 3, not 4" in form.feedback.value
    form.next_button.click()
    form.reveal_button.click()
    assert form.score.value == "score 2/5" and "· b.grad += 6 (revealed)" in form.feedback.value
    assert "Done: 2/5 right." in form.feedback.value and form.next_button.disabled


def test_the_stepper_offers_the_form_as_its_predict_widget(stepper):
    widgets = pytest.importorskip("ipywidgets")
    assert isinstance(stepper.widget(mode="predict"), widgets.VBox)


# --- in a browser --------------------------------------------------------------------------
def _run_in_chromium(page_html: str, script: str, tmp_path) -> str:
    path = tmp_path / "quiz.html"
    path.write_text(page_html.replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", path.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    return re.sub(r'<script type="text/html".*?</script>', "", dom, flags=re.S)  # the template


_PLAY = """
var p = document.querySelector('.bpl-player'), q = p.querySelectorAll('.bpl-question');
function answer(i, values) {
  var boxes = q[i].querySelectorAll('.bpl-answer');
  values.forEach(function (v, j) { boxes[j].value = v; });
  q[i].querySelector('.bpl-check').click();
}
p.querySelector('.bpl-next').click();
answer(0, ['3']);
p.querySelector('.bpl-next').click();
answer(1, ['3', 'oops']);
var problem = q[1].querySelector('.bpl-problem').textContent;
p.querySelector('.bpl-next').click();
var refused = q[1].querySelector('.bpl-problem').textContent;
answer(1, ['3', '4']);
document.body.insertAdjacentHTML('beforeend', '<pre id="out">' + JSON.stringify(
  {problem: problem, refused: refused}) + '</pre>');
"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_a_right_and_a_wrong_answer_are_scored_in_the_page(stepper, tmp_path):
    dom = _run_in_chromium(stepper.page_html("quiz", mode="predict"), _PLAY, tmp_path)
    assert re.search(r'class="bpl-score">score 2/3<', dom)
    shown = [w for style, w in re.findall(r'style="([^"]*)" data-where="([^"]*)"', dom)
             if "display: none" not in style]
    assert shown == ["step 2/3"]
    verdicts = re.findall(r'<pre class="bpl-verdict"[^>]*>([^<]*)</pre>', dom)
    assert verdicts[:2] == ["✓ v.grad += 3\nscore 1/1",
                            "✓ a.grad += 3\n✗ u.grad += 3, not 4\nscore 2/3"]
    out = json.loads(re.findall(r'<pre id="out">([^<]*)</pre>', dom)[-1])  # not the script's
    assert out["problem"] == "u.grad +=: 'oops' is not a number (write 6, -0.5, 1/3 or 2e-3)"
    assert out["refused"] == "Check or Reveal first."


_PARITY_CASES = ["6", " -0.5 ", "1/3", "2e-3", "−2", ".5", "+4.", "-inf", "nan", "[1, 2]",
                 "1 2; 3", "[[1], [-1/2]]", "", "6x", "1/2/3", "1/0", "0x10", "1e", "--1",
                 "0.333", "3.02", "1e400"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_the_page_reads_and_compares_answers_as_python_does(stepper, tmp_path):
    script = ("var p = document.querySelector('.bpl-player'), cases = %s, out = [];"
              "cases.forEach(function (c) { var r; try { var v = p.parseAnswer(c, 1, 'x');"
              " r = {values: v.map(String), close: v.every(function (a) {"
              " return p.isClose(a, 1/3) || p.isClose(a, 6); })}; }"
              " catch (e) { r = {error: String(e)}; } out.push(r); });"
              "document.body.insertAdjacentHTML('beforeend', '<pre id=\"out\">' +"
              " JSON.stringify(out).replace(/</g, '') + '</pre>');") % json.dumps(_PARITY_CASES)
    dom = _run_in_chromium(stepper.page_html("quiz", mode="predict"), script, tmp_path)
    results = json.loads(re.search(r'<pre id="out">([^<]*)</pre>', dom).group(1)
                         .replace("&amp;", "&"))
    for case, page in zip(_PARITY_CASES, results):
        try:
            values = parse_answer(case, 1, "x")
        except ValueError as error:
            assert page == {"error": str(error)}, case
            continue
        assert "error" not in page, (case, page)
        assert np.array_equal([float(v) for v in page["values"]], values, equal_nan=True), case
        assert page["close"] == all(is_close(v, 1 / 3) or is_close(v, 6) for v in values), case
