"""The review tracker: the annual review-and-approval cycle, with evidence.

Modules, one job each:

- ``dates``     review states and month arithmetic (pure, injectable ``today``)
- ``generator.store`` (lower layer) holds the SQLite history
- ``yamledit``  in-place edit of ``review.last_reviewed`` / ``review.next_review``
- ``snapshot``  a profile as plain, comparable JSON data
- ``diff``      two snapshots -> sentences in plain words
- ``manifest``  the sha256 of every built document, read from ``manifest.json``
- ``record``    ``review record``: lock, refuse what cannot be approved, edit,
                rebuild the pack with the approval, insert with the published hashes
- ``evidence``  ``review evidence``: the approved documents, manifest, entry, README in a zip
- ``tables``    the terminal tables (status, history) and CSV
- ``status``    find profiles and compute one status row per organisation
- ``calendar``  the iCalendar file of next reviews
- ``report``    the LA overview (HTML or DOCX) and the review-summary DOCX
- ``verify``    is the pack on disk the one a recorded review approved?
- ``wording``   the words, from ``templates/review/wording.yaml``

The tracker reads profiles and manifests; it renders no document itself
(``record`` asks ``generator.pack`` to rebuild the pack).
"""
