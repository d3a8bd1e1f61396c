"""The Django site. Settings come from the environment only (see settings.py)."""
