"""policypack: one organisation profile in, the whole safeguarding pack out."""

__version__ = "0.1.0"
