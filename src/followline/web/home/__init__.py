"""The top floor of the site: the landing page, the signed-in home over both workspaces, and
the demo data (which fills every app below)."""
