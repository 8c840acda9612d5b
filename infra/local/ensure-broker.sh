#!/usr/bin/env bash
# Makes sure RabbitMQ is up on this machine: starts it if it is installed and stopped, says how to
# install it if it is missing. With --management, also enables the management plugin that nameko's
# test fixtures use to make a throw-away vhost per test.
set -euo pipefail

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  cat >&2 <<'MSG'
RabbitMQ is not installed. On Debian/Ubuntu:
    sudo apt-get install -y rabbitmq-server
then run this command again (the platform expects it on 127.0.0.1:5672, guest/guest).
MSG
  exit 1
fi

broker_up() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }

if ! broker_up; then
  echo "RabbitMQ is stopped: starting it ..."
  rabbitmq-server -detached
  for _ in $(seq 1 90); do broker_up && break; sleep 1; done
  broker_up || { echo "RabbitMQ did not start within 90 s; see /var/log/rabbitmq/" >&2; exit 1; }
fi

if [[ "${1:-}" == "--management" ]]; then
  if ! rabbitmq-plugins list -e -m 2>/dev/null | grep -qx rabbitmq_management; then
    echo "Enabling the RabbitMQ management plugin ..."
    rabbitmq-plugins enable rabbitmq_management >/dev/null
  fi
  for _ in $(seq 1 60); do
    curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null \
    || { echo "the RabbitMQ management API did not answer on 127.0.0.1:15672" >&2; exit 1; }
fi
echo "RabbitMQ is up on 127.0.0.1:5672."
