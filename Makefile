# Accord — build, test and benchmark. `make test` installs what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_PACKAGES := libjansson-dev libpcre2-dev libsimdjson-dev pkg-config postgresql nodejs python3-venv
SHARED ?= $(abspath ../shared)

.PHONY: deps build test test-clients bench clean serve bench-registry

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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
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

# Release build; runs the validator benchmark on the shared workload.
bench: deps bench-registry
	$(SWIFT) build -c release --product accord-bench
	@mkdir -p .build/bench-data
	@[ -f .build/bench-data/order.placed.events.ndjson ] || python3 $(SHARED)/bench/gen_events.py --out .build/bench-data
	.build/release/accord-bench .build/bench-data

# Builds and starts the schema registry on ./accord.db at port 8081 (Ctrl-C stops it).
serve: deps
	$(SWIFT) build --product accord
	"$$($(SWIFT) build --show-bin-path)/accord" serve --database sqlite:accord.db --port 8081

# Registry benchmark: wrk on loopback against `accord serve` (release, SQLite) beside a bare
# Hummingbird route (the floor). Installs wrk when missing.
bench-registry: deps
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk)
	$(SWIFT) build -c release --product accord
	ACCORD=.build/release/accord Benchmarks/registry/run.sh

clean:
	rm -rf .build
