"""Parent letters: blank ones for every build, mail-merged ones on demand.

| module | one job |
|---|---|
| ``spec`` | the letters, their titles and the CSV columns each one uses |
| ``families`` | reading and checking an Excel-exported families CSV |
| ``compose`` | letter template + family -> letter, compiled once per letter shape by the DOCX backend |
| ``package`` | a rendered letter split once; DOCX bytes per family, or many in one document |
| ``secure`` | passwords, encryption, PDF in a private temp folder, owner-only writing |
| ``merge`` | `policypack letters`: all of the above, all or nothing |

Family data is personal data: it is never logged, never put in an error
message or a file name, and never written outside the letters' own folder.
"""
