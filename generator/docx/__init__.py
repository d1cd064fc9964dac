"""The DOCX backend: content blocks + a master .docx -> Word document bytes."""
