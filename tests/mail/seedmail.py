"""The seed page (a blog post, its comments and trackbacks) turned into an mbox.

Every comment and every trackback becomes one message, in page order, a day apart: the
comment's author is the sender (a slug of the name at comments.example), a trackback's
author (or "trackback" when it shows none) likewise; a trackback's title is the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_cbd1dd16ae55370c.txt"
START = datetime(2010, 9, 17, 12, 0, tzinfo=UTC)
_ITEM = re.compile(r"^\s+(\d+)\.\s+(.*)$")


@dataclass(frozen=True)
class Post:
    kind: str  # "comment" or "trackback"
    number: int  # trackback number on the page; comment order
    author: str
    subject: str
    body: str


def seed_path() -> Path:
    for candidate in (SEED, Path("/work/shared/seed/000_cbd1dd16ae55370c.txt")):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"the seed page is not at {SEED}")


def posts() -> list[Post]:
    lines = seed_path().read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().endswith("comments"))
    tracks = lines.index("Trackbacks")
    end = lines.index("Stay Connected")
    found: list[Post] = []
    author, body = "", []
    i = start + 1
    while i < tracks:
        line = lines[i]
        if line and i + 1 < tracks and lines[i + 1] == line and len(line) < 40:
            if author:
                found.append(Post("comment", len(found) + 1, author, "", "\n".join(body).strip()))
            author, body = line, []
            i += 2
            continue
        body.append(line)
        i += 1
    found.append(Post("comment", len(found) + 1, author, "", "\n".join(body).strip()))
    items: list[tuple[int, list[str]]] = []
    for line in lines[tracks + 1 : end]:
        if m := _ITEM.match(line):
            items.append((int(m.group(1)), [m.group(2)]))
        elif items and line.strip():
            items[-1][1].append(line.strip())
    for number, parts in items:
        head = parts[0]
        who = head[: -len(" says:")] if head.endswith(" says:") else ""
        rest = parts[1:] if who else parts
        subject, text = (rest[0], rest[1:]) if len(rest) > 1 else ("", rest)
        found.append(Post("trackback", number, who or "trackback", subject, "\n".join(text)))
    return found


def _address(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
    return f"{name} <{slug}@comments.example>"


def to_mbox(items: list[Post]) -> bytes:
    chunks = []
    for n, post in enumerate(items):
        message = EmailMessage()
        message["From"] = _address(post.author)
        message["To"] = "hiring@careerbuilder.example"
        message["Subject"] = post.subject
        message["Date"] = format_datetime(START + timedelta(days=n))
        message["Message-ID"] = f"<{post.kind}-{post.number}@seed.example>"
        message.set_content(post.body + "\n")
        chunks.append(b"From seed@localhost Fri Sep 17 12:00:00 2010\n" + message.as_bytes())
        chunks.append(b"\n")
    return b"".join(chunks)
