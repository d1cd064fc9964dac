"""One module (or package) per output kind; each turns BuildInputs into documents.

A producer returns a list of:
- ``generator.render.blocks.Document``: rendered by the DOCX backend on a master;
- ``Output``: bytes it rendered itself (e.g. the flowchart's SVG);
- ``Skipped``: a document it chose not to build, with the reason (manifest).

``base`` holds those types and ``BuildInputs``; ``registry`` lists the producers.
"""
