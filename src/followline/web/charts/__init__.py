"""Server-side SVG pictures: timelines per application or candidate, employer charts.

Plain SVG strings built with escaped text (no chart library, nothing loaded from
elsewhere); styled by classes from ``core/static/followline/app.css``.
"""
