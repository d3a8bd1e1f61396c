"""What one write costs as its timeline grows: adding a contact at 5, 100 and 1,000 contacts.

Run:  .venv/bin/python bench/writes.py [--sizes 5,100,1000] [--writes 30]

In a child process on a fresh SQLite database (its own data directory), for each size: one
application and one employer's candidate with an interview and that many contacts after
it, all in one cycle (the worst case for the window a write re-judges), every letter of the
same length as the next (so none is ruled out by length). Then ``--writes`` contacts are
added to each through the page's form, as the browser sends it (htmx), through Django's
whole middleware stack in-process (no network), after 3 warm-up writes. Printed per side
and size: median and p95 milliseconds per write, and the SQL statements each sent. A write
that costs the same at every size is flat; before issue 11's item 7 it grew with the
timeline (every write re-judged every row). Afterwards ``--page`` also times the page
itself (a read: every row is shown and judged).

It stops by itself; nothing listens on a port.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

WARMUP = 3
LETTER = "Following up on my interview last week, I remain very interested in the role."


def child(args: argparse.Namespace) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followline.web.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"  # Django's in-process test client
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from followline.web.applications.models import Application
    from followline.web.applications.models import Contact as AppContact
    from followline.web.employers.models import (
        Candidate,
        CandidateContact,
        Membership,
        Opening,
        Team,
    )

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files
    now = timezone.now()
    start = now - timedelta(days=3)
    user = get_user_model().objects.create_user("bench", "bench@bench.example", "x")
    team = Team.objects.create(name="Bench", slug="bench")
    Membership.objects.create(team=team, user=user, role="owner")
    opening = Opening.objects.create(team=team, title="Cook", promise_days=7)
    client = Client()
    client.force_login(user)
    results: dict = {}
    for size in args.sizes:
        app = Application.objects.create(owner=user, company=f"Co {size}", role="Analyst")
        cand = Candidate.objects.create(opening=opening, name=f"C {size}", email=f"c{size}@b.ex")
        app.log_milestone(now, type="interview", at=start)
        cand.log_milestone(now, type="interview", at=start)
        step = timedelta(days=1) / (size + 1)

        def letter(i: int, step=step) -> dict:
            at = start + step * (i + 1)
            return {"at": at, "party": "candidate", "channel": "email", "kind": "other",
                    "text": f"{LETTER} {i}"}  # fmt: skip

        AppContact.objects.bulk_create(
            AppContact(application=app, **letter(i)) for i in range(size)
        )
        CandidateContact.objects.bulk_create(
            CandidateContact(candidate=cand, **letter(i)) for i in range(size)
        )
        app.rejudge(now)
        cand.rejudge(now)
        sides = {
            "application": (
                reverse("candidates:add_contact", args=[app.pk]),
                app.get_absolute_url(),
            ),
            "candidate": (
                reverse("employers:candidate_contact", args=[team.slug, cand.pk]),
                reverse("employers:candidate", args=[team.slug, cand.pk]),
            ),
        }
        for side, (url, page) in sides.items():
            samples, queries = [], []
            for i in range(args.writes + WARMUP):
                at = start + timedelta(days=1, minutes=i + 1)  # the zones are UTC
                post = {
                    "at": at.strftime("%Y-%m-%dT%H:%M"),
                    "party": "candidate",
                    "channel": "email",
                    "kind": "other",
                    "text": f"{LETTER} new {i}",
                }
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    response = client.post(url, post, HTTP_HX_REQUEST="true")
                    elapsed = (time.perf_counter() - t0) * 1000
                assert response.status_code in (200, 302), (url, response.status_code)
                if i >= WARMUP:
                    samples.append(elapsed)
                    queries.append(len(captured.captured_queries))
            reads = []
            for _ in range(args.page):
                t0 = time.perf_counter()
                assert client.get(page).status_code == 200
                reads.append((time.perf_counter() - t0) * 1000)
            results[f"{side}/{size}"] = {
                "median_ms": statistics.median(samples),
                "p95_ms": sorted(samples)[max(0, round(0.95 * len(samples)) - 1)],
                "queries": statistics.median(queries),
                "page_ms": statistics.median(reads) if reads else None,
            }
    return results


def parent(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "FOLLOWLINE_DATA_DIR": data, "SECRET_KEY": "bench"}
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, __file__, "--child", *sys.argv[1:]],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    if out.returncode:
        sys.exit(out.stderr)
    results = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{args.writes} timed writes per side and size (SQLite, in-process)\n")
    print("| side | contacts | median ms / write | p95 ms | statements / write | page ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for key, r in results.items():
        side, size = key.split("/")
        page = f"{r['page_ms']:.0f}" if r["page_ms"] is not None else "—"
        print(
            f"| {side} | {size} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {r['queries']:.0f} | {page} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="5,100,1000", type=lambda s: [int(x) for x in s.split(",")]
    )
    parser.add_argument("--writes", type=int, default=30)
    parser.add_argument("--page", type=int, default=0, help="also time N reads of the page")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
    else:
        parent(args)


if __name__ == "__main__":
    main()
