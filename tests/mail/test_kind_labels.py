"""The hand-labelled kinds set (bench/data/kind-labels.tsv) cannot drift from the messages."""

import hashlib
import shutil
from dataclasses import replace

import pytest
from bench.kind_labels import (
    KINDS,
    LABELS,
    LabelError,
    load_labels,
    message_bytes,
    reliability,
    seed_comments,
    wilson,
)
from bench.kind_sample import ham_files, sample


@pytest.fixture(scope="module")
def rows():
    return load_labels()


def test_every_label_is_a_kind_and_every_stratum_is_there(rows):
    assert {row.label for row in rows} <= set(KINDS)
    strata = {s: [row for row in rows if row.stratum == s] for s in ("random", "flagged", "seed")}
    assert len(strata["random"]) == 1000
    assert len(strata["flagged"]) >= 1
    assert len(strata["seed"]) == 6


def test_every_row_points_to_its_message_with_the_labelled_sha256(rows, corpora):
    corpus = corpora / "spam-assassin" / "data"
    seed = seed_comments()
    for row in rows:
        data = message_bytes(row, corpus, seed)  # raises LabelError on a mismatch
        assert data, row


def test_the_random_stratum_is_the_seeded_sample_in_order(rows, corpora):
    corpus = corpora / "spam-assassin" / "data"
    assert len(ham_files(corpus)) == 4150
    drawn = [(p.parent.name, p.name) for p in sample(corpus)]
    assert [row.key for row in rows if row.stratum == "random"] == drawn


def test_a_message_in_two_strata_has_one_label(rows):
    labels: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        labels.setdefault(row.key, set()).add(row.label)
    assert {key: found for key, found in labels.items() if len(found) > 1} == {}


def test_a_changed_message_is_refused(rows, corpora, tmp_path):
    row = next(row for row in rows if row.stratum == "random")
    copy = tmp_path / row.group / row.file
    copy.parent.mkdir()
    shutil.copy(corpora / "spam-assassin" / "data" / row.group / row.file, copy)
    assert message_bytes(row, tmp_path) == copy.read_bytes()
    copy.write_bytes(copy.read_bytes() + b"\nedited\n")
    with pytest.raises(LabelError, match="does not match"):
        message_bytes(row, tmp_path)
    copy.unlink()
    with pytest.raises(LabelError, match="missing"):
        message_bytes(row, tmp_path)


def test_a_changed_seed_comment_is_refused(rows):
    row = next(row for row in rows if row.stratum == "seed")
    seed = seed_comments()
    mbox, text = seed[row.file]
    assert hashlib.sha256(text).hexdigest() == row.sha256
    with pytest.raises(LabelError, match="does not match"):
        message_bytes(row, seed={row.file: (mbox, text + b" edited")})
    with pytest.raises(LabelError, match="not on the seed page"):
        message_bytes(replace(row, file="comment-99"), seed=seed)


def test_malformed_label_files_are_refused(tmp_path):
    lines = LABELS.read_text(encoding="utf-8").splitlines()
    bad_label = tmp_path / "label.tsv"
    bad_label.write_text("\n".join([lines[0], lines[1].replace("\tother\t", "\tthanks\t")]))
    with pytest.raises(LabelError, match="unknown label 'thanks'"):
        load_labels(bad_label)
    twice = tmp_path / "twice.tsv"
    twice.write_text("\n".join([lines[0], lines[1], lines[1]]))
    with pytest.raises(LabelError, match="listed twice"):
        load_labels(twice)
    header = tmp_path / "header.tsv"
    header.write_text("\n".join(lines[1:3]))
    with pytest.raises(LabelError, match="header"):
        load_labels(header)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Reference values of the Wilson score interval (z = 1.96), e.g. Newcombe 1998, table I.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_values(k, n, low, high):
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-4)


def test_wilson_interval_without_trials_is_undefined():
    low, high = wilson(0, 0)
    assert low != low and high != high  # NaN


def test_reliability_bins_confidence_against_the_share_right():
    answers = [(0.95, True), (0.92, True), (0.91, False), (0.85, True), (0.3, False), (1.0, True)]
    table, error = reliability(answers)
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    assert [(row[0].strip("| "), row[1], row[2]) for row in rows] == [
        ("0.0–0.4", "1", "0.30"),
        ("0.8–0.9", "1", "0.85"),
        ("0.9–1.0", "4", "0.95"),  # 0.945
    ]
    assert rows[2][3].startswith("75% (3/4)")
    # |0.30 - 0| * 1 + |0.85 - 1| * 1 + |0.945 - 0.75| * 4, over 6 answers
    assert error == pytest.approx((0.30 + 0.15 + 0.195 * 4) / 6)
    assert reliability([])[1] != reliability([])[1]  # NaN: nothing to weigh
