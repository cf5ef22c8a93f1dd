"""Server-rendered web UI (Django templates + htmx): layout, login, officers' pages, staff area.

May import every app's selectors, services, permissions and constants. Nothing imports web.
"""
