# govsearch — see README.md. `make demo` and `make test` work on a fresh Debian machine.
# Swift lives at /opt/swift on these machines; put it on PATH for every recipe.
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT      ?= swift
BIN        := .build/release/govsearch
INDEX      ?= index
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS   := libxapian-dev zlib1g-dev xapian-tools poppler-utils antiword python3-xlrd tesseract-ocr tesseract-ocr-chi-sim

.PHONY: deps build debug test demo bench bench-100k accuracy clean

# Installs the system packages when they are missing.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: put /opt/swift/usr/bin on PATH"; exit 2; }

build: deps
	$(SWIFT) build -c release --product govsearch

debug: deps
	$(SWIFT) build

# The page's browser test runs too where Chromium is installed (`make test-browser` installs it).
test: deps
	$(SWIFT) test
	@if command -v chromium >/dev/null 2>&1; then SKIP_BUILD=1 KEEP_DOCS=1 scripts/test-browser.sh; \
	else echo "test-browser: skipped (no chromium here; make test-browser installs it and runs it)"; fi

demo: build
	$(BIN) index Fixtures --index $(INDEX)
	$(BIN) "依申请公开 year:2020" --index $(INDEX)

bench: build
	scripts/bench.sh

# The 100,000-report run (issue 25's figures at that size); the slow n-gram peer only with BENCH_NGRAM=1.
bench-100k: build
	BENCH_N=100000 BENCH_NGRAM=$${BENCH_NGRAM:-0} scripts/bench.sh

accuracy: build
	GOVSEARCH=$(BIN) python3 scripts/accuracy.py

clean:
	rm -rf .build

# `govsearch serve`: load test (wrk, release build), headless-browser test of the page, API fuzzing (schemathesis).
.PHONY: bench-serve test-browser fuzz-api
bench-serve: deps
	scripts/bench-serve.sh

test-browser: deps
	scripts/test-browser.sh

fuzz-api: deps
	scripts/fuzz-api.sh

# libFuzzer targets (Fuzz/, docs/fuzzing.md): each runs FUZZ_SECONDS, one at a time, from its seed corpus
# Fuzz/Corpus/<target> into a grown corpus under $(FUZZ_WORK) (not committed). Crashes are copied to
# $(FUZZ_WORK)/crashes and fail the run. FUZZ_TARGETS picks some, e.g. `make fuzz FUZZ_TARGETS="query xml"`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= query text-decoder html zip xml ole statistics
FUZZ_WORK    ?= Fuzz/work
FUZZ_FLAGS   ?= -rss_limit_mb=2048 -timeout=60
# Release: what govsearch ships (Swift keeps its bounds and overflow checks), several times the executions of debug.
.PHONY: fuzz fuzz-build
fuzz-build: deps
	$(SWIFT) build -c release --package-path Fuzz --scratch-path Fuzz/.build -Xswiftc -sanitize=fuzzer,address

fuzz: fuzz-build
	scripts/fuzz.sh "$(FUZZ_SECONDS)" "$(FUZZ_WORK)" "$(FUZZ_FLAGS)" $(FUZZ_TARGETS)
