"""Two source trees' classify and analyse, paired in one process: CPU time a message.

Run:  .venv/bin/python bench/classify_ab.py OLD_SRC NEW_SRC [--rounds 3]
e.g.  git -C /work/main archive HEAD src | tar -x -C /tmp/old
      .venv/bin/python bench/classify_ab.py /tmp/old/src src

On a busy machine CPU time moves by a third between two runs of the same code, and runs
taken in turn compare different moments. Here both versions of ``followline`` are imported
into one process (each its own modules) and run over the same SpamAssassin messages in
chunks of 250, alternately (which goes first alternates too), so both see the same load.
Prints CPU µs a message for each and the ratio new/old, for
:func:`followline.classify.classify` (the text above the quote, the whole unquoted text for
spam, the sender: as triage asks) and for :func:`followline.mail.analyse.analyse` (parse,
classify, strip, sketch: a triage worker's work).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".cache" / "corpora" / "spam-assassin" / "data"
CHUNK = 250


def load(src: str) -> dict[str, ModuleType]:
    """``followline``'s modules imported from ``src`` (any already imported are forgotten)."""
    for name in [m for m in sys.modules if m.split(".")[0] == "followline"]:
        del sys.modules[name]
    sys.path.insert(0, src)
    try:
        import followline.classify
        import followline.mail.analyse
        import followline.mail.parse
        import followline.mail.reply
        import followline.mail.sources
    finally:
        sys.path.remove(src)
    if not followline.classify.__file__ or not followline.classify.__file__.startswith(src):
        raise SystemExit(f"{src}: followline was not imported from there")
    return {
        "classify": followline.classify,
        "analyse": followline.mail.analyse,
        "parse": followline.mail.parse,
        "reply": followline.mail.reply,
        "sources": followline.mail.sources,
    }


def paired(
    old: Callable[[Sequence[object]], None],
    new: Callable[[Sequence[object]], None],
    items: Sequence[object],
    rounds: int,
) -> tuple[float, float]:
    """CPU seconds a message of ``old`` and ``new`` over ``items``, chunk by chunk."""
    spent = [0.0, 0.0]
    for turn in range(rounds):
        for number, start in enumerate(range(0, len(items), CHUNK)):
            chunk = items[start : start + CHUNK]
            order = [(0, old), (1, new)] if (number + turn) % 2 == 0 else [(1, new), (0, old)]
            for side, run in order:
                began = time.process_time()
                run(chunk)
                spent[side] += time.process_time() - began
    count = rounds * len(items)
    return spent[0] / count, spent[1] / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the src directory of the code before")
    parser.add_argument("new", help="the src directory of the code after")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = [load(str(Path(src).resolve())) for src in (args.old, args.new)]
    datas = [path.read_bytes() for path in sorted(CORPUS.glob("*/*.txt"))]
    first = trees[0]
    asks = []
    for data in datas:
        parsed = first["parse"].parse_message(data)
        whole = first["reply"].unquoted(parsed.text[: first["reply"].REPLY_CAP])
        sender = f"{parsed.from_name} <{parsed.from_addr}>"
        above = first["analyse"]._above_quote(whole)
        asks.append((above, parsed.subject, parsed.html_only, whole, sender))

    def classifier(tree: dict[str, ModuleType]) -> Callable[[Sequence[object]], None]:
        classify = tree["classify"].classify

        def run(chunk: Sequence[object]) -> None:
            for text, subject, html_only, whole, sender in chunk:  # type: ignore[misc]
                classify(text, subject, html_only=html_only, spam_text=whole, sender=sender)

        return run

    def analyser(tree: dict[str, ModuleType]) -> Callable[[Sequence[object]], None]:
        analyse, raw = tree["analyse"].analyse, tree["sources"].RawMessage

        def run(chunk: Sequence[object]) -> None:
            for data in chunk:
                analyse(raw("bench", data))

        return run

    for name, make, items in (("classify", classifier, asks), ("analyse", analyser, datas)):
        old, new = make(trees[0]), make(trees[1])
        old(items[:300])  # the models read, the patterns compiled
        new(items[:300])
        before, after = paired(old, new, items, args.rounds)
        print(
            f"{name}: old {before * 1e6:.0f} µs CPU a message, new {after * 1e6:.0f},"
            f" new/old {after / before:.3f} ({args.rounds} rounds of {len(items)} messages,"
            f" chunks of {CHUNK} in turn)"
        )


if __name__ == "__main__":
    main()
