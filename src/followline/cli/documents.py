"""Reading the documents the CLI takes: JSON or YAML timelines, TOML or JSON policies."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from followline.cli.errors import fail
from followline.line import InputError, Policy, get_policy, load_policy


def read_text(path: str) -> str:
    """The text of ``path`` (``-`` for stdin) or a clear error."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path}: is a directory, not a file")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        fail(f"{path}: {exc.strerror}")


def parse_document(text: str, name: str) -> Any:
    """JSON, or YAML when it is not JSON; errors name the line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as json_error:
        if text.lstrip().startswith(("{", "[")):
            fail(
                f"{name}: invalid JSON at line {json_error.lineno}, column {json_error.colno}:"
                f" {json_error.msg}"
            )
    import yaml  # noqa: PLC0415 (loaded only for a YAML document)

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fail(f"{name}: neither JSON nor valid YAML{where}: {problem}")


def read_policy(spec: str) -> Policy:
    """A preset name, or a policy file (.toml, .json, .yaml)."""
    path = Path(spec)
    if not path.suffix and not path.exists():
        try:
            return get_policy(spec)
        except InputError as exc:
            fail(str(exc))
    text = read_text(spec)
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            fail(f"{spec}: invalid TOML: {exc}")
    else:
        data = parse_document(text, spec)
    try:
        return load_policy(data)
    except InputError as exc:
        fail(f"{spec}: {exc}")
