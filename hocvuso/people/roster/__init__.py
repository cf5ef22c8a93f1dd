"""Roster files as communes keep them: reading CSV/XLSX, finding the header, cleaning rows.

The import service (hocvuso.people.roster_import) and the export (hocvuso.people.roster_export)
are the public doors; this package holds their pure, database-free parts.
"""
