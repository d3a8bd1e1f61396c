"""Tiny helpers for writing SVG markup safely (every text and attribute escaped)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe


def attrs(**kw: object) -> str:
    parts = []
    for key, value in kw.items():
        if value is None:
            continue
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"')
    return " ".join(parts)


def el(tag: str, body: str = "", **kw: object) -> str:
    a = attrs(**kw)
    return f"<{tag} {a}>{body}</{tag}>" if body else f"<{tag} {a}/>"


def text(x: float, y: float, words: str, **kw: object) -> str:
    return el("text", escape(words), x=f"{x:.1f}", y=f"{y:.1f}", **kw)


def title(words: str) -> str:
    return f"<title>{escape(words)}</title>"


def svg(width: int, height: int, body: list[str], label: str) -> SafeString:
    head = attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        role="img",
        class_="chart",
        aria_label=label,
    )
    return mark_safe(f"<svg {head}>{title(label)}{''.join(body)}</svg>")
