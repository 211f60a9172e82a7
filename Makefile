# VMLab: build, test, demo and benchmark. Every target installs what it needs first (Debian packages).
SWIFT ?= swift
APT_PACKAGES := libzstd-dev zlib1g-dev libgraphviz-dev pkg-config zstd gzip
RELEASE_BIN := .build/release/vmlab
SHARED_TRACES ?= ../shared/traces

.PHONY: all deps build release test demo bench lint format clean

all: build

# Installs the C libraries the package links (zstd, zlib, Graphviz) when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product vmlab

# Builds and runs every test (Swift Testing). Invariant checks run after every step inside the tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The default experiment (vmlab demo): textbook strings, a real trace, synthetic workloads, every replacement
# policy, a sweep of sizes per workload, plots, Output/demo/index.html and the classic mapping diagram.
demo: release
	$(RELEASE_BIN) demo --output Output/demo
	$(RELEASE_BIN) render --out Output/demo/classic.png

# Speed: accesses per second for every policy on the real traces, a 10M-access Zipf trace, and the full machine;
# then the whole-process comparison against the C reference simulator (see BENCHMARKS.md).
bench: release
	cc -std=c11 -O2 -Wall -Wextra -o .build/lru_oracle Benchmarks/baseline/lru_oracle.c
	$(RELEASE_BIN) bench --traces $(SHARED_TRACES) --output Output/bench/results.json
	@echo "whole process, LRU, 10,000 frames, 10M Zipf accesses (3 runs each):"
	@for i in 1 2 3; do /usr/bin/time -f "  C baseline  %e s  %M KB" .build/lru_oracle Output/bench/zipf.oracleGeneral 10000 >/dev/null; done
	@for i in 1 2 3; do /usr/bin/time -f "  vmlab       %e s  %M KB" $(RELEASE_BIN) simulate --trace Output/bench/zipf.oracleGeneral --format oracle-general --policy lru --frames 10000 >/dev/null; done

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Policies

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Policies

clean:
	rm -rf .build Output/demo Output/bench
