"""``followline serve --processes N``: N server processes share the port (issue 11, load: one
Python process uses one core), each is restarted when it dies, and none outlives serve."""

from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .site import Site
from .test_worker_supervision import alive, children, wait_for


def _server_processes(serve_pid: int) -> list[int]:
    return [
        pid
        for pid in children(serve_pid)
        if b"serve-process" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


def test_two_processes_share_the_port_and_the_writes(site_dir):
    with Site(site_dir, processes=2) as site:
        assert len(wait_for(lambda: _server_processes(site.proc.pid), 30, "two servers")) == 2
        site.create_user("ada")
        clients = [site.logged_in("ada") for _ in range(4)]

        def add(i: int) -> int:
            status, _ = clients[i % 4].request(
                "/applications/new/",
                {
                    "company": f"Company {i}",
                    "role": "Cook",
                    "policy": "two-email",
                    "timezone": "UTC",
                },
            )
            return status

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(add, range(24)))
        assert statuses == [200] * 24  # each followed its redirect to the new application
        status, page = clients[0].request("/applications/?q=Company")
        assert status == 200 and page.count("Company ") >= 24


def test_a_killed_server_process_is_restarted_and_all_stop_with_serve(site_dir):
    with Site(site_dir, processes=2) as site:
        first, second = wait_for(
            lambda: (found := _server_processes(site.proc.pid)) and len(found) == 2 and found,
            30,
            "two servers",
        )
        os.kill(first, signal.SIGKILL)
        again = wait_for(
            lambda: (
                (found := _server_processes(site.proc.pid))
                and len(found) == 2
                and first not in found
                and found
            ),
            30,
            "the killed server process to be started again",
        )
        assert second in again
        assert site.client().request("/accounts/login/")[0] == 200
        site.proc.send_signal(signal.SIGKILL)
        site.proc.wait()
        for pid in again:
            wait_for(lambda pid=pid: not alive(pid), 15, f"server process {pid} to stop")
