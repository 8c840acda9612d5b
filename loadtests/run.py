"""Runs the Locust scenarios headless against a platform it starts itself, checks pass/fail
thresholds, and measures the two spine figures:

  * registration latency over HTTP (median, p99), from Locust's own statistics;
  * the time from a registration's 201 to the complaint appearing in the district view.

    .venv/bin/python loadtests/run.py [--users 20] [--seconds 60] [--max-p99-ms 500]

Needs the broker up and Locust in .venv-load (`make load-test` does both).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chassis.auth import issue_token  # noqa: E402
from chassis.launcher import Platform, throwaway_platform  # noqa: E402

DISTRICTS = ["LKO", "KNP", "VNS", "AGR", "PRJ", "GKP"]


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def time_to_district_view(platform: Platform, token: str, samples: int) -> list[float]:
    """Registers one complaint at a time in an otherwise quiet district and waits for the view."""
    district, seconds = "SRV", []
    url = f"{platform.url}/api/v1/districts/{district}/complaints"
    for _ in range(samples):
        before = get_json(url, token)["total"]
        started = time.perf_counter()
        post_json(f"{platform.url}/api/v1/complaints", {
            "filed_by": "self", "complainant": {"name": "Probe", "phone": "9000000001"}, "district": district,
            "category": "other", "description": "Latency probe complaint for the district view."})
        while get_json(url, token)["total"] == before:
            time.sleep(0.005)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--max-p99-ms", type=float, default=500.0, help="fail if registration p99 is above this")
    parser.add_argument("--max-failure-ratio", type=float, default=0.0)
    parser.add_argument("--locust", default=str(ROOT / ".venv-load" / "bin" / "locust"))
    args = parser.parse_args()

    with throwaway_platform("load") as platform:
        settings, work = platform.settings, platform.settings.data_dir.parent
        tokens = {d: issue_token(settings.jwt_secret, role="district_nodal_officer", district=d, subject=f"load-{d}")
                  for d in DISTRICTS}
        probe_token = issue_token(settings.jwt_secret, role="msp_hq", district=None, subject="load-probe")
        print("Time from registration to district view (quiet platform, 20 samples) ...", flush=True)
        quiet = time_to_district_view(platform, probe_token, 20)
        print(f"Locust: {args.users} users for {args.seconds}s against {platform.url} ...", flush=True)
        locust = subprocess.run(
            [args.locust, "-f", str(ROOT / "loadtests" / "locustfile.py"), "--headless", "--only-summary",
             "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds}s", "--host", platform.url,
             "--csv", str(work / "stats"), "--exit-code-on-error", "0"],
            env={**os.environ, "WCSO_LOAD_TOKENS": json.dumps(tokens)}, check=False)
        if locust.returncode not in (0, 1):
            print(f"locust failed to run (exit {locust.returncode})", file=sys.stderr)
            return 2
        print("Time from registration to district view, under that load's tail (10 samples) ...", flush=True)
        loaded = time_to_district_view(platform, probe_token, 10)
        platform.check_alive()

    rows = {row["Name"]: row for row in csv.DictReader((work / "stats_stats.csv").open())}
    registration, total = rows["POST /complaints"], rows["Aggregated"]
    p99 = float(registration["99%"])
    failures = int(total["Failure Count"]) / max(1, int(total["Request Count"]))
    print("\n=== WCSO spine figures ===")
    print(f"registration over HTTP: {registration['Request Count']} requests, median {registration['50%']} ms, "
          f"p95 {registration['95%']} ms, p99 {registration['99%']} ms")
    print(f"all requests: {total['Request Count']} at {float(total['Requests/s']):.1f}/s, failure ratio {failures:.4f}")
    for label, samples in (("quiet", quiet), ("after load", loaded)):
        print(f"registration -> district view ({label}): median {statistics.median(samples) * 1000:.0f} ms, "
              f"max {max(samples) * 1000:.0f} ms over {len(samples)} samples")
    verdict = p99 <= args.max_p99_ms and failures <= args.max_failure_ratio
    print(f"thresholds: registration p99 <= {args.max_p99_ms} ms, failure ratio <= {args.max_failure_ratio}: "
          f"{'PASS' if verdict else 'FAIL'}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
