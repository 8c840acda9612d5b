# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: run test install load-test fuzz-api clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

## Start the whole platform: broker check, services, relays, projections, gateway, demo data.
run: install
	bash infra/local/ensure-broker.sh
	WCSO_CLOCK=$${WCSO_CLOCK:-offset-file} $(VENV)/bin/wcso run

## Run the whole test suite against the real RabbitMQ and PostgreSQL.
test: install
	bash infra/local/ensure-broker.sh --management
	bash infra/local/ensure-postgres.sh wcso_test
	$(PY) -m pytest

clean:
	rm -rf data .pytest_cache

## Locust scenarios, headless, with pass/fail thresholds and the spine's figures.
load-test: install
	bash infra/local/ensure-broker.sh
	@test -x .venv-load/bin/locust || ($(PYTHON) -m venv .venv-load && .venv-load/bin/pip install -q -r loadtests/requirements.txt)
	$(PY) loadtests/run.py $(LOAD_ARGS)

## Schemathesis against /openapi.json: any 5xx on generated input fails the run.
fuzz-api: install
	bash infra/local/ensure-broker.sh
	@test -x .venv-fuzz/bin/schemathesis || ($(PYTHON) -m venv .venv-fuzz && .venv-fuzz/bin/pip install -q schemathesis)
	$(PY) loadtests/fuzz_api.py $(FUZZ_ARGS)
