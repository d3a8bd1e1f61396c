"""Load: simulated users against a real ``followline serve`` on loopback, reads and writes.

Run:  .venv/bin/python bench/load.py                      # SQLite, 50 users, 60 s
      .venv/bin/python bench/load.py --backends sqlite,postgres
      .venv/bin/python bench/load.py --seconds 5 --users 5 --candidates 60 --seekers 10
      .venv/bin/python bench/load.py --replay 1000          # CPU per page, no server

For each backend (PostgreSQL: a throwaway database on the server of ``--database-url``,
else DATABASE_URL, else FOLLOWLINE_TEST_POSTGRES_SOCKET_URL or _URL as ./test exports them; dropped
afterwards):

1. a child process migrates a fresh database and loads realistic data with the ORM in bulk
   (``--candidates`` employer-side candidates with ~6 contacts each, over 10 teams of 4
   openings, each team with two members; ``--seekers`` job seekers with ~10 applications of
   ~5 contacts each), the stored plan columns filled in by the engine, and a signed-in
   session for every simulated user;
2. ``followline serve`` (``--processes``, ``--threads``; by default 4 x 2 on SQLite and
   2 x 8 on PostgreSQL, what did best on 2 cores: :data:`SERVING`) starts on a free
   port of 127.0.0.1, waitress in each process, its background worker too unless
   ``--no-worker``;
3. ``--users`` simulated users (three job seekers for every two employers' teammates; one
   in ten requests is an anonymous visit to a candidate's status page) each run a loop over
   one keep-alive connection: pick an action by its weight, send it as the browser does
   (the logging forms with htmx, followed by the timeline card the page then asks for),
   wait a think time (exponential, mean ``--think`` seconds: 0 for the most the server can
   do); first for ``--warmup`` seconds, not measured (the worker's first round of jobs, the
   processes' first pages), then until ``--seconds`` have passed (or ``--requests`` were
   sent);
4. prints requests per second and p50/p95/p99 per page and overall, the errors (an answer
   other than the expected status, or a failed connection, with the server's traceback),
   the server's CPU time per request (its processes' user + system time: what the requests
   cost, whatever else the machine runs), the simulated users' own CPU per request (they
   run on the same cores: what the server could do with the cores to itself is cores /
   server CPU per request) and the load average before and after (the machine is shared:
   figures are noisy). ``--py-spy FILE`` samples the server meanwhile.
   Exit status 1 when any request failed.

Target (issue 11) on 2 cores: >= 150 requests/s with p95 < 300 ms and no errors.
Nothing listens beyond 127.0.0.1, and everything stops by itself.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

TEAMS = 10
OPENINGS_PER_TEAM = 4
ZONE = "America/Chicago"
LETTERS = [
    "Thank you for your time today. I enjoyed meeting the team and learning about the role.",
    "Hello, I am following up on my application: is there any update on the decision?",
    "Here are the two references you asked for, with their phone numbers.",
    "I wanted to add that I am available to start in two weeks if that helps your planning.",
    "Thanks again for the conversation about the kitchen schedule and the opening shifts.",
    "Could you tell me whether the position is still open? I remain very interested.",
]
# what each kind of user does, and how often (weights)
SEEKER_ACTIONS = {
    "applications list": 3,
    "application page": 4,
    "add a contact": 2,
    "log an interview": 1,
}
EMPLOYER_ACTIONS = {
    "team page": 2,
    "opening page": 3,
    "candidate page": 3,
    "add a contact (employer)": 1,
    "log an interview (employer)": 1,
}
PUBLIC_SHARE = 0.1  # of all requests: someone opens a status link


# --- 1. the data (child process) ------------------------------------------------------------


def load_data(args: argparse.Namespace) -> dict:
    """Migrate, load, make sessions; the plan for the users, as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followline.web.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rng = random.Random(11)
    users = get_user_model()
    employers = _employers(rng, users, args.candidates)
    seekers = _seekers(rng, users, args.seekers)
    return {
        "load_s": time.perf_counter() - started,
        "employers": employers,
        "seekers": seekers,
        "tokens": _status_tokens(),
    }


def _user_rows(users, prefix: str, n: int) -> list:
    from django.contrib.auth.hashers import make_password

    unusable = make_password(None)  # sessions are made below: nobody logs in by password
    made = users.objects.bulk_create(
        users(username=f"{prefix}{i:04d}", email=f"{prefix}{i}@bench.example", password=unusable)
        for i in range(n)
    )
    return list(users.objects.filter(pk__in=[u.pk for u in made]).order_by("pk"))


def _session(user) -> str:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _timeline(rng: random.Random, now: datetime, contacts: int) -> tuple[list, list]:
    """(milestones, contacts) as field dicts: applied, mostly an interview, then contacts."""
    applied = now - timedelta(days=rng.randint(8, 60), hours=rng.randint(0, 23))
    ms = [{"type": "applied", "at": applied}]
    at = applied
    if rng.random() < 0.75:
        at = applied + timedelta(days=rng.randint(1, 6))
        ms.append(
            {"type": "interview", "at": at, "decision_within_days": rng.choice([None, 5, 10])}
        )
    cs = []
    for _ in range(contacts):
        at += timedelta(hours=rng.randint(5, 80))
        if at >= now:
            break
        roll = rng.random()
        if roll < 0.6:
            kind = rng.choice(["thank_you", "status_inquiry", "other", "reply"])
            cs.append({"at": at, "party": "candidate", "channel": "email", "kind": kind,
                       "text": rng.choice(LETTERS)})  # fmt: skip
        elif roll < 0.75:
            cs.append({"at": at, "party": "candidate", "channel": "phone", "kind": "other",
                       "voicemail": rng.random() < 0.5})  # fmt: skip
        else:
            kind = rng.choice(["update", "update", "request", "invitation"])
            cs.append({"at": at, "party": "employer", "channel": "email", "kind": kind,
                       "decision_within_days": rng.choice([None, 7])})  # fmt: skip
    return ms, cs


def _store(rows: list, parents, milestones, contacts, parent: str) -> None:
    """Write built timelines in bulk: the parent rows (candidates or applications), then
    their milestones and contacts (with the contacts' word counts, as a save() gives)."""
    from followline.web.core.models import count_words  # after Django is set up

    parents.objects.bulk_create([p for p, _, _ in rows], batch_size=2000)
    milestones.objects.bulk_create(
        (milestones(**{parent: p}, **m) for p, ms, _ in rows for m in ms), batch_size=2000
    )
    contacts.objects.bulk_create(
        (
            contacts(**{parent: p}, text_words=count_words(x.get("text", "")), **x)
            for p, _, cs in rows
            for x in cs
        ),
        batch_size=2000,
    )


def _employers(rng: random.Random, users, candidates: int) -> list[dict]:
    from django.utils import timezone

    from followline.web.core import line_adapter
    from followline.web.employers.models import (
        Candidate,
        CandidateContact,
        CandidateMilestone,
        Membership,
        Opening,
        Team,
    )

    now = timezone.now()
    members = _user_rows(users, "employer", TEAMS * 2)
    teams = Team.objects.bulk_create(Team(name=f"Team {i}", slug=f"team-{i}") for i in range(TEAMS))
    Membership.objects.bulk_create(
        Membership(team=teams[i // 2], user=u, role="owner" if i % 2 == 0 else "member")
        for i, u in enumerate(members)
    )
    openings = Opening.objects.bulk_create(
        Opening(team=t, title=f"Opening {j}", promise_days=7, timezone=ZONE)
        for t in teams
        for j in range(OPENINGS_PER_TEAM)
    )
    rows = []
    for i in range(candidates):
        opening = openings[i % len(openings)]
        ms, cs = _timeline(rng, now, rng.randint(4, 8))
        cand = Candidate(
            opening=opening,
            name=f"Candidate {i:05d}",
            email=f"c{i}@bench.example",
            status_token=secrets.token_urlsafe(32),
        )
        judged = line_adapter.judge_rows(
            [_ns(m) for m in ms], [_ns(c) for c in cs], opening.line_policy(), now, ZONE
        )
        interviews = [m["at"] for m in ms if m["type"] == "interview"]
        cand.stage = "interviewing" if interviews else "applied"
        cand.last_interview_at = max(interviews, default=None)
        cand.promise_due_at, cand.closed = judged.employer.due, judged.employer.closed
        cand.standing = str(judged.standing)
        cand.inbound_count = sum(1 for c in cs if c["party"] == "candidate")
        rows.append((cand, ms, cs))
    _store(rows, Candidate, CandidateMilestone, CandidateContact, "candidate")
    by_team: dict[int, list] = defaultdict(list)
    for cand, _, _ in rows:
        by_team[cand.opening.team_id].append(cand.pk)
    plans = []
    for i, user in enumerate(members):
        team = teams[i // 2]
        plans.append(
            {
                "session": _session(user),
                "team": team.slug,
                "openings": [o.pk for o in openings if o.team_id == team.pk],
                "candidates": by_team[team.pk],
            }
        )
    return plans


def _seekers(rng: random.Random, users, seekers: int) -> list[dict]:
    from django.utils import timezone

    from followline.web.applications.models import Application, Contact, Milestone
    from followline.web.core import line_adapter

    now = timezone.now()
    people = _user_rows(users, "seeker", seekers)
    policy = line_adapter.policy_of("two-email")
    rows = []
    for user in people:
        for j in range(rng.randint(8, 12)):
            ms, cs = _timeline(rng, now, rng.randint(3, 7))
            app = Application(owner=user, company=f"Company {j}", role="Analyst", timezone=ZONE)
            judged = line_adapter.judge_rows(
                [_ns(m) for m in ms], [_ns(c) for c in cs], policy, now, ZONE
            )
            step = judged.next
            app.standing, app.next_action = str(judged.standing), str(step.action)
            app.next_at = (step.not_before or now) if step.action != "none" else None
            app.closed = judged.employer.closed
            rows.append((app, ms, cs))
    _store(rows, Application, Milestone, Contact, "application")
    mine: dict[int, list] = defaultdict(list)
    for app, _, _ in rows:
        mine[app.owner_id].append(app.pk)
    return [{"session": _session(u), "applications": mine[u.pk]} for u in people]


def _status_tokens() -> list[str]:
    from followline.web.employers.models import Candidate

    return list(Candidate.objects.values_list("status_token", flat=True)[:500])


def _ns(fields: dict):
    from types import SimpleNamespace

    return SimpleNamespace(
        **{
            "kind": "",
            "text": "",
            "voicemail": None,
            "decision_within_days": None,
            "rounds": None,
            "start_date": None,
            **fields,
        }
    )


# --- 3. the users (threads in this process) -------------------------------------------------


@dataclass
class Results:
    """Every request's page, latency (seconds) and whether it failed, from every user."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.samples[page].append(seconds)
            if error:
                self.errors[page] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{page}: {error}")


class User:
    """One simulated person: a keep-alive connection, their cookies, their own rows."""

    def __init__(self, port: int, plan: dict | None, tokens: list[str], seed: int) -> None:
        self.port = port
        self.plan = plan or {}
        self.tokens = tokens
        self.rng = random.Random(seed)
        self.cookies = {"sessionid": self.plan["session"]} if plan else {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None, htmx: bool = False):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in (1, 2):  # a keep-alive connection the server closed: open a new one
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def local_now(self) -> str:
        return datetime.now(ZoneInfo(ZONE)).strftime("%Y-%m-%dT%H:%M")

    def actions(self) -> dict[str, int]:
        if not self.plan:
            return {"status page": 1}
        return SEEKER_ACTIONS if "applications" in self.plan else EMPLOYER_ACTIONS

    def step(self) -> list[tuple[str, str, str, dict | None, bool, int]]:
        """The requests of one action: (page, method, path, form, htmx, expected status)."""
        if not self.plan or self.rng.random() < PUBLIC_SHARE:
            return [("status page", "GET", f"/s/{self.rng.choice(self.tokens)}/", None, False, 200)]
        names = list(self.actions())
        action = self.rng.choices(names, weights=list(self.actions().values()))[0]
        rng, plan = self.rng, self.plan
        if "applications" in plan:
            app = rng.choice(plan["applications"])
            base = f"/applications/{app}/"
            then = ("timeline card", "GET", base + "timeline/", None, True, 200)
            if action == "applications list":
                page = rng.randint(1, 2)
                return [(action, "GET", f"/applications/?page={page}", None, False, 200)]
            if action == "application page":
                return [(action, "GET", base, None, False, 200)]
            if action == "add a contact":
                return [(action, "POST", base + "contacts/", self.contact(), True, 200), then]
            return [(action, "POST", base + "milestones/", self.interview(), True, 200), then]
        team = plan["team"]
        cand = rng.choice(plan["candidates"])
        base = f"/teams/{team}/candidates/{cand}/"
        then = ("timeline card", "GET", base + "timeline/", None, True, 200)
        if action == "team page":
            return [(action, "GET", f"/teams/{team}/", None, False, 200)]
        if action == "opening page":
            opening = rng.choice(plan["openings"])
            return [(action, "GET", f"/teams/{team}/openings/{opening}/", None, False, 200)]
        if action == "candidate page":
            return [(action, "GET", base, None, False, 200)]
        if action == "add a contact (employer)":
            return [(action, "POST", base + "contacts/", self.contact(), True, 200), then]
        return [(action, "POST", base + "milestones/", self.interview(), True, 200), then]

    def contact(self) -> dict:
        party = "employer" if "team" in self.plan else "candidate"
        kind = self.rng.choice(
            ["update", "request"] if party == "employer" else ["status_inquiry", "other"]
        )
        return {"at": self.local_now(), "party": party, "channel": "email", "kind": kind,
                "text": self.rng.choice(LETTERS)}  # fmt: skip

    def interview(self) -> dict:
        return {"type": "interview", "at": self.local_now(), "decision_within_days": "7"}

    def warm_up(self) -> None:
        """One page first: the CSRF cookie the forms need."""
        if self.plan:
            path = "/applications/" if "applications" in self.plan else "/teams/"
            self.request("GET", path)

    def run(self, results: Results, stop: threading.Event, think: float, budget) -> None:
        while not stop.is_set() and budget():
            for page, method, path, form, htmx, expected in self.step():
                started = time.perf_counter()
                error = None
                try:
                    status, _ = self.request(method, path, form, htmx)
                    if status != expected:
                        error = f"{method} {path}: {status}"
                except Exception as exc:  # a failed request is counted, the user goes on
                    error = f"{method} {path}: {type(exc).__name__}: {exc}"
                results.add(page, time.perf_counter() - started, error)
            if think:
                stop.wait(self.rng.expovariate(1 / think))


def make_users(port: int, plan: dict, args: argparse.Namespace) -> list[User]:
    """Three job seekers for every two employers' teammates, each signed in, with the CSRF
    cookie the forms need; anonymous visitors when the data has fewer people."""
    rng = random.Random(5)
    seekers = rng.sample(plan["seekers"], min(len(plan["seekers"]), args.users * 3 // 5))
    employers = plan["employers"][: args.users - len(seekers)]
    people = [*seekers, *employers]
    while len(people) < args.users:
        people.append(None)
    users = [User(port, p, plan["tokens"], seed=i) for i, p in enumerate(people)]
    for user in users:
        user.warm_up()
    return users


def replay(args: argparse.Namespace) -> None:
    """``--replay N`` (child process): N actions of the same users, one request at a time
    through Django's whole stack in this process (the test client: middleware, sessions,
    templates; no network, no other request, no waiting for the interpreter lock), after
    200 unmeasured; prints the CPU time per page. Steadier than the server's CPU under load
    on a shared machine: the figure to compare a change by (run it before and after)."""
    plan = load_data(args)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # as serve does
    rng = random.Random(5)
    seekers = rng.sample(plan["seekers"], min(len(plan["seekers"]), args.users * 3 // 5))
    people = [*seekers, *plan["employers"][: args.users - len(seekers)]]
    users = [User(0, p, plan["tokens"], seed=i) for i, p in enumerate(people)]
    clients = [Client(SERVER_NAME="127.0.0.1") for _ in users]
    for user, client in zip(users, clients, strict=True):
        client.cookies["sessionid"] = user.plan["session"]
    cpu: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    pick = random.Random(1)
    profiler = cProfile.Profile() if args.profile else None
    for n in range(200 + args.replay):
        if profiler is not None and n == 200:
            profiler.enable()
        if n == 200:
            database_before = _database_cpu()
        if args.instructions and n == 200:  # under callgrind: count from here on
            subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True)
        i = pick.randrange(len(users))
        for page, method, path, form, htmx, expected in users[i].step():
            headers = {"HX-Request": "true"} if htmx else {}
            started = time.process_time()
            counted = [0]
            with connection.execute_wrapper(_counting(counted)):
                if method == "GET":
                    response = clients[i].get(path, headers=headers)
                else:
                    response = clients[i].post(path, form, headers=headers)
            spent = time.process_time() - started
            if response.status_code != expected:
                sys.exit(f"{method} {path}: {response.status_code}")
            if n >= 200:
                cpu[page].append(spent)
                queries[page].append(counted[0])
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if args.instructions:
        subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True)
    database = _database_cpu() - database_before
    requests = sum(len(times) for times in cpu.values())
    if database:
        print(f"database server CPU: {database / requests * 1000:.1f} ms a request\n")
    print("| page | requests | CPU ms a request | queries a request |")
    print("| --- | ---: | ---: | ---: |")
    queries["all"] = [q for counts in queries.values() for q in counts]
    everything = [t for times in cpu.values() for t in times]
    for page, times in [*sorted(cpu.items(), key=lambda kv: -sum(kv[1])), ("all", everything)]:
        name = f"**{page}**" if page == "all" else page
        ms = sum(times) / len(times) * 1000
        mean_queries = sum(queries[page]) / len(queries[page])
        print(f"| {name} | {len(times)} | {ms:.1f} | {mean_queries:.1f} |")


def _counting(counted: list[int]):
    """An execute wrapper that counts the queries run through it (cheaper than Django's
    debug cursor, which would add to the CPU measured)."""

    def wrapper(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    return wrapper


def _database_cpu() -> float:
    """The CPU seconds of this connection's PostgreSQL server process so far (on this
    machine), 0 for SQLite (which runs in this process and is counted with it)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(users: list[User], seconds: float, requests: int, think: float) -> tuple[Results, float]:
    """Every user runs its loop until ``seconds`` passed (or ``requests`` were sent)."""
    results, stop = Results(), threading.Event()
    sent = iter(range(requests)) if requests else None

    def budget() -> bool:
        return sent is None or next(sent, None) is not None

    threads = [
        threading.Thread(target=u.run, args=(results, stop, think, budget), daemon=True)
        for u in users
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    deadline = started + seconds
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(timeout=90)
    return results, time.perf_counter() - started


# --- 2. the server, and the whole run per backend -------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_db(url: str):
    import psycopg

    name = f"followline_load_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), drop


def _py_spy(pid: int, args: argparse.Namespace) -> subprocess.Popen:
    """Sample the server's processes while the users run (``--py-spy FILE``: collapsed
    stacks, one line per stack with its count, for flamegraph.pl or speedscope). Only the
    thread holding the interpreter lock is sampled (``--gil``): at 200 samples a second
    the counts are the CPU each stack spent, not the threads waiting for the lock, a
    connection or the database, which would otherwise fill most of the profile."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
    command = [spy, "record", "--pid", str(pid), "--subprocesses", "--format", "raw"]
    command += ["--gil", "--rate", "200", "--duration", str(int(args.seconds)), "-o", args.py_spy]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) so far of ``pid`` and every process below it."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            found[current] = (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):  # it ended meanwhile
            continue
    return found


def _is_worker(pid: int) -> bool:
    try:
        return b"followline_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _child(mode: str, env: dict[str, str], *, timeout: int) -> str:
    """Run this script again as ``mode`` (a child with its own Django) and return what it
    printed; its error output ends the run."""
    done = subprocess.run(
        [sys.executable, __file__, mode, *sys.argv[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        sys.exit(done.stderr)
    return done.stdout


def _instructions(env: dict[str, str], args: argparse.Namespace) -> str:
    """``--replay N --instructions``: the replay child under callgrind, counting only the N
    measured actions (instrumentation switched on after the warm-up); the machine's load
    does not move the count. PYTHONHASHSEED is fixed so that two trees compare."""
    out = Path(tempfile.mkdtemp(prefix="followline-callgrind-")) / "callgrind.out"
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
    done = subprocess.run(
        [*command, sys.executable, __file__, "--child-replay", *sys.argv[1:]],
        env={**env, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if done.returncode:
        sys.exit(done.stderr[-4000:])
    total = next(
        int(line.split()[1]) for line in out.read_text().splitlines() if line.startswith("totals:")
    )
    requests = sum(
        int(row.split("|")[2]) for row in done.stdout.splitlines() if row.startswith("| **all**")
    )
    each = total / requests / 1e6
    return f"{total:,} instructions for {requests} requests: {each:.2f} M a request"


# serve's processes and threads per backend on 2 cores, as measured (bench/README, "Load"):
# SQLite did best with more processes of fewer threads (4 x 2: 146-169 requests/s against
# 112-138 for 2 x 8, three rounds in turn); on PostgreSQL neither was ahead (2 x 8 kept).
SERVING = {"sqlite": (4, 2), "postgres": (2, 8)}


def serving(backend: str, args: argparse.Namespace) -> tuple[int, int]:
    """``serve --processes/--threads`` for this backend: as given, else :data:`SERVING`."""
    processes, threads = SERVING[backend]
    return args.processes or processes, args.threads or threads


def run_backend(backend: str, args: argparse.Namespace) -> dict | None:
    data = tempfile.mkdtemp(prefix="followline-load-")
    env = {**os.environ, "FOLLOWLINE_DATA_DIR": data, "SECRET_KEY": "bench-load-" + data}
    env.pop("DATABASE_URL", None)
    drop = None
    if backend == "postgres":
        url = (  # the test set-up's Unix socket first: ~8% less CPU a request than TCP
            args.database_url
            or os.environ.get("DATABASE_URL")
            or os.environ.get("FOLLOWLINE_TEST_POSTGRES_SOCKET_URL")
            or os.environ.get("FOLLOWLINE_TEST_POSTGRES_URL")
        )
        if not url:
            print("postgres: no --database-url, DATABASE_URL or FOLLOWLINE_TEST_POSTGRES_URL")
            return None
        env["DATABASE_URL"], drop = _postgres_db(url)
    server = None
    try:
        if args.replay:  # one request at a time in a child process: CPU per page
            if args.instructions:
                print(f"\n{backend}: {_instructions(env, args)}")
                return None
            replayed = _child("--child-replay", env, timeout=3600)
            print(f"\n{backend}: {args.replay} actions one at a time, in process\n")
            print(replayed.strip())
            return None
        loaded = _child("--child-load", env, timeout=1800)
        plan = json.loads(loaded.strip().splitlines()[-1])
        port = _free_port()
        followline = shutil.which("followline", path=str(Path(sys.executable).parent))
        processes, threads = serving(backend, args)
        command = [followline, "serve", "--port", str(port), "--threads", str(threads)]
        command += ["--processes", str(processes)]
        if args.no_worker:
            command.append("--no-worker")
        log = Path(data) / "serve.log"
        server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        _wait_for(port, server, log)
        users = make_users(port, plan, args)
        if args.warmup:  # the worker's first round of jobs, the processes' first pages
            drive(users, args.warmup, 0, args.think)
        load_before = _load_average()
        cpu_before = _tree_cpu(server.pid)
        client_before = time.process_time()  # the simulated users' threads: this process
        spy = _py_spy(server.pid, args) if args.py_spy else None
        results, elapsed = drive(users, args.seconds, args.requests, args.think)
        client_cpu = time.process_time() - client_before
        if spy is not None:
            spy.wait(timeout=60)
        cpu = {pid: t - cpu_before.get(pid, 0.0) for pid, t in _tree_cpu(server.pid).items()}
        load_after = _load_average()
        errors = sum(results.errors.values())
        return {
            "log": _tail_errors(log.read_text(errors="replace")) if errors else "",
            "results": results,
            "elapsed": elapsed,
            "load": (load_before, load_after),
            "cpu_s": sum(t for pid, t in cpu.items() if not _is_worker(pid)),
            "worker_cpu_s": sum(t for pid, t in cpu.items() if _is_worker(pid)),
            "client_cpu_s": client_cpu,
            "load_s": plan["load_s"],
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if drop:
            drop()
        shutil.rmtree(data, ignore_errors=True)


def _tail_errors(log: str, lines: int = 40) -> str:
    """The end of the first traceback in the server's log (what a failed request said)."""
    start = log.find("Traceback")
    return "\n".join(log[start:].splitlines()[:lines]) if start >= 0 else log[-3000:]


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                sys.exit(f"followline serve did not start:\n{log.read_text()}")
            time.sleep(0.3)


# --- 4. the report ---------------------------------------------------------------------------


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def report(backend: str, run: dict, args: argparse.Namespace) -> int:
    results, elapsed = run["results"], run["elapsed"]
    everything = [s for samples in results.samples.values() for s in samples]
    processes, threads = serving(backend, args)
    print(
        f"\n{backend}: {args.users} users, think {args.think} s, {elapsed:.1f} s, "
        f"serve --processes {processes} --threads {threads}"
        f"{' --no-worker' if args.no_worker else ''}; "
        f"data loaded in {run['load_s']:.1f} s; load average {run['load'][0]} before, "
        f"{run['load'][1]} after\n"
    )
    print("| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = sorted(results.samples.items(), key=lambda kv: -len(kv[1]))
    for page, samples in [*rows, ("all", everything)]:
        ordered = sorted(samples)
        errors = sum(results.errors.values()) if page == "all" else results.errors.get(page, 0)
        name = f"**{page}**" if page == "all" else page
        print(
            f"| {name} | {len(ordered)} | {len(ordered) / elapsed:.1f} "
            f"| {_percentile(ordered, 0.50) * 1000:.0f} | {_percentile(ordered, 0.95) * 1000:.0f} "
            f"| {_percentile(ordered, 0.99) * 1000:.0f} | {errors} |"
        )
    cpu_ms = run["cpu_s"] / max(1, len(everything)) * 1000
    print(
        f"\nserver CPU (serve and its server processes, user + system): {run['cpu_s']:.1f} s,"
        f" {cpu_ms:.1f} ms a request; the background worker: {run['worker_cpu_s']:.1f} s"
    )
    client_ms = run["client_cpu_s"] / max(1, len(everything)) * 1000
    print(
        f"the simulated users (this process, on the same cores): {run['client_cpu_s']:.1f} s,"
        f" {client_ms:.1f} ms a request; the server alone on {os.cpu_count()} cores would"
        f" answer at most ~{os.cpu_count() * 1000 / max(cpu_ms, 0.1):.0f} requests/s"
    )
    for example in results.examples:
        print(f"  error: {example}")
    if run["log"]:
        print(f"  the server's log, where it said why:\n{run['log']}")
    return sum(results.errors.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite", help="sqlite, postgres or both")
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to use")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--warmup", type=float, default=10, help="seconds of load first, unmeasured"
    )
    parser.add_argument("--requests", type=int, default=0, help="stop after this many")
    parser.add_argument("--think", type=float, default=0.25, help="mean think time, seconds")
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--seekers", type=int, default=200)
    parser.add_argument(
        "--threads", type=int, default=0, help="serve --threads (default: SQLite 2, PostgreSQL 8)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="serve --processes (default: SQLite 4, PostgreSQL 2)",
    )
    parser.add_argument("--no-worker", action="store_true", help="serve --no-worker")
    parser.add_argument("--py-spy", default="", help="sample the server into this file")
    parser.add_argument(
        "--replay", type=int, default=0, help="instead: N actions one at a time, CPU per page"
    )
    parser.add_argument(
        "--profile", default="", help="with --replay: cProfile the measured requests into FILE"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="with --replay: count instructions under valgrind (steady on a busy machine)",
    )
    parser.add_argument("--child-load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-replay", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_load:
        print(json.dumps(load_data(args)))
        return
    if args.child_replay:
        replay(args)
        return
    failed = 0
    for backend in args.backends.split(","):
        run = run_backend(backend.strip(), args)
        if run is not None:
            failed += report(backend, run, args)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
