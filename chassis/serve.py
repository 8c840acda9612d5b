"""Runs one nameko service class: `python -m chassis.serve services.complaints.service:ComplaintsService [PORT]`.

Each process gets its own HTTP port, checked free first: two nameko processes can bind the same
port without error (SO_REUSEPORT) and silently split the traffic.
"""
from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # eventlet announces its own deprecation on import; nameko 2 needs it
    import eventlet

eventlet.monkey_patch()

import importlib  # noqa: E402
import logging  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

from nameko.cli.run import run  # noqa: E402

from chassis.settings import load_settings  # noqa: E402
from chassis.telemetry import configure_tracing  # noqa: E402


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((host, port)) != 0


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("usage: python -m chassis.serve module:ServiceClass [http-port]")
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    module_name, _, class_name = argv[0].partition(":")
    service_class = getattr(importlib.import_module(module_name), class_name)
    configure_tracing(service_class.name, settings.trace_exporter)
    port = int(argv[1]) if len(argv) > 1 else 0
    if port and not port_is_free(settings.http_host, port):
        sys.exit(f"port {port} on {settings.http_host} is already in use; stop the other process or choose another port")
    config = {
        "AMQP_URI": settings.amqp_url,
        "WEB_SERVER_ADDRESS": f"{settings.http_host}:{port}",
        "max_workers": 20,
        "parent_calls_tracked": 10,
    }
    run([service_class], config)


if __name__ == "__main__":
    main(sys.argv[1:])
