"""Shared pieces of the site: abstract timeline models, the adapter to the line engine,
plain-English wording, security headers, the base templates, CSS and vendored htmx.

htmx is vendored from the npm package (``npm pack htmx.org@2``, version 2.0.11) as
``static/followline/htmx-2.0.11.min.js``; no CDN is used anywhere.
"""
