"""The review database (SQLite): the recorded history of reviews.

It sits low, beside ``sources``: the pack prints the approval (policy
document control, handbook footer) and the ``review`` commands, which sit
above the pack, record it.
"""
