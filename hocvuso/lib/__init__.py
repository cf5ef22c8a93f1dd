"""Pure helpers with no models: Vietnamese text, CCCD, dates, phones, ethnic groups, jobs.

May import: the standard library and Django utilities only. Imported by every app.
"""
