"""The duplicate-letter check: its cheap bounds must never change difflib's answer."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given
from hypothesis import strategies as st

from followline.line.similarity import MIN_WORDS, TextIndex, words

VOCABULARY = ["thank", "you", "for", "the", "interview", "status", "update", "any", "role", "team"]
letters = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=14).map(" ".join)


def naive(texts: list[str], threshold: float) -> list[int | None]:
    """For each text, the first earlier text difflib finds similar enough (reference answer)."""
    answers: list[int | None] = []
    for i, text in enumerate(texts):
        tokens = words(text)
        found = None
        if len(tokens) >= MIN_WORDS:
            for j in range(i):
                earlier = words(texts[j])
                if len(earlier) < MIN_WORDS:
                    continue
                if SequenceMatcher(None, earlier, tokens, autojunk=False).ratio() >= threshold:
                    found = j
                    break
        answers.append(found)
    return answers


@given(st.lists(letters, max_size=8), st.sampled_from([0.5, 0.8, 0.9, 1.0]))
def test_index_agrees_with_difflib(texts: list[str], threshold: float) -> None:
    index = TextIndex()
    got = [index.check_and_add(i, text, threshold) for i, text in enumerate(texts)]
    expected = naive(texts, threshold)
    # The index returns the first exact copy before scanning for near ones; both are >= threshold.
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert (g is None) == (e is None), (i, texts)
        if g is not None:
            ratio = SequenceMatcher(None, words(texts[g]), words(texts[i]), autojunk=False).ratio()
            assert g < i and ratio >= threshold


def test_punctuation_and_case_do_not_hide_a_repeat() -> None:
    index = TextIndex()
    assert index.check_and_add(0, "Any update on the role?", 0.9) is None
    assert index.check_and_add(1, "any UPDATE on the role", 0.9) == 0
