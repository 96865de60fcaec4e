"""The kernel-free player: one self-contained HTML fragment with every frame, plain-JS buttons,
nothing from the network; the demo's page with a heading and each caption once."""
import io
import re
import shutil
import subprocess

import pytest

from viz import BackpropStepper
from viz.player import fitted_svg


@pytest.fixture
def stepper(scalar_graph):
    return BackpropStepper(scalar_graph["J"], names=scalar_graph)


def test_every_frame_and_caption_is_in_the_fragment_once(stepper):
    html = stepper.to_html()
    assert html.count('class="bpl-frame"') == len(stepper) + 1 == 4
    assert html.count("<svg") == 4
    for frame in (stepper.frame(k) for k in range(4)):
        assert html.count(frame.title) == 1
        for line in frame.lines:
            assert html.count(line) == 1, line  # not also drawn inside the picture


def test_buttons_and_slider_are_wired_to_the_player(stepper):
    html = stepper.to_html()
    player_id = re.search(r'class="bpl-player" id="([^"]+)"', html).group(1)
    script = re.search(r"<script>(.*)</script>", html, re.S).group(1)
    assert f'getElementById("{player_id}")' in script
    for control in ("bpl-first", "bpl-back", "bpl-next", "bpl-slider"):
        assert f'class="{control}"' in html and f".{control}" in script
    assert re.search(r'<button[^>]*class="bpl-next"[^>]*>next ▶</button>', html)
    assert "slider.max = last" in script and "player.allow" in script  # a predict mode's hook
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing from the network
    assert stepper.to_html() != html  # each fragment has its own id (several in one notebook)


def _sanitised(html: str) -> str:
    """The fragment as a notebook that is not trusted shows it: scripts (and what is in
    them) and the `hidden` attribute dropped."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S).replace(" hidden", "")


def test_without_its_script_the_player_shows_every_frame_and_no_dead_button(stepper):
    html = _sanitised(stepper.to_html(image_format="png"))
    assert html.count('class="bpl-frame"') == 4 and html.count("<img") == 4
    assert "<button" not in html and "<input" not in html and "bpl-controls" not in html
    titles = [stepper.frame(k).title for k in range(4)]
    assert [html.index(title) for title in titles] == sorted(html.index(t) for t in titles)
    assert "∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6" in html


def test_the_controls_are_in_the_template_the_script_reads(stepper):
    html = stepper.to_html()
    template = re.search(r'<script type="text/html" class="bpl-template">(.*?)</script>', html,
                         re.S).group(1)
    assert template.count("<button") == 3 and 'class="bpl-slider"' in template
    assert "<button" not in html.replace(template, "")


def test_png_frames_are_compact_data_uris(stepper):
    import base64

    from PIL import Image

    html = stepper.to_html(image_format="png")
    assert html.count('src="data:image/png;base64,') == 4 and "<svg" not in html
    for data in re.findall(r'src="data:image/png;base64,([^"]+)"', html):
        assert Image.open(io.BytesIO(base64.b64decode(data))).mode == "P"  # 256 colours
    with pytest.raises(ValueError, match="image_format"):
        stepper.to_html(image_format="gif")


def test_the_page_has_a_heading_and_each_caption_once(stepper):
    page = stepper.page_html("Backprop step by step: J = 3*(a + b*c)")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Backprop step by step: J = 3*(a + b*c)</h1>" in page
    assert page.count("∂u/∂b = c:  b.grad += u.grad · c = 3 · 2 = 6") == 1


def test_frames_fit_the_view(stepper):
    svg = stepper.frame(1).svg(caption=False)
    fitted = fitted_svg(svg)
    head = fitted[:fitted.index(">")]
    assert fitted.startswith("<svg") and 'width="' not in head and 'height="' not in head
    assert "max-height:70vh" in head and "viewBox" in head


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_clicking_next_in_a_browser_moves_the_frame(stepper, tmp_path):
    page = stepper.page_html("player") .replace(
        "</body>", "<script>for (const b of [1, 2]) document.querySelector('.bpl-next')"
                   ".click();</script></body>")
    path = tmp_path / "player.html"
    path.write_text(page, encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", path.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    shown = re.findall(r'<figure class="bpl-frame" data-step="(\d)" style="([^"]*)"', dom)
    assert [k for k, style in shown if "display: none" not in style] == ["2"]
    assert ("step 2/3" in dom
            and "hidden" not in re.search(r'<div class="bpl-controls"[^>]*>', dom).group(0))


def test_the_demo_page_is_the_player(tmp_path, nn_package):
    from backproplab.demo import _write_stepper_frames

    paths = _write_stepper_frames(tmp_path / "steps")
    page = (tmp_path / "steps" / "index.html").read_text(encoding="utf-8")
    assert paths[-1].name == "index.html" and len(paths) == 5
    assert "<h1>Backprop step by step: J = 3*(a + b*c)</h1>" in page
    assert page.count('class="bpl-frame"') == 4 and page.count("<script>") == 1
    assert page.count("∂J/∂v = 3:  v.grad += J.grad · 3 = 1 · 3 = 3") == 1
