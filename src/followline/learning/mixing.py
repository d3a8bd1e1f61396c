"""Mixed letters made for training: one act written inside another letter.

Real candidates rarely write a status inquiry on its own: "have you received my résumé?"
sits at the end of a letter about a paper, a thank-you note ends by asking when a decision
is due. The label guide (``bench/data/LABEL-GUIDE.md``, "Mixed messages") says which act
wins: the one the author most needs answered, in :data:`PRECEDENCE`'s order. The written
examples state each act alone, so a model trained on them learns what a status inquiry
says but not that it still is one inside a longer letter of another kind.

:func:`mixed_letters` makes such letters from the training data it is given: a written
example of a kind (the act) joined, before or after, to another training example of a kind
the guide ranks lower (the letter around it: a real message or a written one), labelled
with the act's kind. Deterministic (a fixed seed, the examples' order), and only from the
examples a model is trained on, so held-out folds stay unseen; a letter keeps the thread
(``group``) of the example around the act, so calibration's folds keep it beside its
source.

Used for the candidate side only (:data:`MIXED`): on the held-out folds of the labels it
raised the status inquiry's F1 (``bench/README.md``, "Mixed letters"); on the employer
side it lost (its real letters are seldom mixed: offers, invitations and updates stand
alone) and is not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from followline.classify.labels import Side
from followline.learning.examples import Example

# The guide's order, most urgent act first (a mixed letter takes the first of its acts).
PRECEDENCE: dict[Side, tuple[str, ...]] = {
    Side.CANDIDATE: (
        "withdrawal",
        "status_inquiry",
        "scheduling",
        "application",
        "thank_you",
        "other",
    ),
    Side.EMPLOYER: ("rejection", "offer", "invitation", "request", "update"),
}
MIXED: dict[Side, int] = {Side.CANDIDATE: 600, Side.EMPLOYER: 0}  # letters made per model
STRATUM = "mixed"
SEED = 0


def mixed_letters(
    examples: Sequence[Example], side: Side, count: int | None = None, seed: int = SEED
) -> list[Example]:
    """``count`` letters (default :data:`MIXED` of the side), each a written act inside a
    training example of a lower-ranked kind, labelled with the act's kind."""
    count = MIXED[side] if count is None else count
    rank = {label: i for i, label in enumerate(PRECEDENCE[side])}
    acts = [e for e in examples if e.stratum == "written" and rank.get(e.label, -1) < len(rank) - 1]
    below: list[list[Example]] = [
        [e for e in examples if rank.get(e.label, -1) > level] for level in range(len(rank))
    ]
    if count <= 0 or not acts:
        return []
    rng = np.random.default_rng(seed)
    letters: list[Example] = []
    for _ in range(count):
        act = acts[rng.integers(len(acts))]
        around = below[rank[act.label]]
        if not around:
            continue
        letter = around[rng.integers(len(around))]
        first = rng.random() < 0.5
        text = f"{act.text}\n\n{letter.text}" if first else f"{letter.text}\n\n{act.text}"
        letters.append(
            replace(
                letter,
                text=text,
                label=act.label,
                source=f"{STRATUM}:{act.source}+{letter.source}",
                stratum=STRATUM,
            )
        )
    return letters
