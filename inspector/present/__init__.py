"""Presentation: pure functions and plain objects from the typed model to text. No widgets, no Qt."""
