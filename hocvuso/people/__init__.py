"""The population registry: Household, Person, Organisation, Membership; roster import/export.

Target groups (adult, public-sector staff, pupil, student, worker, elderly) are derived from
these records, never typed in. May import: hocvuso.lib, hocvuso.geo, hocvuso.accounts.
"""
