# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WHEELHOUSE := .wheelhouse
LAMBDA_PY := 3.11
export AWS_ACCOUNT_ID_ENDPOINT_MODE := disabled

.PHONY: run test lint typecheck unit functional e2e package bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q 'pip<26.3'
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

# Linux wheels for the Lambda package, fetched once so packaging runs offline afterwards.
$(WHEELHOUSE)/.complete: requirements.txt | $(STAMP)
	mkdir -p $(WHEELHOUSE)
	$(BIN)/pip download -q -r requirements.txt -d $(WHEELHOUSE) --only-binary=:all: \
	  --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
	  --python-version $(LAMBDA_PY) --implementation cp
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

package: $(STAMP) $(WHEELHOUSE)/.complete
	rm -rf build/package
	AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=packaging AWS_SECRET_ACCESS_KEY=packaging \
	PIP_NO_INDEX=1 PIP_FIND_LINKS=$(CURDIR)/$(WHEELHOUSE) \
	  $(BIN)/chalice package --stage dev --merge-template infra/resources.json build/package
	@ls -l build/package

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
