"""A real OAuth2 authorization server for the tests: a small Django site built on
django-oauth-toolkit, run as its own process on loopback (see serve.py and
tests/oauth/README.md). It is not part of followline; nothing under src/ imports it."""
