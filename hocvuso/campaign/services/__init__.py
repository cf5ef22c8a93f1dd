"""Writes of the campaign app, one module per area: teams (teams, ambassadors, volunteers, support
people), cascade (mentor links), visits (door to door), sessions (community sessions, attendance,
events, wifi points), programmes (household guides, 4T flags). Each function is a verb, runs in one
transaction and writes an audit row."""
