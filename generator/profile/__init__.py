"""The organisation profile: safe loading, ``extends:`` inheritance, the
declarative schema, validation, and the frozen typed model it becomes.

Entry point: ``generator.profile.load.load_profile(path)``.
"""
