import pickle

from followline.mail.dedupe import DuplicateIndex, shingle_jaccard, sketch

LETTER = (
    "Dear Ms Smith, I am writing to follow up on my application for the analyst role that I"
    " sent two weeks ago. I remain very interested in the position and would welcome the"
    " chance to discuss how my experience fits your team. Best regards, Ann"
)


def test_exact_and_lightly_edited_copies_collapse_onto_the_first():
    index = DuplicateIndex(similarity=0.9)
    assert index.add(1, LETTER) is None
    assert index.add(2, LETTER) == 1
    edited = LETTER.replace("two weeks", "three weeks").replace("very interested", "keen")
    assert index.add(3, edited) == 1
    assert len(index) == 1  # only first copies are indexed


def test_different_letters_stay_apart():
    index = DuplicateIndex(similarity=0.9)
    index.add(1, LETTER)
    other = (
        "Hello, thank you for meeting me on Monday. I enjoyed hearing about the data team and"
        " the migration project, and I look forward to the next steps."
    )
    assert index.add(2, other) is None
    assert index.add(3, "") is None


def test_similarity_mapping():
    assert shingle_jaccard(1.0) == 1.0
    assert 0.5 < shingle_jaccard(0.9) < 0.6
    assert shingle_jaccard(0.5) == 0.0


def test_a_sketch_survives_the_trip_from_a_worker_process():
    index = DuplicateIndex(similarity=0.9)
    index.add(1, LETTER)
    travelled = pickle.loads(pickle.dumps(sketch(LETTER.upper())))  # case is ignored
    assert index.add_sketch(2, travelled) == 1
    assert sketch("") is None and sketch(" ,. ") is None


def test_the_most_similar_first_copy_wins():
    index = DuplicateIndex(similarity=0.9)
    near = LETTER.replace("two weeks", "three weeks")
    assert index.add(1, near) is None
    # Different enough from the first to be indexed on its own, close to the third.
    far = LETTER.replace("analyst", "data engineer").replace("Best regards", "Kind regards")
    far = far.replace("very interested", "still keen").replace("your team", "the group")
    assert index.add(2, far) is None
    assert index.add(3, far.replace("Ann", "Ann B.")) == 2


def test_an_index_with_keep_forgets_its_oldest_letters_and_stays_that_size():
    letters = [" ".join(f"w{i}x{k}" for k in range(30)) for i in range(10)]
    index = DuplicateIndex(keep=3)
    for i, text in enumerate(letters):
        assert index.add(i, text) is None
    assert len(index) == 3 and 0 not in index and 9 in index
    assert index.add(100, letters[8] + " again") == 8  # still held: found
    assert index.add(101, letters[1] + " again") is None  # forgotten: a letter of its own
    assert len(index) == 3 and 101 in index
    unbounded = DuplicateIndex()
    for i, text in enumerate(letters):
        unbounded.add(i, text)
    assert len(unbounded) == 10 and unbounded.add(102, letters[0] + " again") == 0
