# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WHEELHOUSE := .wheelhouse
LAMBDA_PY := 3.11
export AWS_ACCOUNT_ID_ENDPOINT_MODE := disabled

.PHONY: run test lint typecheck package cost bench clean

$(STAMP): requirements.txt requirements-nodeps.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q 'pip<26.3'
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

# Linux wheels for the Lambda package, fetched once so packaging runs offline afterwards.
WHEEL_PLATFORM := --only-binary=:all: --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
  --python-version $(LAMBDA_PY) --implementation cp
$(WHEELHOUSE)/.complete: requirements.txt requirements-nodeps.txt | $(STAMP)
	mkdir -p $(WHEELHOUSE)
	$(BIN)/pip download -q -r requirements.txt -d $(WHEELHOUSE) $(WHEEL_PLATFORM)
	$(BIN)/pip download -q --no-deps -r requirements-nodeps.txt -d $(WHEELHOUSE) $(WHEEL_PLATFORM)
	touch $@

run: $(STAMP)
	$(BIN)/python -m devstack

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) $(WHEELHOUSE)/.complete lint typecheck
	$(BIN)/python -m pytest

# PACKAGE_DIR and STAGE may be overridden: `make package STAGE=prod PACKAGE_DIR=/tmp/out`.
PACKAGE_DIR ?= build/package
STAGE ?= dev
package: $(STAMP) $(WHEELHOUSE)/.complete
	rm -rf $(PACKAGE_DIR) vendor
	PIP_NO_INDEX=1 $(BIN)/pip install -q --no-deps --target vendor --find-links $(WHEELHOUSE) \
	  $(WHEEL_PLATFORM) -r requirements-nodeps.txt
	AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=packaging AWS_SECRET_ACCESS_KEY=packaging \
	PIP_NO_INDEX=1 PIP_FIND_LINKS=$(CURDIR)/$(WHEELHOUSE) \
	  $(BIN)/chalice package --stage $(STAGE) --merge-template infra/resources.json $(PACKAGE_DIR)
	rm -rf vendor
	$(BIN)/python infra/precompile_zip.py $(PACKAGE_DIR)/deployment.zip
	$(BIN)/cfn-lint -- $(PACKAGE_DIR)/sam.json
	@ls -l $(PACKAGE_DIR)

# Cold import time of app.py and the zip size, beside a Chalice hello-world (figures quoted in the README).
cost: package
	POWERTOOLS_TRACE_DISABLED=true $(BIN)/python -m bench.serverless_cost --runs 5
	POWERTOOLS_TRACE_DISABLED=false $(BIN)/python -m bench.serverless_cost --runs 5

# Requests per operation, contention, HTTP latency and serverless cost beside the seeds' ways (bench/out/, < 5 min).
bench: package
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
