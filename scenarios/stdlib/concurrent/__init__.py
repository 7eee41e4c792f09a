"""lockcheck's bundled `concurrent` package (the container of concurrent.futures)."""
