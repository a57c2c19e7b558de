# ForumDesa: `make run` starts the site with demo data, `make test` runs the test suite.
# Both need only Python 3.11+ and make; set DATABASE_URL / REDIS_URL to use PostgreSQL / Redis.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast install install-dev lock lint messages clean

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Web server, Celery worker and Celery beat together; Ctrl-C stops all three.
run: export DEBUG ?= 1
# Links in mails and tasks (which have no request to take the host from) point where the site runs.
run: export SITE_ROOT ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py import_regions --if-complete
	$(PY) manage.py seed_demo
	@echo "ForumDesa: http://$(HOST):$(PORT)/  (email in var/mail/, Ctrl-C stops everything)"
	@trap 'kill 0' INT TERM; \
	$(PY) -m celery -A forumdesa worker --loglevel=INFO --concurrency=2 & \
	$(PY) -m celery -A forumdesa beat --loglevel=INFO & \
	$(PY) manage.py runserver $(HOST):$(PORT) & \
	wait

test: $(VENV)/.installed-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# For the edit-test loop: no browser journeys, no slow tests (region imports, real Celery worker).
test-fast: $(VENV)/.installed-dev
	$(VENV)/bin/pytest -m "not e2e and not slow" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Re-resolve the pins after changing pyproject.toml.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		-c requirements.lock -o requirements-dev.lock

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/celery var/mail var/static
