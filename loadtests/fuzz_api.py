"""Fuzzes the whole HTTP API from its own OpenAPI document with Schemathesis, against a platform it
starts itself, and fails on any server error (5xx): bad input anywhere must get a clear 4xx.

    .venv/bin/python loadtests/fuzz_api.py [--examples 25]

Needs Schemathesis in .venv-fuzz (`make fuzz-api` installs it there)."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chassis.auth import issue_token  # noqa: E402
from chassis.launcher import throwaway_platform  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=25, help="examples per operation and phase")
    parser.add_argument("--schemathesis", default=str(ROOT / ".venv-fuzz" / "bin" / "schemathesis"))
    args = parser.parse_args()

    with throwaway_platform("fuzz") as platform:
        token = issue_token(platform.settings.jwt_secret, role="msp_hq", district=None, subject="fuzz")
        result = subprocess.run([args.schemathesis, "run", f"{platform.url}/openapi.json",
                                 "-H", f"Authorization: Bearer {token}", "--checks", "not_a_server_error",
                                 "--max-examples", str(args.examples), "-w", "2"], check=False)
        platform.check_alive()
    print("no server error" if result.returncode == 0 else "server errors found (see above)")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
