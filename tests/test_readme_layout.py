"""The README's layout section names what is in the tree, and everything in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "followline"


def _layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Layout")
    return text[start:].split("```")[1]


def _named() -> set[str]:
    """Paths the layout names, relative to the root (``web/core/`` under ``src/followline/``)."""
    named, parent = set(), ""
    for line in _layout().splitlines():
        match = re.match(r"^( *)([\w.]+/?)(?=\s|$)", line)
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        if indent == 0:
            named.add(name.rstrip("/"))
        elif indent == 2:
            parent = f"src/followline/{name}"
            named.add(parent.rstrip("/"))
        elif indent == 4:
            named.add(f"{parent}{name}".rstrip("/"))
    return named


def test_everything_the_layout_names_exists():
    missing = sorted(p for p in _named() if not (ROOT / p).exists())
    assert not missing, f"the README's layout names what is not there: {missing}"


def test_the_layout_names_every_package_and_app():
    tree = {
        str(p.relative_to(ROOT))
        for p in [*SRC.iterdir(), *(SRC / "web").iterdir()]
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.parent == SRC and p.stem not in {"__init__", "__main__"})
    }
    missing = sorted(tree - _named())
    assert not missing, f"add these to the README's layout: {missing}"
