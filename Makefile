# namespace_exporter — the two commands a newcomer needs:
#   make run    install what is missing, build release, serve on :9819
#   make test   install what is missing, build, run every test
# Both expect a Debian/Ubuntu machine and root (tests create namespaces).

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift
ARGS ?=
APT_PACKAGES := libcap-dev libcap2-bin libcrypt-dev zlib1g-dev util-linux iproute2 prometheus curl openssl gdb python3 python3-pip gcc binutils systemd mmdebstrap podman runc catatonit chromium chromium-driver
BENCH_APT_PACKAGES := hyperfine wrk prometheus-node-exporter
# Oracles for the tests: a second exposition parser (text and OpenMetrics),
# a JSON Schema validator, the Kubernetes schemas, a browser driver (for
# Debian's chromium and chromedriver: its own download cannot work here).
PIP_PACKAGES := prometheus-client==0.26.0 check-jsonschema==0.39.0 kubernetes-validate==1.37.0 bcrypt==5.0.0 selenium==4.50.0

.PHONY: all build release dist stamp test-dist test-containers test-ui minbase run test golden bench bench-micro deps bench-deps clean help fuzz fuzz-build test-asan test-tsan soak

all: build

help:
	@echo "make run     build release and serve on :9819 (ARGS='--web.listen-address=:9100' to pass flags)"
	@echo "make test    run every test (as root)"
	@echo "make dist    a static, stripped release: dist/namespace_exporter-VERSION.linux-ARCH.tar.gz and dist/namespace-exporter_VERSION_ARCH.deb"
	@echo "make test-containers   containers, pods and the image against a real podman (after make dist; part of make test)"
	@echo "make test-ui   the page at /ui in headless chromium: counts, live updates, detail, leaks, probes, hostile names, auth; screenshots in .build/ui-test/ (part of make test)"
	@echo "make golden  refresh Tests/Fixtures/proc-basic.metrics after an intended change"
	@echo "make bench   every performance figure beside its limit (sample, events, serve, churn, probe, per-namespace stats, micro): a table and bench/results.json (BENCH_N='1000 10000', see README)"
	@echo "make bench-micro   in-process micro-benchmarks of the /proc parsers and the renderer (Benchmarks/); table, and JSON in bench/out/micro/"
	@echo "make fuzz    libFuzzer over the /proc parsers and the HTTP request path (FUZZ_SECONDS=60 per target)"
	@echo "make test-asan / test-tsan   the test suite under AddressSanitizer / ThreadSanitizer"
	@echo "make soak    scrapes 50/s, probes 5/s, 100 namespaces/s for SOAK_SECONDS=600; holdings before = after"

# apt-get only what is missing: a prepared machine does not touch the network.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@# Debian's own python3 refuses pip installs outside a venv (PEP 668): allow it there.
	@{ python3 -c 'import prometheus_client, bcrypt, selenium' && command -v check-jsonschema && command -v kubernetes-validate; } >/dev/null 2>&1 || python3 -m pip install --quiet $(PIP_PACKAGES) \
		|| python3 -m pip install --quiet --break-system-packages $(PIP_PACKAGES)
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install Swift 6.2+ (expected at /opt/swift)"; exit 1; }

bench-deps: deps
	@missing=$$(for p in $(BENCH_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The revision, branch and date that --version and build_info report.
stamp:
	@scripts/build-stamp.sh

build: deps stamp
	$(SWIFT) build

# The one release configuration: the Swift runtime linked in, so the binary
# runs where Swift is not installed (make run, make bench and make dist all
# use it).
release: deps stamp
	$(SWIFT) build -c release --static-swift-stdlib --product namespace_exporter

dist: release
	scripts/dist.sh .build/release/namespace_exporter

# A Debian minbase tree as a tarball, made once and kept in .build/: the
# dist tests install the .deb into it, the container tests import it as
# their base image (no registry is needed). mmdebstrap picks the format from
# the name, which must end in .tar.
MINBASE := .build/minbase-bookworm.tar
minbase: $(MINBASE)
$(MINBASE):
	@mkdir -p $(@D)
	rm -rf $(@D)/minbase-bookworm.part.tar
	mmdebstrap --quiet --variant=minbase bookworm $(@D)/minbase-bookworm.part.tar
	mv $(@D)/minbase-bookworm.part.tar $@

# The dist artifacts where there is no Swift, installed by dpkg into the minbase tree.
test-dist: dist minbase
	python3 Tests/Dist/test_dist.py -v

# Containers and pods from a real podman, and the image built from the dist
# binary and run as the DaemonSet runs it.
test-containers: dist minbase
	python3 Tests/Containers/test_containers.py -v

# The page at /ui in a real browser (Debian's headless chromium, selenium).
test-ui: release
	python3 Tests/UI/test_ui.py -v

run: release
	./.build/release/namespace_exporter $(ARGS)

# One build configuration (debug) for all tests: a second one costs minutes.
test: deps stamp
	$(SWIFT) build --build-tests
	@# Serial: tests make real namespaces, and a parallel test could take a freed inode or be counted.
	$(SWIFT) test --no-parallel
	$(MAKE) test-dist
	$(MAKE) test-containers
	$(MAKE) test-ui
	@# A short run of every fuzz target; `make fuzz` runs them longer.
	$(MAKE) fuzz FUZZ_SECONDS=10

FUZZ_SECONDS ?= 60
# The fuzzers are their own package (Fuzz/): everything they link is built
# with libFuzzer's coverage instrumentation, apart from the main build.
fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld

fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_SECONDS)

# Each sanitizer builds in a scratch folder of its own (a full build each).
# Tests that start probe children are skipped there: the child runs on a
# stack the sanitizer runtime never saw (see README, Tests).
test-asan: deps
	NAMESPACE_EXPORTER_SANITIZER=address LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan.supp \
		$(SWIFT) test --no-parallel --sanitize=address --scratch-path .build-asan

test-tsan: deps
	NAMESPACE_EXPORTER_SANITIZER=thread $(SWIFT) test --no-parallel --sanitize=thread --scratch-path .build-tsan

SOAK_SECONDS ?= 600
soak: release
	python3 bench/soak.py .build/release/namespace_exporter $(SOAK_SECONDS)

golden: deps
	UPDATE_GOLDEN=1 $(SWIFT) test --filter GoldenMetricsTests
	git diff --stat Tests/Fixtures/

bench: bench-deps release
	EXPORTER=.build/release/namespace_exporter bench/sample-bench.sh
	EXPORTER=.build/release/namespace_exporter bench/serve-bench.sh
	EXPORTER=.build/release/namespace_exporter bench/events-bench.sh
	EXPORTER=.build/release/namespace_exporter bench/churn-bench.sh
	EXPORTER=.build/release/namespace_exporter bench/probe-bench.sh
	EXPORTER=.build/release/namespace_exporter bench/netns-stats-bench.sh
	EXPORTER=.build/release/namespace_exporter python3 bench/ui-bench.py 1000 5
	$(MAKE) bench-micro
	python3 bench/results.py

# In-process micro-benchmarks (Benchmarks/, ordo-one's package-benchmark): one
# measured run kept as the baseline "micro" (Benchmarks/.benchmarkBaselines/),
# then read back twice: printed as a table, and exported as JMH JSON, whose
# primaryMetric/secondaryMetrics hold each metric's percentiles.
MICRO_OUT := bench/out/micro
bench-micro: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark baseline update micro --no-progress
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark baseline read micro --format markdown
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark baseline read micro --format jmh --path $(CURDIR)/$(MICRO_OUT)

clean:
	rm -rf dist .build .build-asan .build-tsan Fuzz/.build Fuzz/out Benchmarks/.build Benchmarks/.benchmarkBaselines bench/out
