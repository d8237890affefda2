# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WHEELHOUSE := .wheelhouse
export AWS_ACCOUNT_ID_ENDPOINT_MODE := disabled

# Lambda runs python3.13 on arm64. Chalice takes the runtime from the interpreter that packages, so packaging
# (and the cold-start measurements) use a venv of Python 3.13: pyenv's, else python3.13 on PATH, else LAMBDA_PY=...
LAMBDA_PYTHON := 3.13
LAMBDA_PY ?= $(shell v=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.13(\.[0-9]+)?$$' | tail -1); \
  if [ -n "$$v" ]; then echo "$$(pyenv root)/versions/$$v/bin/python3.13"; else command -v python3.13; fi)
LAMBDA_VENV := .venv-lambda
LAMBDA_BIN := $(LAMBDA_VENV)/bin
LAMBDA_STAMP := $(LAMBDA_VENV)/.installed

.PHONY: run reset test lint typecheck package cost snapstart bench deploy deploy-args clean browser

# Swagger UI for the docs page (GET / and /docs/), shipped with the API: npm's swagger-ui-dist at a pinned version,
# its tarball checked against this SHA-512, and only the files the page loads (plus the licences) kept.
SWAGGER_UI_VERSION := 5.35.0
SWAGGER_UI_SHA512 := 534eaba4cb56f55dd73c638179a993512af4674f63317e0826e00da44fc465b021c341bc0a0c2bcd4e18997927fe1d3008336c5dd19aad334d1c2dec53cc9551
SWAGGER_UI := chalicelib/docs/swagger_ui
SWAGGER_UI_DONE := $(SWAGGER_UI)/.complete-$(SWAGGER_UI_VERSION)
SWAGGER_UI_FILES := swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt
$(SWAGGER_UI_DONE):
	rm -rf $(SWAGGER_UI) && mkdir -p $(SWAGGER_UI)
	cd $(SWAGGER_UI) && npm pack --silent swagger-ui-dist@$(SWAGGER_UI_VERSION) >/dev/null \
	  && echo "$(SWAGGER_UI_SHA512)  swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz" | sha512sum -c --quiet \
	  && tar -xzf swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz --strip-components=1 $(addprefix package/,$(SWAGGER_UI_FILES)) \
	  && rm swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz
	touch $@

# Vue 2 and axios for the meiduo-style pages of the browser test (tests/e2e/meiduo_pages), and vue-router 3 besides
# for the renran-style SPA (tests/e2e/renran_pages): npm's tarballs at pinned versions, each checked against its
# SHA-512, and only the dist file the pages load kept (the renran pages get a copy of all three).
VUE_VERSION := 2.7.16
VUE_SHA512 := e200ad157680037cd865d4e9e6ce07976b28ceec92b20cf88f2d449e904735fa4c6bd74ad59086eef8aa04f0b05ed9a073c9c7a94b00bb71b882d9979246374b
AXIOS_VERSION := 1.21.1
AXIOS_SHA512 := e9e23943f638bbf526f5d0e5b11a2ae69636af19d44eff8be0fa4b8ad9db93f8b88dbdccc4b6790ac379221dc8cac6de4582b8a51f8feea7ccb0e425f5fc3015
VUE_ROUTER_VERSION := 3.6.5
VUE_ROUTER_SHA512 := 5585d940bb63baf2b1c5cb21b910308c79dc8aa655a170234e372a053cf8aca73caa287d83da48de16c38e6a976877602f7bfca55e8ff19df7e57bc7cc44b12d
MEIDUO_JS := tests/e2e/meiduo_pages/js/vendor
RENRAN_JS := tests/e2e/renran_pages/js/vendor
MEIDUO_JS_DONE := $(MEIDUO_JS)/.complete-vue-$(VUE_VERSION)-axios-$(AXIOS_VERSION)-vue-router-$(VUE_ROUTER_VERSION)
$(MEIDUO_JS_DONE):
	rm -rf $(MEIDUO_JS) $(RENRAN_JS) && mkdir -p $(MEIDUO_JS) $(RENRAN_JS)
	cd $(MEIDUO_JS) && npm pack --silent vue@$(VUE_VERSION) axios@$(AXIOS_VERSION) \
	     vue-router@$(VUE_ROUTER_VERSION) >/dev/null \
	  && printf '%s  %s\n' $(VUE_SHA512) vue-$(VUE_VERSION).tgz $(AXIOS_SHA512) axios-$(AXIOS_VERSION).tgz \
	     $(VUE_ROUTER_SHA512) vue-router-$(VUE_ROUTER_VERSION).tgz | sha512sum -c --quiet \
	  && tar -xzf vue-$(VUE_VERSION).tgz --strip-components=2 package/dist/vue.min.js \
	  && tar -xzf axios-$(AXIOS_VERSION).tgz --strip-components=2 package/dist/axios.min.js \
	  && tar -xzf vue-router-$(VUE_ROUTER_VERSION).tgz --strip-components=2 package/dist/vue-router.min.js \
	  && rm vue-$(VUE_VERSION).tgz axios-$(AXIOS_VERSION).tgz vue-router-$(VUE_ROUTER_VERSION).tgz
	cp $(MEIDUO_JS)/vue.min.js $(MEIDUO_JS)/axios.min.js $(MEIDUO_JS)/vue-router.min.js $(RENRAN_JS)/
	touch $@

# Headless Chromium and its driver for the browser test, from Debian's packages when missing (as root, else sudo).
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
browser:
	@test -x $(CHROMIUM) && test -x $(CHROMEDRIVER) || { \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; }

$(STAMP): requirements.txt requirements-nodeps.txt requirements-dev.txt requirements-dev-nodeps.txt \
  requirements-payments.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q 'pip<26.3'
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -r requirements-dev-nodeps.txt
	touch $(STAMP)

# The packaging venv: chalice and the app's own dependencies (built for this machine: chalice imports app.py).
$(LAMBDA_STAMP): requirements.txt requirements-nodeps.txt requirements-dev.txt requirements-payments.txt
	@test -n "$(LAMBDA_PY)" && test -x "$(LAMBDA_PY)" || { echo "Python $(LAMBDA_PYTHON) is needed to \
	package for Lambda's python$(LAMBDA_PYTHON) runtime: 'pyenv install $(LAMBDA_PYTHON)', or set \
	LAMBDA_PY=/path/to/python$(LAMBDA_PYTHON)" >&2; exit 1; }
	test -x $(LAMBDA_BIN)/python || $(LAMBDA_PY) -m venv $(LAMBDA_VENV)
	$(LAMBDA_BIN)/pip install -q 'pip<26.3'
	$(LAMBDA_BIN)/pip install -q $$(grep -E '^(chalice|boto3)==' requirements-dev.txt) \
	  -r requirements.txt -r requirements-nodeps.txt
	# This machine's build of the payments layer, which bench runs in place of the layer's arm64 one (bench/native.py).
	$(LAMBDA_BIN)/pip install -q --no-deps -r requirements-payments.txt
	touch $@

# Linux arm64 wheels for the Lambda package, fetched once so packaging runs offline afterwards.
WHEEL_PLATFORM := --only-binary=:all: --platform manylinux2014_aarch64 --platform manylinux_2_17_aarch64 \
  --python-version $(LAMBDA_PYTHON) --implementation cp
WHEELS_DONE := $(WHEELHOUSE)/.complete-cp313-aarch64
# Chalice first resolves the requirements for the packaging interpreter itself, so its own wheels are there too.
$(WHEELS_DONE): requirements.txt requirements-nodeps.txt requirements-payments.txt | $(STAMP) $(LAMBDA_STAMP)
	mkdir -p $(WHEELHOUSE)
	$(LAMBDA_BIN)/pip download -q -r requirements.txt -d $(WHEELHOUSE)
	$(BIN)/pip download -q -r requirements.txt -d $(WHEELHOUSE) $(WHEEL_PLATFORM)
	$(BIN)/pip download -q --no-deps -r requirements-nodeps.txt -d $(WHEELHOUSE) $(WHEEL_PLATFORM)
	$(BIN)/pip download -q --no-deps -r requirements-payments.txt -d $(WHEELHOUSE) $(WHEEL_PLATFORM)
	touch $@

# `make run` keeps its tables, media, queues, Redis and secrets in .local/state (docs/running-locally.md);
# `make reset` forgets them, so the next run starts from the demo data with new secrets.
run: $(STAMP) $(SWAGGER_UI_DONE)
	$(BIN)/python -m devstack

reset:
	rm -rf .local/state

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) $(LAMBDA_STAMP) $(WHEELS_DONE) $(SWAGGER_UI_DONE) browser lint typecheck $(MEIDUO_JS_DONE)
	$(BIN)/python -m pytest

# PACKAGE_DIR and STAGE may be overridden: `make package STAGE=prod PACKAGE_DIR=/tmp/out`.
# Chalice packages a copy of the project (vendor/ and its deployment cache stay out of the work tree, and two
# packagings at once do not meet); then infra/functions.py splits its template into one function per module of
# chalicelib/functions, and the zip gets python3.13 bytecode. payments-layer.zip holds requirements-payments.txt
# under payments/ (a Lambda layer off sys.path: infra/layers.py gives it to the payments function alone and says
# why), with bytecode too.
PACKAGE_DIR ?= build/package
STAGE ?= dev
OUT := $(abspath $(PACKAGE_DIR))
STAGING := $(OUT).project
LAYER_STAGING := $(OUT).layer
PACKAGING_ENV := AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=packaging AWS_SECRET_ACCESS_KEY=packaging \
  PIP_NO_INDEX=1 PIP_FIND_LINKS=$(CURDIR)/$(WHEELHOUSE)
package: $(STAMP) $(LAMBDA_STAMP) $(WHEELS_DONE) $(SWAGGER_UI_DONE)
	rm -rf $(OUT) $(STAGING) $(LAYER_STAGING)
	mkdir -p $(STAGING)/.chalice
	cp -r app.py chalicelib requirements.txt $(STAGING)/
	cp .chalice/config.json .chalice/policy.json $(STAGING)/.chalice/
	find $(STAGING) -name __pycache__ -prune -exec rm -rf {} +
	$(PACKAGING_ENV) $(LAMBDA_BIN)/pip install -q --no-deps --target $(STAGING)/vendor $(WHEEL_PLATFORM) \
	  -r requirements-nodeps.txt
	# opensearch-py's asyncio client and DSL (for aiohttp, not shipped): of them its package imports only
	# _async/helpers/actions.py, the rest only where aiohttp is installed. ~400 KB of the zip.
	cd $(STAGING)/vendor/opensearchpy/_async && rm -r client plugins http_aiohttp.py transport.py \
	  helpers/document.py helpers/faceted_search.py helpers/index.py helpers/mapping.py helpers/search.py \
	  helpers/test.py helpers/update_by_query.py
	$(PACKAGING_ENV) $(LAMBDA_BIN)/chalice --project-dir $(STAGING) package --stage $(STAGE) \
	  --merge-template $(CURDIR)/infra/resources.json $(OUT)
	$(PACKAGING_ENV) $(LAMBDA_BIN)/python -m infra.functions $(OUT)/sam.json --stage $(STAGE)
	$(LAMBDA_BIN)/python infra/precompile_zip.py $(OUT)/deployment.zip
	$(PACKAGING_ENV) $(LAMBDA_BIN)/pip install -q --no-deps --target $(LAYER_STAGING)/payments $(WHEEL_PLATFORM) \
	  -r requirements-payments.txt
	cd $(LAYER_STAGING) && $(abspath $(LAMBDA_BIN))/python -m zipfile -c $(OUT)/payments-layer.zip payments
	$(LAMBDA_BIN)/python infra/precompile_zip.py $(OUT)/payments-layer.zip
	rm -rf $(STAGING) $(LAYER_STAGING)
	$(BIN)/cfn-lint -- $(OUT)/sam.json
	@ls -l $(OUT)

# Deploy: package, upload the zip (aws cloudformation package), create or update the stack. Needs the AWS CLI v2 and
# credentials; README "Deploy" lists the parameters. A stage's BUCKET and PARAMS live in infra/stages/$(STAGE).mk
# (copy infra/stages/example.mk), so a deploy is `make deploy STAGE=prod`; on the command line they win. Example:
#   make deploy STAGE=prod BUCKET=my-artifacts PARAMS="VpcId=vpc-1 SubnetIds=subnet-a,subnet-b RouteTableIds=rtb-1 \
#     PublicUrl=https://shop.example.com CorsAllowOrigins=https://www.example.com EmailSender=no-reply@example.com"
-include infra/stages/$(STAGE).mk
# dev keeps the stack (and the `shop-*` names, infra/stage_names.py) it always had; another stage is shop-<stage>.
STACK ?= $(if $(filter dev,$(STAGE)),shop,shop-$(STAGE))
AWS ?= aws
deploy-args:
	@test -n "$(BUCKET)" || { echo "BUCKET=<S3 bucket for the code> is required" >&2; exit 1; }
	@test -n "$(PARAMS)" || { echo 'PARAMS="VpcId=... SubnetIds=... PublicUrl=..." is required' >&2; exit 1; }
	@command -v $(AWS) >/dev/null || { echo "the AWS CLI ($(AWS)) is not installed" >&2; exit 1; }
deploy: deploy-args package
	$(AWS) cloudformation package --template-file $(OUT)/sam.json --s3-bucket $(BUCKET) \
	  --output-template-file $(OUT)/packaged.yaml
	$(AWS) cloudformation deploy --template-file $(OUT)/packaged.yaml --stack-name $(STACK) \
	  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides $(PARAMS)
	$(AWS) cloudformation describe-stacks --stack-name $(STACK) --query 'Stacks[0].Outputs' --output table

# Cold import and peak RSS of every packaged function, app.py and the zip, beside a Chalice hello-world measured in
# the same run, against issue 10's targets; `--markdown` prints the README's table of functions.
cost: package
	POWERTOOLS_TRACE_DISABLED=true $(BIN)/python -m bench.serverless_cost --runs 5 --markdown

# SnapStart cold path of every packaged function beside a floor, interleaved in one run: init with the pre-snapshot
# work, RSS, botocore sessions, the first request's local work; rows in bench/out/snapstart_cost.json.
snapstart: package
	$(BIN)/python -m bench.snapstart_cost --rounds 9 --markdown

# Requests per operation, contention, HTTP latency and serverless cost beside the seeds' ways (bench/out/; 17 min on the 2-core build machine).
bench: package
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
