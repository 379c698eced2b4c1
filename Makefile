# poollint developer tasks. Only `go` is needed; make is a convenience.
GO ?= go
FUZZTIME ?= 10s

.PHONY: build test lint bench fuzz ci
build:
	$(GO) build -o bin/poollint ./cmd/poollint

test:
	$(GO) test ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Each parser's fuzz target for a short budget; crashers land in testdata/fuzz.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./parsers/internal/jsonpos
	$(GO) test -run '^$$' -fuzz '^FuzzEval$$' -fuzztime $(FUZZTIME) ./parsers/arm/armexpr
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./parsers/arm
	$(GO) test -run '^$$' -fuzz '^FuzzBicepParam$$' -fuzztime $(FUZZTIME) ./parsers/arm
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./parsers/terraform
	$(GO) test -run '^$$' -fuzz '^FuzzPlan$$' -fuzztime $(FUZZTIME) ./parsers/terraform
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./parsers/yaml

ci:
	bash .ci/run
