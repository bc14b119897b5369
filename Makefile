# Two commands on a fresh Debian 12 machine: `make demo` and `make test`.
# Every target that builds installs what is missing first, so each works alone.

BUILD    ?= build
JOBS     ?= $(shell nproc)
PACKAGES := g++ cmake make libboost1.81-all-dev doctest-dev gnuplot-nox universal-ctags
# Optional: stress-ng gives the `reference` scenario's independent figures (without it that
# scenario records a failed run saying so); chromium lets the tests look at report.html as a
# person would, and poppler-utils (pdftotext) reads its printed PDF back (without them those
# tests say they were skipped).
OPTIONAL := stress-ng chromium poppler-utils
# `make test-cluster` only: a Slurm of this one host, started by the test itself (it starts and
# stops its own munged, slurmctld and slurmd; installing them starts none where policy-rc.d
# forbids it, as in containers; elsewhere Debian starts its own munge service, which the test
# neither uses nor stops), and GNU parallel.
CLUSTER_PACKAGES := slurmctld slurmd munge slurm-client parallel
# `make fuzz` only: clang with libFuzzer's runtime.
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev
FUZZ_CXX      ?= clang++-14
FUZZ_SECONDS  ?= 20
FUZZ_TARGETS  := protocol config results steps
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LAB      := $(BUILD)/bin/lab

.PHONY: all deps fuzz-deps cluster-deps test-cluster build test demo deb install sanitize sanitize-address sanitize-thread fuzz clean

all: build

# $(call install_missing,PACKAGES): apt-get installs the ones not installed yet.
define install_missing
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))
	@for p in $(OPTIONAL); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$p >/dev/null 2>&1 || \
	    echo "optional $$p not installed (what needs it says so)"; \
	done

fuzz-deps: deps
	$(call install_missing,$(FUZZ_PACKAGES))

cluster-deps: deps
	$(call install_missing,$(CLUSTER_PACKAGES))

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE cluster

# Sharded sweeps through a real Slurm (started for the test, as root) and GNU parallel: tests/cluster/.
test-cluster: cluster-deps build
	ctest --test-dir $(BUILD) --output-on-failure -L cluster

demo: build
	$(LAB) sweep configs/quick.ini --out results/demo.jsonl --fresh
	$(LAB) report results/demo.jsonl --out report
	@sed -n '/^## Which concurrency/,/^## Experiments/p' report/report.md | sed '$$d'
	@echo "Full report: report/report.md, report/report.html (charts), report/results.csv"

# A Debian package of the Release build (CPack; dependencies from dpkg-shlibdeps), and an
# install under PREFIX (default /usr/local).
deb: build
	cd $(BUILD) && cpack -G DEB
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# Sanitizer builds: address+undefined over everything, thread over the models. Instrumented
# executables start and run several times slower, so the tests that bound a duration or an
# overlap (and procs' memory per unit, which ASan's shadow memory swamps) run in `make test`
# only; every other test runs under the sanitizers too. lab advise's end-to-end test runs fibers
# in its calibration, which ThreadSanitizer cannot follow: it runs under address+undefined only.
TIME_BOUND_TESTS := open loop keeps its schedule|every model runs io against a real lab-server|fitted cost per unit|interrupted by SIGINT|answered at once while 200 heavy gauss|hostile: every hostile case
# The sanitizer and fuzz builds compile at -O1 (what the sanitizers' and libFuzzer's own
# documentation use) with line tables only (-g1: every frame of a report still has its
# file:line, inlined ones too), not RelWithDebInfo's -O2 -g: instrumented code compiles in
# about half the time. They build lab_tests (which brings the executables it runs), not bench/.
SANITIZE_BUILD := -DCMAKE_BUILD_TYPE=RelWithDebInfo '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG'
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	cmake -S . -B build-asan $(SANITIZE_BUILD) -DLAB_SANITIZE=address,undefined >/dev/null
	cmake --build build-asan -j $(JOBS) --target lab_tests
	ctest --test-dir build-asan --output-on-failure -j $(JOBS) -LE cluster -E '$(TIME_BOUND_TESTS)'

sanitize-thread: deps
	cmake -S . -B build-tsan $(SANITIZE_BUILD) -DLAB_SANITIZE=thread >/dev/null
	cmake --build build-tsan -j $(JOBS) --target lab_tests
	ctest --test-dir build-tsan --output-on-failure -j $(JOBS) -LE cluster -R 'model|workload|spawn|switch|yield|io:|net:' \
	    -E 'fibers|lab advise|$(TIME_BOUND_TESTS)'

# libFuzzer over the four parsers of outside input (fuzz/*_fuzz.cpp), address+undefined
# sanitizers on, each for FUZZ_SECONDS from its corpus in fuzz/corpus/<target>/. New inputs
# go to build-fuzz/corpus/ (not the repository's corpus); a crash leaves its input in
# build-fuzz/ and fails the target.
fuzz: fuzz-deps
	CXX=$(FUZZ_CXX) cmake -S . -B build-fuzz $(SANITIZE_BUILD) -DLAB_FUZZ=ON \
	    -DLAB_SANITIZE=address,undefined >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build-fuzz/corpus/$$t && \
	    echo "fuzz $$t: $(FUZZ_SECONDS) s" && \
	    build-fuzz/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=1024 -timeout=10 \
	        -artifact_prefix=build-fuzz/$$t- -print_final_stats=1 \
	        build-fuzz/corpus/$$t fuzz/corpus/$$t 2>build-fuzz/$$t.log || { tail -40 build-fuzz/$$t.log; exit 1; }; \
	    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE' build-fuzz/$$t.log; \
	done

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz
