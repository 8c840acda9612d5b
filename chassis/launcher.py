"""Starts and supervises the whole platform on one machine (`wcso run`, and the end-to-end tests).

Every process gets its own log file under <data>/logs; if one dies, the others are stopped and
the exit is non-zero, so a broken platform never looks like a running one.
"""
from __future__ import annotations

import ctypes
import os
import socket
import tempfile
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from chassis.demo import DemoClient, seed_demo_data
from chassis.settings import Settings, load_settings


@dataclass
class Platform:
    settings: Settings
    env: dict[str, str] = field(default_factory=dict)
    services: list[str] | None = None  # programme services to start (default: every one found)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.settings.http_host}:{self.settings.gateway_port}"

    def commands(self) -> dict[str, list[str]]:
        from chassis.cli import GATEWAY, discover_services

        python = sys.executable
        commands = {}
        for name, (service_class, _) in discover_services().items():
            if self.services is not None and name not in self.services:
                continue
            commands[f"{name}-service"] = [python, "-m", "chassis.serve", service_class]
            commands[f"{name}-relay"] = [python, "-m", "chassis.cli", "relay", name]
        commands["projections"] = [python, "-m", "gateway.projections"]
        commands["gateway"] = [python, "-m", "chassis.serve", GATEWAY, str(self.settings.gateway_port)]
        return commands

    def start(self, only: list[str] | None = None) -> None:
        logs = self.settings.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.env}
        for name, command in self.commands().items():
            if only is None or name in only:
                self.start_process(name, command, env, logs)

    def start_process(self, name: str, command: list[str], env: dict, logs: Path) -> None:
        with (logs / f"{name}.log").open("ab") as log_file:
            self.processes[name] = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                                    start_new_session=True, preexec_fn=_end_with_parent)

    def restart(self, name: str) -> None:
        self.stop([name])
        self.start([name])

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if response.status == 200:
                        time.sleep(1.0)  # let the services' RPC consumers finish binding
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise TimeoutError(f"the gateway did not answer on {self.url} within {timeout:.0f}s; see {self.settings.data_dir}/logs")

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                tail = (self.settings.data_dir / "logs" / f"{name}.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"process {name} exited with code {process.returncode}:\n{tail}")

    def stop(self, names: list[str] | None = None, sig: int = signal.SIGTERM) -> None:
        chosen = [n for n in self.processes if names is None or n in names]
        for name in chosen:
            if self.processes[name].poll() is None:
                os.killpg(self.processes[name].pid, sig)
        for name in chosen:
            try:
                self.processes[name].wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.processes[name].pid, signal.SIGKILL)
                self.processes[name].wait()
            del self.processes[name]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_platform(purpose: str) -> Iterator[Platform]:
    """The whole platform in a fresh temporary data folder on a free port, for a load or fuzz run;
    other WCSO_ settings come from the environment."""
    work = Path(tempfile.mkdtemp(prefix=f"wcso-{purpose}-"))
    env = {"WCSO_DATA_DIR": str(work / "data"), "WCSO_GATEWAY_PORT": str(free_port()), "WCSO_LOG_LEVEL": "WARNING"}
    platform = Platform(load_settings({**{k: v for k, v in os.environ.items() if k.startswith("WCSO_")}, **env}), env)
    print(f"Starting a platform for the {purpose} run in {work} ...", flush=True)
    platform.start()
    try:
        platform.wait_ready()
        yield platform
    finally:
        platform.stop()


def _end_with_parent() -> None:
    """Linux: the child gets SIGTERM when the launcher dies, however it dies. An orphaned service
    would keep its port and go on consuming messages with old code."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def run_platform(settings: Settings, seed_count: int) -> None:
    platform = Platform(settings)
    print(f"Starting the WCSO platform (data in {settings.data_dir.resolve()}) ...", flush=True)
    platform.start()
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        platform.wait_ready()
        if seed_count and not _has_data(platform):
            seed_demo_data(platform.url, settings, seed_count)
        _print_welcome(platform)
        while not stopping:
            platform.check_alive()
            time.sleep(1.0)
    except RuntimeError as exc:
        print(f"\nThe platform stopped: {exc}", file=sys.stderr)
        platform.stop()
        sys.exit(1)
    print("\nStopping ...", flush=True)
    platform.stop()




def _has_data(platform: Platform) -> bool:
    client = DemoClient(platform.url, platform.settings)
    return client.call("GET", "/api/v1/districts/LKO/complaints", token=client.token("msp_hq"))["total"] > 0


def _print_welcome(platform: Platform) -> None:
    settings = platform.settings
    print(f"""
WCSO platform is running.
  Complaint page      {platform.url}/
  API                 {platform.url}/api/v1/districts
  OpenAPI document    {platform.url}/openapi.json
  District view       {platform.url}/api/v1/districts/LKO/complaints   (Bearer token below)
  Logs                {settings.data_dir.resolve()}/logs/
  SMS outbox          {settings.data_dir.resolve()}/sms_outbox.jsonl

Officer token (district nodal officer, Lucknow, 12 h):
  {DemoClient(platform.url, settings).token("district_nodal_officer", "LKO")}
More: .venv/bin/wcso token --role msp_hq
Press Ctrl-C to stop.
""", flush=True)
