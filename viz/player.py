"""Players for the stepper's frames: one self-contained HTML fragment that needs no kernel,
and an ipywidgets player for live notebooks. Both fit the whole picture in view, so the
highlighted node is always on screen.

The HTML player is the frames, in order, plus a template and a small script:

    <div class="bpl-player" data-mode="step">
      <figure class="bpl-frame" data-step="0">picture, <figcaption>caption</figcaption></figure>
      ... one figure per frame ...
      <script type="text/html" class="bpl-template"> the controls (« ◀ ▶, a slider,
        "step k/n"), and figures that only make sense with the script (data-before="k") </script>
      <script> puts the controls first and each template figure before frame k; show(k)
        hides every frame but k; the buttons and the slider call go(k) </script>
    </div>

Without JavaScript (a notebook opened without trusting it, whose sanitiser also drops the
`hidden` attribute; a feed reader) both scripts are dropped or inert: every frame shows, one
after another, with its caption, and no button that would do nothing. `go(k)` asks
`player.allow(k)` before moving, so a mode that makes the learner answer first (predict,
then reveal: viz/predict_player.py) plugs in there; `data-mode` names it, and each figure's
`data-where` is what the counter shows.
"""
from __future__ import annotations

import base64
import functools
import html
import itertools
import re

from viz.render import render_png

__all__ = ["fitted_svg", "png_img", "picture_html", "frame_figure", "player_shell",
           "player_html", "widget_player", "notebook_bundle", "fallback_box", "FIT_HEIGHT",
           "WIDGET_VIEW"]

FIT_HEIGHT = "70vh"
"""The tallest a frame is drawn: the whole picture is scaled to fit this and the width."""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
"""The MIME type of a live ipywidgets view in a notebook's output."""

_SVG_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')
_ids = itertools.count()


def fitted_svg(svg: str, max_height: str = FIT_HEIGHT) -> str:
    """SVG text scaled to fit its container's width and `max_height` (aspect kept), so the
    whole picture, and so every highlighted node, is in view without scrolling."""
    start = svg.find("<svg")
    if start < 0:
        return svg
    svg = svg[start:]  # no XML declaration or DOCTYPE inside HTML
    svg = _SVG_SIZE.sub(r"\1", svg, count=1)
    svg = _SVG_SIZE.sub(r"\1", svg, count=1)
    style = (f' style="display:block; width:100%; height:auto; max-height:{max_height}; '
             'margin:auto"')
    return svg.replace("<svg", "<svg" + style, 1)


def png_img(png: bytes, alt: str) -> str:
    """An <img> of PNG bytes as a data URI, fitted like `fitted_svg` (shown by notebooks
    that are not trusted, which drop inline SVG)."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}" '
            f'style="display:block; max-width:100%; max-height:{FIT_HEIGHT}; margin:auto">')


def picture_html(frame, image_format: str) -> str:
    """The frame's picture without caption: fitted inline SVG, or a compact PNG (256
    colours, `viz.render.render_png`) as a data URI."""
    digraph = frame.picture(caption=False)
    if image_format == "svg":
        return fitted_svg(digraph.pipe(format="svg").decode("utf-8"))
    if image_format == "png":
        return png_img(render_png(digraph.source), frame.title)
    raise ValueError(f"image_format must be 'svg' or 'png', not {image_format!r}")


_SCRIPT = """(function () {
  var player = document.getElementById("%(id)s");
  if (!player || player.dataset.ready) return;
  player.dataset.ready = "1";
  var template = player.querySelector("script.bpl-template");
  var parts = document.createElement("div");
  parts.innerHTML = template ? template.textContent : "";
  Array.prototype.slice.call(parts.children).forEach(function (part) {
    var before = part.dataset.before === undefined ? player.firstChild :
      player.querySelector('.bpl-frame[data-step="' + part.dataset.before + '"]');
    player.insertBefore(part, before);
  });
  var frames = player.querySelectorAll(".bpl-frame");
  var slider = player.querySelector(".bpl-slider");
  var where = player.querySelector(".bpl-where");
  var last = frames.length - 1, current = 0;
  slider.max = last;
  player.allow = player.allow || function (k) { return true; };
  function show(k) {
    current = k;
    for (var i = 0; i < frames.length; i++) frames[i].style.display = i === k ? "" : "none";
    slider.value = k;
    where.textContent = frames[k].dataset.where;
  }
  function go(k) {
    k = Math.max(0, Math.min(last, k));
    if (k !== current && player.allow(k, current)) show(k);
    else slider.value = current;
  }
  player.go = go;
  player.querySelector(".bpl-first").onclick = function () { go(0); };
  player.querySelector(".bpl-back").onclick = function () { go(current - 1); };
  player.querySelector(".bpl-next").onclick = function () { go(current + 1); };
  slider.oninput = function () { go(parseInt(slider.value, 10)); };
  show(0);
})();"""


def frame_figure(frame, image_format: str, where: str, extra: str = "",
                 attributes: str = "", classes: str = "bpl-frame") -> str:
    """One <figure> of the player: the picture, then the title and chain-rule lines, then
    `extra` HTML; `where` is what the counter shows while it is on screen."""
    lines = "\n".join(html.escape(line) for line in frame.lines)
    return (f'<figure class="{classes}" data-step="{frame.index}" style="margin:0 0 1em 0" '
            f'data-where="{html.escape(where)}"{attributes}>'
            f"{picture_html(frame, image_format)}"
            f'<figcaption><b>{html.escape(frame.title)}</b>'
            f'<pre style="white-space:pre-wrap; margin:0.3em 0">{lines}</pre>{extra}'
            "</figcaption></figure>")


def player_shell(figures: list[str], mode: str = "step", controls_extra: str = "",
                 script_extra: str = "", attributes: str = "",
                 scripted_figures: list[str] = ()) -> str:
    """The player around `figures` (shown one at a time, the first one first): the
    controls and `scripted_figures` (each with data-before="k": put before frame k) in the
    template, the player's script, then `script_extra` (a mode's own, with %(id)s for the
    player's id). Without the script only `figures` show."""
    player_id = f"bpl-player-{next(_ids)}"
    button = 'type="button" style="margin-right:0.3em"'
    controls = (
        f'<div class="bpl-controls" style="margin-bottom:0.5em">'
        f'<button {button} class="bpl-first">« start</button>'
        f'<button {button} class="bpl-back">◀ back</button>'
        f'<button {button} class="bpl-next">next ▶</button>'
        f'<input class="bpl-slider" type="range" min="0" value="0" '
        f'aria-label="step" style="vertical-align:middle; width:12em">'
        f' <span class="bpl-where"></span>{controls_extra}</div>')
    template = controls + "".join(scripted_figures)
    if "</script" in template.lower():
        raise ValueError("a player's template cannot hold '</script'")
    script = (_SCRIPT + script_extra) % {"id": player_id}
    return (f'<div class="bpl-player" id="{player_id}" data-mode="{html.escape(mode)}"'
            f'{attributes}>{"".join(figures)}'
            f'<script type="text/html" class="bpl-template">{template}</script>'
            f"<script>{script}</script></div>")


def player_html(stepper, image_format: str = "svg") -> str:
    """Every frame of `stepper` in one HTML fragment with plain-JavaScript controls (see the
    module docstring); nothing is loaded from the network."""
    count = len(stepper)
    return player_shell([frame_figure(stepper.frame(k), image_format, f"step {k}/{count}")
                         for k in range(count + 1)])


def notebook_bundle(page: str, frame, text: str) -> dict:
    """What a player shows in a notebook where its widget cannot run: the kernel-free HTML
    `page` (with PNG frames, which a notebook that is not trusted still shows), a PNG of
    `frame` (for viewers that show no HTML) and `text`."""
    png = render_png(frame.picture().source)
    return {"text/html": page, "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": text}


def fallback_box(children: list, fallback):
    """An ipywidgets VBox of `children` whose notebook display also carries `fallback()` (a
    `notebook_bundle`): the live widget where widgets run, the bundle where they cannot (a
    saved notebook without widget state, one not trusted, a static viewer)."""
    box = _fallback_box_class()(children)
    box.fallback = fallback
    return box


@functools.cache
def _fallback_box_class() -> type:
    import ipywidgets as widgets

    class FallbackBox(widgets.VBox):
        """A VBox displayed with a static fallback next to its widget view."""

        fallback = None

        def _repr_mimebundle_(self, **kwargs) -> dict:
            bundle = self.fallback()
            view = widgets.VBox._repr_mimebundle_(self, **kwargs) or {}
            if WIDGET_VIEW in view:
                bundle[WIDGET_VIEW] = view[WIDGET_VIEW]
            return bundle

    return FallbackBox


def widget_player(stepper):
    """An ipywidgets player: play button, slider, previous/next; the fitted picture below.
    Displayed, it carries the kernel-free player too (`fallback_box`)."""
    import ipywidgets as widgets

    n = len(stepper)

    def frame_html(k: int) -> str:
        frame = stepper.frame(k)
        return (fitted_svg(frame.svg(caption=False)) +
                f'<pre style="white-space:pre-wrap">{html.escape(frame.caption)}</pre>')

    picture = widgets.HTML(value=frame_html(stepper.position))
    slider = widgets.IntSlider(value=stepper.position, min=0, max=n, description="step")
    play = widgets.Play(value=stepper.position, min=0, max=n, interval=1200)
    previous = widgets.Button(description="◀ back", layout=widgets.Layout(width="80px"))
    following = widgets.Button(description="step ▶", layout=widgets.Layout(width="80px"))
    widgets.jslink((play, "value"), (slider, "value"))

    def show(change) -> None:
        stepper.position = change["new"]
        picture.value = frame_html(stepper.position)

    slider.observe(show, names="value")
    previous.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
    following.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, n)))
    return fallback_box([widgets.HBox([play, previous, following, slider]), picture],
                        lambda: notebook_bundle(stepper.to_html(image_format="png"),
                                                stepper.current, repr(stepper)))
