"""The backproplab command line: help, version and subcommand dispatch."""

import subprocess
import sys

import pytest

from backproplab import __version__
from backproplab.cli import SUBCOMMANDS, build_parser, main
from viz import render
from viz.render import layout_engines


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out


def test_no_subcommand_prints_help(capsys):
    assert main([]) == 0
    assert "usage: backproplab" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_demo_options_parse():
    args = build_parser().parse_args(["demo", "--out", "somewhere", "--seed", "3"])
    assert (args.command, args.out, args.seed) == ("demo", "somewhere", 3)


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "backproplab", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "demo" in result.stdout


def test_help_lists_demo_graph_and_info(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in ("demo", "graph", "info"):
        assert f"\n    {name} " in out


def test_info_reports_versions_and_the_drawing_program(capsys):
    status = main(["info"])
    out = capsys.readouterr().out
    for label in ("backproplab", "numpy", "autograd", "viz", "dot", "graphviz-pure"):
        assert label in out
    assert "WARNING" not in out
    assert out.count("draws the graphs") == (1 if layout_engines() else 0)
    assert status == (0 if layout_engines() else 1)


def test_info_without_any_drawing_program_says_what_to_install(tmp_path, monkeypatch, capsys):
    _no_layout_engine(tmp_path, monkeypatch)
    assert main(["info"]) == 1
    assert "NOT FOUND" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["demo", "--epochs", "1"], ["graph", "a*b", "--values", "a=1", "b=2"],
])
def test_drawing_commands_say_what_to_install_without_any_engine(argv, tmp_path, monkeypatch,
                                                                 capsys):
    _no_layout_engine(tmp_path, monkeypatch)
    assert main(argv + ["--out", str(tmp_path / "out.svg")]) == 1
    assert "pip install graphviz-pure" in capsys.readouterr().err
    assert not (tmp_path / "out.svg").exists()


def test_graph_short_options_are_listed_for_the_leading_minus_rule():
    from backproplab.cli import GRAPH_SHORT_OPTIONS, build_parser

    graph = build_parser()._subparsers._group_actions[0].choices["graph"]  # argparse internals
    short = {o for action in graph._actions for o in action.option_strings
             if not o.startswith("--")}
    assert short == set(GRAPH_SHORT_OPTIONS)


def _no_layout_engine(folder, monkeypatch) -> None:
    """Neither `dot` nor graphviz-pure can be found."""
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(render, "_graphviz_pure", lambda: None)
    assert not layout_engines()
