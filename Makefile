# Accord — build, test and benchmark. `make test` installs what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_PACKAGES := libjansson-dev libpcre2-dev libsimdjson-dev libsqlite3-dev pkg-config postgresql nodejs python3-venv
SHARED ?= $(abspath ../shared)

.PHONY: deps build test test-clients bench bench-compat clean serve bench-registry

# Installs the system libraries the package links against, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  case "$$missing " in *" postgresql "*) \
	    $(SUDO) mkdir -p /etc/postgresql-common/createcluster.d && \
	    echo "create_main_cluster = false" | $(SUDO) tee /etc/postgresql-common/createcluster.d/accord-no-main-cluster.conf >/dev/null;; \
	  esac; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# The test log is kept in .build/test.log; on a failure its failing tests and their issues are
# printed again at the end, where a CI log's tail shows them.
test: deps
	$(SWIFT) build --build-tests
	@{ $(SWIFT) test --skip-build 2>&1; echo $$? > .build/test-status; } | tee .build/test.log
	@status=$$(cat .build/test-status); if [ "$$status" != 0 ]; then \
	  echo; echo "== failing tests and their issues (the whole log: .build/test.log)"; \
	  grep -E '^(✘|↳)' .build/test.log | grep -v -E '^↳ (Testing Library Version|Target Platform)' | head -200; \
	  exit $$status; fi
	$(MAKE) --no-print-directory test-clients

# A real client, unchanged: Confluent's Python client (PyPI confluent-kafka, versions pinned in
# Tests/Clients/requirements.txt) in a virtualenv, against `accord serve` on a free port.
VENV := .build/venv
CLIENT_REQUIREMENTS := Tests/Clients/requirements.txt

$(VENV)/installed.stamp: $(CLIENT_REQUIREMENTS)
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r $(CLIENT_REQUIREMENTS)
	touch $@

test-clients: deps $(VENV)/installed.stamp
	$(SWIFT) build --product accord
	$(VENV)/bin/python Tests/Clients/confluent_kafka_client.py --accord "$$($(SWIFT) build --show-bin-path)/accord"

# Release build; runs the validator benchmark on the shared workload, then the fast path
# (parse only for both parsers, `accord validate` end to end, --jobs 2, peak RSS on 1 GB).
bench: deps bench-compat bench-registry
	$(SWIFT) build -c release --product accord-bench
	$(SWIFT) build -c release --product accord
	@mkdir -p .build/bench-data
	@[ -f .build/bench-data/order.placed.events.ndjson ] || python3 $(SHARED)/bench/gen_events.py --out .build/bench-data
	.build/release/accord-bench .build/bench-data .build/release/accord

# Release build; times the compatibility checker (two 200-property schemas, a 100-subject folder).
bench-compat: deps
	$(SWIFT) build -c release --product accord-compat-bench
	@mkdir -p .build/bench-data
	.build/release/accord-compat-bench .build/bench-data/compat-subjects
# Builds and starts the schema registry on ./accord.db at port 8081 (Ctrl-C stops it).
serve: deps
	$(SWIFT) build --product accord
	"$$($(SWIFT) build --show-bin-path)/accord" serve --database sqlite:accord.db --port 8081

# Registry benchmark: wrk on loopback against `accord serve` (release, SQLite) beside a bare
# Hummingbird route (the floor). Installs wrk when missing.
bench-registry: deps
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk)
	$(SWIFT) build -c release --product accord
	$(SWIFT) build -c release --product accord-registry-bench
	ACCORD=.build/release/accord Benchmarks/registry/run.sh
	@echo; echo "== register without HTTP (SchemaRegistry on a SQLite file, in process)"
	.build/release/accord-registry-bench 20000 32 NONE
	.build/release/accord-registry-bench 5000 32 BACKWARD

clean:
	rm -rf .build

# accord check (issue 8): the SwiftPM command plugin on a fixture package (builds Accord in its own
# scratch folder, .build-plugin-fixture/, so it is slow the first time).
.PHONY: test-plugin bench-check
test-plugin: deps
	$(SWIFT) build --build-tests
	ACCORD_PLUGIN_TESTS=1 $(SWIFT) test --skip-build --filter CheckPluginTests

# accord check of a generated 100-subject repository, every subject changed (target: under 1 s).
bench-check: deps
	$(SWIFT) build -c release --product accord
	Benchmarks/check-bench.sh .build/release/accord 100
bench: bench-check

# Harness replay throughput (issue 6): NDJSON adapter against a trivial handler, and in-process.
.PHONY: bench-harness
bench: bench-harness
bench-harness: deps
	$(SWIFT) build -c release --product accord-harness-bench
	.build/release/accord-harness-bench 200000 256
