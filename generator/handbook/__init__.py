"""The staff handbook site backend (MkDocs + Material).

- ``markdown``  content blocks -> Python-Markdown text, every value escaped
- ``privacy``   private numbers and emails: redact, and scan built files
- ``pages``     the pages and downloads of one organisation's handbook
- ``config``    site/mkdocs.yml + the organisation -> the MkDocs config
- ``build``     run MkDocs in-process (strict) on the pages, given from memory
- ``pack``      the pack's documents for a handbook-only build
- ``serve``     live preview for ``policypack handbook --serve``
"""
