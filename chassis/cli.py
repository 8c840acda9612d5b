"""`wcso`: the platform's command line (the composition root: it knows which services exist).

    wcso run                      start every process, load demo data, print the URLs and a token
    wcso token --role R [--district CODE] [--subject S] [--hours H]
    wcso relay SERVICE            run one service's outbox relay (no eventlet)
    wcso seed [--count N]         load every programme's demo data through the HTTP API
    wcso erase-person PERSON_REF | --phone N   delete a person's key: her data becomes unreadable everywhere
    wcso clock advance 25h | wcso clock show   move the platform's clock (WCSO_CLOCK=offset-file)
    wcso rebuild-views            rebuild every read model from the event stores (projections stopped)
    wcso dead-letters list|replay what a consumer parked and why; send it back once the cause is fixed
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from chassis.settings import ConfigError, load_settings

GATEWAY = "gateway.service:GatewayService"


def discover_services() -> dict[str, tuple[str, str]]:
    """{service name: (nameko service class, application class)} for every services/<name>/ package."""
    import pkgutil

    import services

    found = {}
    for module_info in pkgutil.iter_modules(services.__path__):
        package = importlib.import_module(f"services.{module_info.name}")
        if hasattr(package, "SERVICE"):
            found[module_info.name] = (package.SERVICE, package.APPLICATION)
    return found


def load_class(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def cmd_token(args) -> None:
    from chassis.auth import issue_token
    from datetime import timedelta

    settings = load_settings()
    print(issue_token(settings.jwt_secret, role=args.role, district=args.district,
                      subject=args.subject or f"{args.role}-{args.district or 'UP'}".lower(),
                      lifetime=timedelta(hours=args.hours)))


def cmd_relay(args) -> None:
    from chassis.relay import run_relay
    from chassis.bootstrap import build_application
    from chassis.telemetry import configure_tracing

    services = discover_services()
    if args.service not in services:
        raise SystemExit(f"unknown service {args.service!r}; known: {', '.join(services)}")
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    configure_tracing(f"{args.service}-relay", settings.trace_exporter)
    app = build_application(load_class(services[args.service][1]), settings)
    run_relay(app, settings)


def cmd_erase(args) -> None:
    from chassis.personal_data import PersonKeyVault, person_ref
    from chassis.sql import SqlDatabase

    settings = load_settings()
    if bool(args.person_ref) == bool(args.phone):
        raise SystemExit("give either a PERSON_REF or --phone (the person's phone number)")
    ref = args.person_ref or person_ref(settings.person_ref_key, phone=args.phone)
    vault = PersonKeyVault(SqlDatabase.for_settings(settings, "person_keys"))
    existed = vault.erase(ref, erased_by=args.by)
    print(f"{ref}: key {'deleted' if existed else 'was already absent'}; "
          "the person's sealed data in every service's event store is now unreadable")


def cmd_clock(args) -> None:
    from chassis.clock import OffsetFileClock, parse_duration

    settings = load_settings()
    clock = OffsetFileClock(settings.clock_file)
    if args.action == "advance":
        try:
            offset = clock.advance(parse_duration(args.by))
        except ValueError as exc:
            raise SystemExit(str(exc))
        print(f"platform clock is now {clock.now().isoformat()} (offset {offset})")
    else:
        print(f"platform clock: {clock.now().isoformat()} (offset {clock.offset()})")
    if settings.clock != "offset-file":
        print("note: WCSO_CLOCK is 'system' here, so running services ignore this offset", file=sys.stderr)


def cmd_rebuild_views(args) -> None:
    from gateway.projections import rebuild

    rebuild(load_settings())


def cmd_dead_letters(args) -> None:
    from chassis.dead_letters import parked_messages, replay

    settings = load_settings()
    if args.action == "replay":
        print(f"{replay(settings.amqp_url, args.consumer)} message(s) sent back to {args.consumer}")
        return
    parked = parked_messages(settings.amqp_url, args.consumer)
    print(f"{len(parked)} message(s) parked for {args.consumer}")
    for message in parked:
        print(f"  {message.message_id or '-'}  {message.routing_key}  after {message.attempts} attempt(s): {message.reason}")


def cmd_run(args) -> None:
    from chassis.launcher import run_platform

    run_platform(load_settings(), seed_count=args.seed)


def cmd_seed(args) -> None:
    from chassis.demo import seed_demo_data

    seed_demo_data(args.url, load_settings(), args.count)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wcso", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    token = sub.add_parser("token", help="print an officer token for local use")
    token.add_argument("--role", required=True, choices=["station_officer", "district_nodal_officer", "msp_hq", "auditor"])
    token.add_argument("--district", help="district code (required for station and nodal officers)")
    token.add_argument("--subject", help="the officer's id (default: derived from role and district)")
    token.add_argument("--hours", type=float, default=12.0)
    token.set_defaults(func=cmd_token)

    relay = sub.add_parser("relay", help="run a service's outbox relay")
    relay.add_argument("service")
    relay.set_defaults(func=cmd_relay)

    erase = sub.add_parser("erase-person", help="erase a person everywhere by deleting her key")
    erase.add_argument("person_ref", nargs="?", help="the person's pseudonym (p_…)")
    erase.add_argument("--phone", help="find the person by phone number instead")
    erase.add_argument("--by", default="data-protection-officer", help="who ordered the erasure (recorded)")
    erase.set_defaults(func=cmd_erase)

    clock = sub.add_parser("clock", help="show or move the platform clock")
    clock.add_argument("action", choices=["show", "advance"])
    clock.add_argument("by", nargs="?", default="0s", help="e.g. 25h, 31d")
    clock.set_defaults(func=cmd_clock)

    rebuild = sub.add_parser("rebuild-views", help="rebuild every read model from the event stores "
                                                   "(stop the projections process first)")
    rebuild.set_defaults(func=cmd_rebuild_views)

    dead = sub.add_parser("dead-letters", help="list the messages a consumer parked, or send them back to it")
    dead.add_argument("action", choices=["list", "replay"])
    dead.add_argument("--consumer", default="gateway.views", help="the consumer (its queue name)")
    dead.set_defaults(func=cmd_dead_letters)

    run = sub.add_parser("run", help="start the whole platform")
    run.add_argument("--seed", type=int, default=40, help="demo records per programme to load when the platform is empty")
    run.set_defaults(func=cmd_run)

    seed = sub.add_parser("seed", help="load every programme's demo data through the HTTP API")
    seed.add_argument("--url", default="http://127.0.0.1:8000")
    seed.add_argument("--count", type=int, default=40, help="records per programme")
    seed.set_defaults(func=cmd_seed)

    args = parser.parse_args(argv)
    try:
        args.func(args)
    except ConfigError as exc:
        raise SystemExit(f"configuration error: {exc}")


if __name__ == "__main__":
    main()
