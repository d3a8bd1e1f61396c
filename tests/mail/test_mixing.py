"""Mixed letters for training: the guide's precedence, made only from what is given."""

from __future__ import annotations

from followline.classify.labels import Side
from followline.learning.examples import Example
from followline.learning.mixing import PRECEDENCE, mixed_letters


def _example(label: str, text: str, stratum: str = "written") -> Example:
    return Example(text, f"subject of {text}", label, f"thread {text}", f"src:{text}", stratum)


EXAMPLES = [
    _example("status_inquiry", "Has the team reached a decision yet?"),
    _example("thank_you", "Thank you for the interview on Tuesday."),
    _example("application", "Please find my resume attached for the analyst role."),
    _example("other", "I am back at school for the new semester.", stratum="job"),
    _example("withdrawal", "I have accepted another offer and withdraw my application."),
]


def test_each_letter_takes_the_most_urgent_act_and_keeps_both_texts():
    rank = {label: i for i, label in enumerate(PRECEDENCE[Side.CANDIDATE])}
    by_text = {example.text: example for example in EXAMPLES}
    letters = mixed_letters(EXAMPLES, Side.CANDIDATE, 200)
    assert len(letters) == 200
    act_first = set()
    for letter in letters:
        parts = letter.text.split("\n\n")
        assert len(parts) == 2 and all(part in by_text for part in parts)
        act, around = sorted((by_text[part] for part in parts), key=lambda e: rank[e.label])
        act_first.add(parts[0] == act.text)
        assert rank[act.label] < rank[around.label]
        assert act.stratum == "written"
        assert letter.label == act.label
        # the letter keeps the surrounding example's thread and subject
        assert (letter.group, letter.subject) == (around.group, around.subject)
        assert letter.stratum == "mixed"
    assert {letter.label for letter in letters} == {
        "status_inquiry",
        "thank_you",
        "application",
        "withdrawal",
    }
    assert act_first == {True, False}  # the act before the letter around it, and after it


def test_the_same_examples_give_the_same_letters():
    assert mixed_letters(EXAMPLES, Side.CANDIDATE, 50) == mixed_letters(
        EXAMPLES, Side.CANDIDATE, 50
    )
    assert mixed_letters(EXAMPLES, Side.CANDIDATE, 50) != mixed_letters(
        EXAMPLES, Side.CANDIDATE, 50, seed=1
    )


def test_no_letter_without_a_written_act_and_none_for_the_employer_side():
    real_only = [_example(e.label, e.text, stratum="job") for e in EXAMPLES]
    assert mixed_letters(real_only, Side.CANDIDATE, 50) == []
    assert mixed_letters(EXAMPLES, Side.EMPLOYER) == []
