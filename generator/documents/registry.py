"""The producers `policypack build` runs, in the order their documents appear.

Each has `documents(inputs) -> list[Document | Output | Skipped]`.  Imported
explicitly, so that a missing module is an ImportError at once, never a
silently smaller pack.
"""

from __future__ import annotations

from generator.documents import addendum, forms, policy
from generator.documents.flowchart import produce as flowchart
from generator.documents.letters import produce as letters

PRODUCERS = (policy, flowchart, addendum, forms, letters)


def producers():
    for module in PRODUCERS:
        yield module.documents
