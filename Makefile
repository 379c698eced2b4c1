# poollint developer tasks. Only `go` is needed; make is a convenience.
GO ?= go
FUZZSCALE ?= 10

.PHONY: build test lint bench fuzz ci
build:
	$(GO) build -o bin/poollint ./cmd/poollint

test:
	$(GO) test ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

BENCH_FILES ?= 10000

# Micro-benchmarks of each parser and the rule engine, then a full scan of a
# synthetic monorepo of BENCH_FILES files (files/s, MB/s, peak RSS).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) run ./tools/benchrepo -files $(BENCH_FILES)

# Every fuzz target, FUZZSCALE times CI's budget; crashers land in the
# package's testdata/fuzz.
fuzz:
	FUZZSCALE=$(FUZZSCALE) bash .ci/fuzz

ci:
	bash .ci/run
