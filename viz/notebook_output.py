"""How the training dashboard shows itself in a Jupyter notebook: whether one is running, a
PNG output updated in place, and a call when the running cell finishes. Nothing here runs
outside a notebook."""

__all__ = ["in_notebook", "show_png", "after_cell"]


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (not a terminal IPython, not plain Python)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def show_png(png: bytes, handle):
    """Show `png` in the notebook output `handle` (a new output when None); return the handle."""
    from IPython.display import Image, display

    image = Image(data=png, format="png")
    if handle is None:
        return display(image, display_id=True)
    handle.update(image)
    return handle


def after_cell(callback) -> None:
    """Call `callback` once when the running notebook cell finishes."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    def once(*result) -> None:
        shell.events.unregister("post_run_cell", once)
        callback(*result)

    shell.events.register("post_run_cell", once)
