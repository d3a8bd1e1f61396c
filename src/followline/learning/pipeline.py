"""One model at a time, from the inputs on disk to the bytes of its file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from followline.classify.labels import Side
from followline.learning.examples import (
    Example,
    ExampleError,
    kind_examples,
    read_jsonl,
    spam_examples,
)
from followline.learning.train import train_job, train_kinds, train_spam

__all__ = ["ExampleError", "Inputs", "train_model"]


@dataclass(frozen=True)
class Inputs:
    enron_labels: Path
    enron: Path
    spamassassin_labels: Path | None
    spamassassin: Path | None
    written: tuple[Path, ...] = ()
    corrections: tuple[Path, ...] = ()

    def labelled(self) -> list[Example]:
        return kind_examples(
            self.enron_labels, self.enron, self.spamassassin_labels, self.spamassassin
        )

    def train_only(self) -> list[Example]:
        extra: list[Example] = []
        for path in self.written:
            extra += read_jsonl(path, "written")
        for path in self.corrections:
            extra += read_jsonl(path, "correction")
        return extra


def train_model(name: str, inputs: Inputs) -> tuple[bytes, str]:
    """The model file's bytes and a one-line summary of what it learned from."""
    if name == "spam":
        examples = spam_examples(inputs.spamassassin, inputs.enron)
        spam = sum(1 for example in examples if example.label == "spam")
        return train_spam(examples), f"{len(examples)} messages, {spam} spam"
    examples = inputs.labelled() + inputs.train_only()
    data = train_job(examples) if name == "job" else train_kinds(examples, Side(name))
    return data, f"{len(examples)} examples"
