# VMLab: build, test, demo and benchmark. Every target installs what it needs first (Debian packages).
SWIFT ?= swift
APT_PACKAGES := libzstd-dev zlib1g-dev libgraphviz-dev pkg-config zstd gzip librsvg2-dev libcairo2-dev
RELEASE_BIN := .build/release/vmlab
SHARED_TRACES ?= ../shared/traces

.PHONY: all deps chromium build release test demo report-check slurm-check docs bench bench-sweep bench-libcachesim lint format clean fuzz fuzz-build \
	fuzz-run \
	stepper-check

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

# The step-through page in a real browser: Debian's headless chromium (installed when missing) presses keys and
# buttons on a rendered page and checks the captions (StepperBrowserTests, which `make test` skips without chromium),
# then screenshots two steps into Output/stepper-check/ to look at.
STEPPER_CHECK := Output/stepper-check
CHROMIUM_FLAGS := --headless --disable-gpu --no-sandbox --disable-dev-shm-usage --hide-scrollbars

# Debian's chromium, for the checks in a real browser (stepper-check, report-check), when it is missing.
chromium:
	@command -v chromium >/dev/null || { echo "installing: chromium"; SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

stepper-check: deps chromium
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter 'StepperBrowserTests|SnapshotPageTests|StepThroughTests'
	@mkdir -p $(STEPPER_CHECK)
	.build/debug/vmlab render --pages 1,2,3,4,1,2,5,1,2,3,4,5 --frames 3 --policy fifo --every 1 \
		--out $(STEPPER_CHECK)/belady.svg
	.build/debug/vmlab render --every 1 --out $(STEPPER_CHECK)/classic.svg
	@profile=$$(mktemp -d); \
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$$profile --window-size=1400,1000 \
		--screenshot=$(CURDIR)/$(STEPPER_CHECK)/belady-step8.png "file://$(CURDIR)/$(STEPPER_CHECK)/belady.html#step=8" \
		2>/dev/null; \
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$$profile --window-size=1400,1500 \
		--screenshot=$(CURDIR)/$(STEPPER_CHECK)/classic-step31.png "file://$(CURDIR)/$(STEPPER_CHECK)/classic.html#step=31" \
		2>/dev/null; \
	rm -rf $$profile
	@echo "screenshots: $(STEPPER_CHECK)/belady-step8.png $(STEPPER_CHECK)/classic-step31.png"

# The default experiment (vmlab demo): textbook strings, a real trace, synthetic workloads, every replacement
# policy, a sweep of sizes per workload, plots, Output/demo/index.html and the classic mapping diagram.
demo: release
	$(RELEASE_BIN) demo --output Output/demo
	$(RELEASE_BIN) render --out Output/demo/classic.png

# The report page in a real browser: Debian's chromium (installed when missing), on the demo report (every policy,
# five workloads, the mapping diagrams), written to Output/report-check/demo. Screenshots at a phone's width and a
# desktop's (Output/report-check/phone.png, desktop.png; REPORT_CHECK_HEIGHT px tall), then the page checks itself
# as laid out at both widths (its script, with #selfcheck in the address: nothing wider than the window, no chart
# or diagram cut, every table complete and sortable, every toggle hiding its series, the tooltip) and the target
# fails unless Chromium's dumped DOM (Output/report-check/phone.html, desktop.html) says data-selfcheck="ok".
REPORT_CHECK := $(CURDIR)/Output/report-check
REPORT_CHECK_HEIGHT ?= 2400

report-check: release chromium
	@mkdir -p $(REPORT_CHECK)
	$(RELEASE_BIN) demo --output $(REPORT_CHECK)/demo --quiet
	@page="file://$(REPORT_CHECK)/demo/index.html"; profile=$$(mktemp -d); status=0; \
	for size in phone:390 desktop:1400; do \
		name=$${size%%:*}; width=$${size##*:}; \
		timeout 120 chromium $(CHROMIUM_FLAGS) --user-data-dir=$$profile \
			--window-size=$$width,$(REPORT_CHECK_HEIGHT) --screenshot=$(REPORT_CHECK)/$$name.png "$$page" \
			>/dev/null 2>&1 || status=1; \
		timeout 120 chromium $(CHROMIUM_FLAGS) --user-data-dir=$$profile \
			--window-size=$$width,$(REPORT_CHECK_HEIGHT) --dump-dom "$$page#selfcheck" \
			> $(REPORT_CHECK)/$$name.html 2>/dev/null || status=1; \
		verdict=$$(grep -o 'data-selfcheck="[^"]*"' $(REPORT_CHECK)/$$name.html | head -1); \
		counts=$$(grep -o 'data-selfcheck-counts="[^"]*"' $(REPORT_CHECK)/$$name.html | head -1); \
		printf '%-8s %5s px  %s\n%17s%s\n' "$$name" "$$width" "$${verdict:-no self-check (did the script run?)}" \
			"" "$$counts"; \
		[ "$$verdict" = 'data-selfcheck="ok"' ] || status=1; \
	done; \
	rm -rf $$profile; \
	echo "screenshots: $(REPORT_CHECK)/phone.png, $(REPORT_CHECK)/desktop.png"; exit $$status

# Speed: accesses per second for every policy on the real traces, a 10M-access Zipf trace, and the full machine;
# then the whole-process comparison against the C reference simulator (see BENCHMARKS.md).
bench: release
	cc -std=c11 -O2 -Wall -Wextra -o .build/lru_oracle Benchmarks/baseline/lru_oracle.c
	$(RELEASE_BIN) bench --traces $(SHARED_TRACES) --output Output/bench/results.json
	@echo "whole process, LRU, 10,000 frames, 10M Zipf accesses (3 runs each):"
	@for i in 1 2 3; do /usr/bin/time -f "  C baseline  %e s  %M KB" .build/lru_oracle Output/bench/zipf.oracleGeneral 10000 >/dev/null; done
	@for i in 1 2 3; do /usr/bin/time -f "  vmlab       %e s  %M KB" $(RELEASE_BIN) simulate --trace Output/bench/zipf.oracleGeneral --format oracle-general --policy lru --frames 10000 >/dev/null; done
	@test -f Output/bench/zipf-mix.pid || $(RELEASE_BIN) generate zipf-mix --processes 3 --accesses 10000000 \
		--pages 1000000 --out Output/bench/zipf-mix.pid
	@echo "whole process, full machine (local:pff, TLB 64:4, 3,000,000 swap slots), LRU, 30,000 frames, Zipf mix (3 runs):"
	@for i in 1 2 3; do /usr/bin/time -f "  vmlab full  %e s  %M KB" $(RELEASE_BIN) simulate --trace Output/bench/zipf-mix.pid \
		--format pid --policy lru --frames 30000 --scope local:pff --tlb 64:4 --swap-slots 3000000 >/dev/null; done

# The issue-12 sweep: every replacement policy (27) x 32 sizes from 10 frames to the trace's 763,324 distinct pages,
# spaced geometrically, on the 10M-access Zipf trace, both cores; whole-process time and peak memory, and the
# same 4-policy x 3-size compare the issue timed against libCacheSim's cachesim, for calibration.
SWEEP_POLICIES := 2q,aging,arc,car,clock,clock-pro,fifo,fifo-reinsertion,lfu,linux-2list,lirs,lru,lru-k,mglru,mru,nfu,nru,opt,ostep-clock,ostep-rand,random,s3-fifo,second-chance,sieve,unopt,working-set,wsclock
SWEEP_FRAMES := 10,14,21,30,43,61,88,127,182,262,376,540,776,1116,1604,2305,3312,4760,6841,9832,14130,20307,29184,41943,60278,86630,124502,178930,257151,369569,531132,763324
bench-sweep: release
	@test -f Output/bench/zipf.oracleGeneral || $(RELEASE_BIN) generate zipf --accesses 10000000 --pages 1000000 \
		--alpha 1.0 --seed 1 --out Output/bench/zipf.oracleGeneral
	@echo "4 policies x 3 sizes (the issue's cachesim comparison):"
	@/usr/bin/time -f "  %e s  %M KB" $(RELEASE_BIN) compare --trace Output/bench/zipf.oracleGeneral --format oracle-general \
		--policies lru,fifo,clock,opt --frames 1000,10000,100000 --csv --output Output/bench/sweep-4x3.csv >/dev/null
	@echo "27 policies x 32 sizes:"
	@/usr/bin/time -f "  %e s  %M KB" $(RELEASE_BIN) compare --trace Output/bench/zipf.oracleGeneral --format oracle-general \
		--policies $(SWEEP_POLICIES) --frames $(SWEEP_FRAMES) --csv --output Output/bench/sweep-27x32.csv >/dev/null

# The same sweeps against libCacheSim 0.3.5 itself (its C engine through the Python binding from PyPI, installed in
# a virtual environment under .build/), in one interleaved run each: LRU whole process with the C baseline, the
# 4 x 3 compare, and the 10 policies both have with the same results x the 32 sizes. Needs PyPI once.
LIBCACHESIM_VENV := .build/libcachesim-venv
LIBCACHESIM_POLICIES := 2q,arc,fifo,fifo-reinsertion,lfu,lru,lru-k,opt,s3-fifo:threshold=2,sieve
$(LIBCACHESIM_VENV)/bin/python:
	python3 -m venv $(LIBCACHESIM_VENV)
	$(LIBCACHESIM_VENV)/bin/pip install --quiet libcachesim==0.3.5
bench-libcachesim: release $(LIBCACHESIM_VENV)/bin/python
	@test -f Output/bench/zipf.oracleGeneral || $(RELEASE_BIN) generate zipf --accesses 10000000 --pages 1000000 \
		--alpha 1.0 --seed 1 --out Output/bench/zipf.oracleGeneral
	cc -std=c11 -O2 -Wall -Wextra -o .build/lru_oracle Benchmarks/baseline/lru_oracle.c
	@echo "LRU, 10,000 frames, whole process:"
	Benchmarks/whole-process.sh Output/bench/zipf.oracleGeneral 7 \
		vmlab="$(RELEASE_BIN) simulate --trace TRACE --format oracle-general --policy lru --frames 10000" \
		libcachesim="$(LIBCACHESIM_VENV)/bin/python Benchmarks/libcachesim/sweep.py --trace TRACE --policies lru --frames 10000 --jobs 1" \
		c=".build/lru_oracle TRACE 10000"
	@echo "4 policies x 3 sizes:"
	$(LIBCACHESIM_VENV)/bin/python Benchmarks/libcachesim/head_to_head.py --vmlab $(RELEASE_BIN) \
		--python $(LIBCACHESIM_VENV)/bin/python --trace Output/bench/zipf.oracleGeneral \
		--policies lru,fifo,fifo-reinsertion,opt --frames 1000,10000,100000 --rounds 3
	@echo "10 policies x 32 sizes:"
	$(LIBCACHESIM_VENV)/bin/python Benchmarks/libcachesim/head_to_head.py --vmlab $(RELEASE_BIN) \
		--python $(LIBCACHESIM_VENV)/bin/python --trace Output/bench/zipf.oracleGeneral \
		--policies $(LIBCACHESIM_POLICIES) --frames $(SWEEP_FRAMES) --rounds 1

# The documentation of VMCore (its protocols, and the "Writing a policy" article) with swift-docc-plugin, into
# Output/docs; warnings (a broken symbol link) fail it. CI builds it so links and symbols stay valid.
docs: deps
	$(SWIFT) package --allow-writing-to-directory Output/docs generate-documentation --target VMCore \
		--warnings-as-errors --output-path Output/docs --transform-for-static-hosting --hosting-base-path vmlab

# The cluster path on a real single-node Slurm cluster (Debian's slurm-wlm and munge, daemons started directly): vmlab
# slurm writes the jobs for Examples/experiments/synthetic.yaml in 4 shards, one task is cancelled while it runs and
# requeued, the merge waits with afterany, and results.csv must equal a plain run. Needs root; a few minutes.
slurm-check: release
	@for p in slurm-wlm munge; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	VMLAB=$(CURDIR)/$(RELEASE_BIN) bash .ci/slurm-cluster

# libFuzzer over every parser and decoder (Fuzz/, one target per parser; see the README's "Fuzzing" section).
# Builds the targets with libFuzzer and AddressSanitizer into .build-fuzz, then runs each for FUZZ_SECONDS, one at a
# time. Seeds come from Fuzz/Corpus/<target>; new inputs go to Output/fuzz/corpus/<target>; a crash or a failed
# property leaves Output/fuzz/<target>-crash-* and Output/fuzz/<target>.log and fails the run. Swift's own crash
# backtracer is off: it reads the stack in a way AddressSanitizer reports as a second, bogus error.
#   make fuzz                      # 60 s per target
#   make fuzz FUZZ_SECONDS=5       # what CI runs
#   make fuzz-run FUZZ_TARGETS=pages FUZZ_SECONDS=600
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= pages inline-pages pid lackey oracle-general compressed experiment scenario policy-spec frame-list \
	plugin-parameters
FUZZ_BUILD := $(CURDIR)/.build-fuzz
FUZZ_OUT := Output/fuzz
FUZZ_FLAGS ?=

fuzz: fuzz-build
	$(MAKE) fuzz-run

fuzz-build: deps
	@mkdir -p $(FUZZ_OUT)
	@echo "building the fuzz targets (log: $(FUZZ_OUT)/build.log)"
	@$(SWIFT) build --package-path Fuzz --scratch-path $(FUZZ_BUILD) --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
		> $(FUZZ_OUT)/build.log 2>&1 || { grep -v 'Cannot export local symbol' $(FUZZ_OUT)/build.log | tail -40; exit 1; }

fuzz-run:
	@mkdir -p $(FUZZ_OUT); failed=""; \
	for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$target; \
		scratch=$$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d); \
		dict=""; [ -f Fuzz/Dictionaries/$$target.dict ] && dict="-dict=Fuzz/Dictionaries/$$target.dict"; \
		SWIFT_BACKTRACE=enable=no VMLAB_FUZZ_SCRATCH=$$scratch \
			$(FUZZ_BUILD)/debug/fuzz-$$target $(FUZZ_OUT)/corpus/$$target \
			Fuzz/Corpus/$$target $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-max_len=8192 -print_final_stats=1 -artifact_prefix=$(FUZZ_OUT)/$$target- $(FUZZ_FLAGS) \
			> $(FUZZ_OUT)/$$target.log 2>&1 || failed="$$failed $$target"; \
		rm -rf $$scratch; \
		printf '%-24s %8s runs, %4s new inputs\n' "fuzz-$$target" \
			"$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_OUT)/$$target.log)" \
			"$$(sed -n 's/^stat::new_units_added: *//p' $(FUZZ_OUT)/$$target.log)"; \
	done; \
	if [ -n "$$failed" ]; then \
		for target in $$failed; do echo "== fuzz-$$target failed:"; grep -v '^#' $(FUZZ_OUT)/$$target.log | tail -30; done; \
		echo "fuzzing found problems in:$$failed (inputs: $(FUZZ_OUT)/<target>-crash-*)"; exit 1; \
	fi

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Policies Fuzz/Package.swift Fuzz/Sources \
		Fuzz/Targets

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Policies Fuzz/Package.swift Fuzz/Sources \
		Fuzz/Targets

clean:
	rm -rf .build Output/demo Output/bench
