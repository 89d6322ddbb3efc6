# Accord — build, test and benchmark. `make test` installs what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_PACKAGES := libjansson-dev libpcre2-dev libsimdjson-dev pkg-config postgresql nodejs python3-venv
SHARED ?= $(abspath ../shared)

.PHONY: deps build test bench clean

# Installs the system libraries the package links against, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Release build; runs the validator benchmark on the shared workload, then the fast path
# (parse only for both parsers, `accord validate` end to end, --jobs 2, peak RSS on 1 GB).
bench: deps
	$(SWIFT) build -c release --product accord-bench
	$(SWIFT) build -c release --product accord
	@mkdir -p .build/bench-data
	@[ -f .build/bench-data/order.placed.events.ndjson ] || python3 $(SHARED)/bench/gen_events.py --out .build/bench-data
	.build/release/accord-bench .build/bench-data .build/release/accord

clean:
	rm -rf .build
