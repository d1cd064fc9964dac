"""``policypack doctor``: what this computer has and lacks for each feature.

``checks.py`` makes one ``Finding`` per part (Python, policypack, LibreOffice,
fonts, the review history, the caches), each with the fix for this
operating system; ``fonts.py`` looks for fonts with or without fontconfig.
"""

from generator.doctor.checks import Finding, run_checks

__all__ = ["Finding", "run_checks"]
