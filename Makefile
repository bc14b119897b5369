# Two commands on a fresh Debian 12 machine: `make demo` and `make test`.
# Every target that builds installs what is missing first, so each works alone.

BUILD    ?= build
JOBS     ?= $(shell nproc)
PACKAGES := g++ cmake make libboost1.81-all-dev doctest-dev gnuplot-nox
# Optional: stress-ng gives the `reference` scenario's independent figures (without it that
# scenario records a failed run saying so); chromium lets the tests look at report.html as a
# person would (without it that test says it was skipped).
OPTIONAL := stress-ng chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LAB      := $(BUILD)/bin/lab

.PHONY: all deps build test demo deb install sanitize sanitize-address sanitize-thread clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@for p in $(OPTIONAL); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$p >/dev/null 2>&1 || \
	    echo "optional $$p not installed (what needs it says so)"; \
	done

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

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

# Sanitizer builds: address+undefined over everything, thread over the models.
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLAB_SANITIZE=address,undefined >/dev/null
	cmake --build build-asan -j $(JOBS)
	ctest --test-dir build-asan --output-on-failure -j $(JOBS)

sanitize-thread: deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLAB_SANITIZE=thread >/dev/null
	cmake --build build-tsan -j $(JOBS)
	ctest --test-dir build-tsan --output-on-failure -j $(JOBS) -R 'model|workload|spawn|switch|yield|io:|net:'

clean:
	rm -rf $(BUILD) build-asan build-tsan
