"""DOCX features python-docx has no API for, applied after the backend renders (content controls)."""
