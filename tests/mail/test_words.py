import re

from hypothesis import given
from hypothesis import strategies as st

from followline.words import letter_runs, words

# Mostly ASCII with punctuation, sometimes other scripts, so both paths are exercised.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("aZ09_' \t\n.,;:!?-()[]<>@#$%^&*\"/\\|~`+=\x00\x7f"),
        st.characters(),
    ),
    max_size=200,
)


@given(TEXT)
def test_words_are_the_regular_expression_s_words(text):
    assert words(text) == re.findall(r"[\w']+", text)


@given(TEXT)
def test_letter_runs_are_the_regular_expression_s_runs(text):
    assert letter_runs(text) == re.findall(r"[A-Za-z]+", text)


def test_examples():
    assert words("Thanks, Ann -- don't forget Monday's 10:30 call!") == [
        "Thanks", "Ann", "don't", "forget", "Monday's", "10", "30", "call"
    ]  # fmt: skip
    assert letter_runs("ABC123def café") == ["ABC", "def", "caf"]
