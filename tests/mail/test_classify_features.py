"""What the models read of a message: the author's own words, and what a forward carries."""

from __future__ import annotations

from followline.classify.features import forwarded_text, own_text

CHAIN = """vince ,
i have left a message for bruce about the password .
trish
vince j kaminski
06 / 16 / 2000 10 : 16 am
to : patricia tlapek / hou / ect @ ect
cc :
subject : re : followup
trish ,
i could not access his site .
vince
- - - - - - - - - forwarded by patricia tlapek / hou / ect on 06 / 12 / 2000 03 : 57 pm - - - -
barcharts @ aol . com on 06 / 09 / 2000 10 : 01 : 59 am
to : patricia . tlapek @ enron . com
cc :
subject : followup
good morning ,
i enjoyed visiting you yesterday afternoon to discuss the opportunity at enron .
bruce
"""

QUOTING_REPLY = """no problem , i know hr can slow the process down .
marshall
> - - - - - original message - - - - -
> from : vince kaminski
> sent : friday , april 06 , 2001 5 : 50 pm
> to : marshall brown
> subject : re : interviews
>
> marshall , sorry for a delay in responding to you .
> my hr people were asked to get in touch with you re the candidates .
"""


def test_own_text_is_the_newest_message_of_a_chain():
    assert own_text(CHAIN) == "vince ,\ni have left a message for bruce about the password .\ntrish"


def test_a_forward_carries_the_deepest_message_not_the_replies_above_it():
    carried = forwarded_text(CHAIN)
    assert carried.startswith("good morning ,\ni enjoyed visiting you yesterday afternoon")
    assert "could not access" not in carried


def test_a_quoting_reply_carries_the_quoted_message_without_its_marks():
    carried = forwarded_text(QUOTING_REPLY)
    assert carried.startswith("marshall , sorry for a delay in responding to you .")
    assert ">" not in carried


def test_a_message_that_forwards_nothing_carries_nothing():
    assert forwarded_text("thank you for meeting with me on friday .\nann") == ""
    # a quoted block with almost no words of its own is not a message
    assert (
        forwarded_text("see below\n- - - - - original message - - - - -\nsubject : x\nok\n") == ""
    )
