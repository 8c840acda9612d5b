"""The relay and the projection consumer are plain processes: ARCHITECTURE.md measured that
eventsourcing's readers and kombu consumers misbehave under eventlet, so neither may import it."""
from __future__ import annotations

import subprocess
import sys

import pytest

from chassis.cli import discover_services


@pytest.mark.parametrize("module", ["chassis.relay", "chassis.bootstrap", "gateway.projections",
                                    *(classes[1].split(":")[0] for classes in discover_services().values())])
def test_the_plain_processes_never_import_eventlet(module):
    probe = f"import sys, {module}; sys.exit('eventlet' in sys.modules)"
    assert subprocess.run([sys.executable, "-W", "ignore", "-c", probe]).returncode == 0, \
        f"importing {module} pulls in eventlet"
