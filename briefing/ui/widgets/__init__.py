"""The reader's widgets, one per file, each told what to show by its screen."""
