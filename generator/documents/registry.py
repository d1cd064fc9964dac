"""The producers `policypack build` runs, in the order their documents appear."""

from __future__ import annotations

import importlib

# Each module has `documents(inputs) -> list[Document | Output | Skipped]`.
PRODUCERS = (
    "generator.documents.policy",
    "generator.documents.flowchart",
    "generator.documents.addendum",
    "generator.documents.forms",
    "generator.documents.letters",
)


def producers():
    for name in PRODUCERS:
        yield importlib.import_module(name).documents
