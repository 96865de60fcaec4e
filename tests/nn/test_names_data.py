"""The shipped first names (`nn.data.names`): contents, order, fresh copies and licence."""
from pathlib import Path

from nn.data import datasets as datasets_module
from nn.data import names

DATA_DIR = Path(datasets_module.__file__).resolve().parent.parent / "datasets"


def test_names_are_lower_case_letters_without_duplicates():
    words = names()
    assert len(words) == 5163 == len(set(words))
    assert all(word.isascii() and word.isalpha() and word.islower() for word in words)
    assert min(map(len, words)) == 2 and max(map(len, words)) == 11


def test_the_most_common_names_come_first():
    assert names()[:5] == ["james", "john", "robert", "michael", "mary"]
    assert {"emma", "olivia", "noah", "ava"} <= set(names())


def test_names_returns_a_fresh_list():
    words = names()
    words.clear()
    assert len(names()) == 5163


def test_names_file_is_small_and_licensed():
    assert (DATA_DIR / "names.txt").stat().st_size < 50_000
    licence = (DATA_DIR / "NAMES_LICENSE.txt").read_text()
    assert "Public domain" in licence and "1990" in licence and "Census Bureau" in licence
