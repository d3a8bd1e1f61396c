"""Server time of the two busiest pages with 10,000 rows, on SQLite and PostgreSQL.

Run:  .venv/bin/python bench/web.py [--candidates 10000] [--openings 20]
                                    [--applications 10000] [--requests 60]
                                    [--backends sqlite,postgres]

For each backend (PostgreSQL needs FOLLOWLINE_TEST_POSTGRES_URL, as ./test exports it; a
throwaway database is created next to it and dropped afterwards) a child process:

1. migrates a fresh database and loads an employer team with ``--openings`` openings and
   ``--candidates`` candidates spread over them (applied, most interviewed, 0-3 contacts,
   stored promise columns filled in by the engine), and one job seeker with
   ``--applications`` applications (a stress case far beyond a real person's);
2. times ``--requests`` GETs of random pages (50 rows each) of the employer's candidate
   list of one opening and of the candidate's overview, through Django's full middleware
   stack in-process (session, auth, CSP, ...; no network), after 10 warm-up requests;
3. prints median and p95 in milliseconds. Target: p95 under 150 ms.

It stops by itself; nothing listens on a port.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

WARMUP = 10


def child(args: argparse.Namespace) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followline.web.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"  # Django's in-process test client
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files
    started = time.perf_counter()
    owner, opening, seeker = _load(args)
    load_s = time.perf_counter() - started
    client = Client()
    client.force_login(owner)
    rng = random.Random(7)
    pages = max(1, args.candidates // args.openings // 50)
    list_url = reverse("employers:opening", args=[opening.team.slug, opening.pk])
    employer = _time(client, lambda: f"{list_url}?page={rng.randint(1, pages)}", args.requests)
    client.force_login(seeker)
    apps_pages = max(1, args.applications // 50)
    overview_url = reverse("candidates:overview")
    overview = _time(
        client, lambda: f"{overview_url}?page={rng.randint(1, apps_pages)}", args.requests
    )
    get_user_model().objects.all().delete()
    return {"load_s": load_s, "employer_list": employer, "candidate_overview": overview}


def _time(client, url, n: int) -> dict:
    samples, cpu = [], []
    for i in range(n + WARMUP):
        u = url()
        t0, c0 = time.perf_counter(), time.thread_time()
        response = client.get(u)
        elapsed = (time.perf_counter() - t0) * 1000
        spent = (time.thread_time() - c0) * 1000
        assert response.status_code == 200, (u, response.status_code)
        if i >= WARMUP:
            samples.append(elapsed)
            cpu.append(spent)
    samples.sort()
    cpu.sort()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": samples[max(0, round(0.95 * len(samples)) - 1)],
        # CPU time of the request's thread (the test client runs the request in it): what
        # the page costs, whatever else the machine runs (SQLite's work included, a
        # PostgreSQL server's not)
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu[max(0, round(0.95 * len(cpu)) - 1)],
        "n": len(samples),
    }


def _load(args):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from followline.web.applications.models import Application
    from followline.web.applications.models import Contact as AppContact
    from followline.web.applications.models import Milestone as AppMilestone
    from followline.web.core import line_adapter
    from followline.web.employers.models import (
        Candidate,
        CandidateContact,
        CandidateMilestone,
        Membership,
        Opening,
        Team,
    )

    rng = random.Random(42)
    now = timezone.now()
    users = get_user_model().objects
    owner = users.create_user("bench-owner", "owner@bench.example", "x")
    seeker = users.create_user("bench-seeker", "seeker@bench.example", "x")
    team = Team.objects.create(name="Bench", slug="bench")
    Membership.objects.create(team=team, user=owner, role="owner")
    openings = Opening.objects.bulk_create(
        Opening(team=team, title=f"Opening {i}", promise_days=7) for i in range(args.openings)
    )

    def rows(make_m, make_c):
        applied = now - timedelta(days=rng.randint(5, 60))
        ms = [make_m(type="applied", at=applied)]
        cs = []
        if rng.random() < 0.8:
            interview = applied + timedelta(days=rng.randint(1, 4))
            ms.append(
                make_m(
                    type="interview", at=interview, decision_within_days=rng.choice([None, 5, 10])
                )
            )
            for k in range(rng.randint(0, 3)):
                kind = ("thank_you", "status_inquiry", "other")[k]
                cs.append(
                    make_c(
                        party="candidate",
                        channel="email",
                        kind=kind,
                        at=interview + timedelta(days=k * 6, hours=3),
                    )
                )
            if rng.random() < 0.3:
                cs.append(
                    make_c(
                        party="employer",
                        channel="email",
                        kind="update",
                        at=interview + timedelta(days=8),
                    )
                )
        return ms, cs

    per_cand = []
    for i in range(args.candidates):
        opening = openings[i % len(openings)]
        cand = Candidate(
            opening=opening,
            name=f"Candidate {i:05d}",
            email=f"c{i}@bench.example",
            status_token=secrets.token_urlsafe(32),
        )
        ms, cs = rows(lambda **kw: CandidateMilestone(**kw), lambda **kw: CandidateContact(**kw))
        j = line_adapter.judge_rows(
            ms,
            cs,
            opening.line_policy(),
            now,
        )
        cand.promise_due_at, cand.closed = j.employer.due, j.employer.closed
        cand.standing = str(j.standing)
        cand.inbound_count = sum(c.party == "candidate" for c in cs)
        interviews = [m.at for m in ms if m.type == "interview"]
        cand.last_interview_at = max(interviews, default=None)
        cand.stage = "interviewing" if interviews else "applied"
        per_cand.append((cand, ms, cs))
    Candidate.objects.bulk_create([c for c, _, _ in per_cand], batch_size=2000)
    for cand, ms, cs in per_cand:
        for r in (*ms, *cs):
            r.candidate = cand
    CandidateMilestone.objects.bulk_create(
        [m for _, ms, _ in per_cand for m in ms], batch_size=2000
    )
    CandidateContact.objects.bulk_create([c for _, _, cs in per_cand for c in cs], batch_size=2000)
    # the columns set above are what Candidate.rejudge stores (bulk_create skips save(): these
    # rows have no email_key, which only mail filing reads)

    per_app = []
    policy = line_adapter.policy_of("two-email")
    for i in range(args.applications):
        app = Application(owner=seeker, company=f"Company {i:05d}", role="Analyst")
        ms, cs = rows(lambda **kw: AppMilestone(**kw), lambda **kw: AppContact(**kw))
        j = line_adapter.judge_rows(ms, cs, policy, now)
        app.standing, app.next_action = str(j.standing), str(j.next.action)
        app.next_at = (j.next.not_before or now) if j.next.action != "none" else None
        app.closed = j.employer.closed
        per_app.append((app, ms, cs))
    Application.objects.bulk_create([a for a, _, _ in per_app], batch_size=2000)
    for app, ms, cs in per_app:
        for r in (*ms, *cs):
            r.application = app
    AppMilestone.objects.bulk_create([m for _, ms, _ in per_app for m in ms], batch_size=2000)
    AppContact.objects.bulk_create([c for _, _, cs in per_app for c in cs], batch_size=2000)
    return owner, openings[0], seeker


def _postgres_db(url: str):
    import psycopg

    name = f"followline_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), drop


def parent(args: argparse.Namespace) -> None:
    results = {}
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "FOLLOWLINE_DATA_DIR": data, "SECRET_KEY": "bench"}
            drop = None
            if backend == "postgres":
                url = os.environ.get("FOLLOWLINE_TEST_POSTGRES_URL")
                if not url:
                    print("postgres: FOLLOWLINE_TEST_POSTGRES_URL not set, skipped")
                    continue
                env["DATABASE_URL"], drop = _postgres_db(url)
            else:
                env.pop("DATABASE_URL", None)
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", *sys.argv[1:]],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                    timeout=900,
                ).stdout
            finally:
                if drop:
                    drop()
            results[backend] = json.loads(out.strip().splitlines()[-1])
    print(
        f"{args.candidates} candidates over {args.openings} openings; "
        f"{args.applications} applications; {args.requests} timed requests per page\n"
    )
    print("| backend | page (50 rows) | median ms | p95 ms | CPU median ms | CPU p95 ms | load s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for backend, r in results.items():
        for key, label in (
            ("employer_list", "employer's candidate list"),
            ("candidate_overview", "candidate overview"),
        ):
            print(
                f"| {backend} | {label} | {r[key]['median_ms']:.1f} | {r[key]['p95_ms']:.1f} "
                f"| {r[key]['cpu_median_ms']:.1f} | {r[key]['cpu_p95_ms']:.1f} "
                f"| {r['load_s']:.0f} |"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=10_000)
    ap.add_argument("--openings", type=int, default=20)
    ap.add_argument("--applications", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=60)
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args)))
    else:
        parent(args)


if __name__ == "__main__":
    main()
