"""Users, roles given on a unit and applying downward, access scopes, API tokens, the audit log.

A person in the roster is not a user; accounts are made when someone signs up, claims their
record or is helped by a mentor. May import: hocvuso.lib, hocvuso.geo. It never imports people:
people builds its row filters from the scopes computed here.
"""
