"""Web views, one module per area: registry (roster, imports, staff), learner (my path, lessons,
offline), content (province edits courses and lessons), frameworks, library."""
