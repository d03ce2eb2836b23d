# The two commands of the README. Each installs missing Debian packages, configures and builds.
#   make run    open the workbench on the built-in demo (headless without a display: writes figures)
#   make test   build everything with tests and run them through ctest under xvfb-run
# Other targets: make build, make bench, make bench-compare, make package, make asan, make asan-core, make tsan,
# make fuzz, make format, make format-check, make tsan-core, make clean.

PRESET ?= release
BUILD_DIR = build/$(PRESET)
JOBS ?= $(shell nproc)
DEMO_OUT ?= demo-output
FUZZ_SECONDS ?= 30

.PHONY: all deps configure build run test test-ci bench bench-compare package asan asan-core tsan tsan-core fuzz format format-check clean

all: build

deps:
	@./scripts/setup-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@./scripts/run-demo.sh $(BUILD_DIR) $(DEMO_OUT)

test:
	@$(MAKE) --no-print-directory PRESET=$(if $(CI),ci,$(PRESET)) test-preset

test-preset: build
	@./scripts/run-tests.sh $(BUILD_DIR)

bench: build
	@./scripts/run-bench.sh $(BUILD_DIR)

# Our training step against PyTorch's, interleaved, into docs/results/bench_compare.md. Debian's
# python3 on purpose: python3-torch installs there, whatever python3 comes first on the PATH.
bench-compare: configure
	@./scripts/setup-deps.sh --with-peer
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target bench_training_step
	@/usr/bin/python3 ./scripts/bench-compare.py $(BUILD_DIR)

# The Debian package $(BUILD_DIR)/mtw_<version>_amd64.deb (packaging/README.md). The package tools
# first, so that configure finds help2man and rsvg-convert; then only what the package holds is built.
package:
	@./scripts/setup-deps.sh --with-package
	@$(MAKE) --no-print-directory configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target mtw_package_files
	@cd $(BUILD_DIR) && cpack -G DEB

asan:
	@$(MAKE) --no-print-directory PRESET=asan test-preset

tsan:
	@$(MAKE) --no-print-directory PRESET=tsan test-preset

# AddressSanitizer + UBSan over the compute core's suites (no GUI), warnings as errors.
asan-core:
	@$(MAKE) --no-print-directory PRESET=asan-core test-preset

# ThreadSanitizer over the suites where threads meet (CI): the trainer's TBB steps, run jobs and
# their follower, and the session's worker QThread. Builds only those suites.
TSAN_SUITES = tst_trainer tst_run_job tst_run_follower tst_training_session
tsan-core: deps
	@cmake --preset tsan-core >/dev/null
	@cmake --build build/tsan-core -j $(JOBS) --target $(TSAN_SUITES)
	@./scripts/run-tsan.sh build/tsan-core $(TSAN_SUITES)

# Every C++ file under src/, tests/ and bench/ must be clang-formatted (CI runs this; make format fixes).
format-check:
	@./scripts/setup-deps.sh --with-format
	@./scripts/format-check.sh

# The libFuzzer targets of the parsers (clang, ASan + UBSan), FUZZ_SECONDS each on the seed corpus
# (tests/fuzz/README.md). Its own build folder, whatever PRESET says: the flags differ.
fuzz:
	@./scripts/setup-deps.sh --with-fuzz
	@JOBS=$(JOBS) ./scripts/fuzz.sh build/fuzz $(FUZZ_SECONDS)

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	@rm -rf build
