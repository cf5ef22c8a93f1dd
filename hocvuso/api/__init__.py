"""The /api/v1 assembly: one NinjaAPI mounting every app's router, its description and error answers.

Authentication (scoped bearer token or browser session) lives in hocvuso.accounts.api, so that each
app's router declares the scope it needs. May import every app's api routers. Nothing imports api.
"""
