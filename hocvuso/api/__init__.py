"""The /api/v1 assembly: one NinjaAPI, authentication (session or scoped bearer token), errors.

May import every app's api routers, selectors and services. Nothing imports api.
"""
