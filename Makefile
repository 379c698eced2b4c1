# poollint developer tasks. Only `go` is needed; make is a convenience.
GO ?= go
FUZZSCALE ?= 10

.PHONY: build test lint bench fuzz ci release-snapshot image
build:
	$(GO) build -o bin/poollint ./cmd/poollint

test:
	$(GO) test ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

BENCH_FILES ?= 10000

# Micro-benchmarks of each parser and the rule engine, the shared corpus as a
# real-world scan (scan's BenchmarkCorpus, skipped without ../shared: time,
# allocations, parses/file — 1.0 when every file is parsed once per scan),
# then a full scan of a synthetic monorepo of BENCH_FILES files (files/s,
# MB/s, peak RSS).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) run ./tools/benchrepo -files $(BENCH_FILES)

# Every fuzz target, FUZZSCALE times CI's budget; crashers land in the
# package's testdata/fuzz.
fuzz:
	FUZZSCALE=$(FUZZSCALE) bash .ci/fuzz

ci:
	bash .ci/run

# What a release publishes, built locally without publishing: the binaries
# .goreleaser.yaml declares, their archives, an SBOM per binary and
# checksums.txt, in dist/. Only Go is needed (tools/release reads the
# goreleaser file); RELEASE_FLAGS=--single-target builds this machine's only.
release-snapshot:
	$(GO) run ./tools/release --clean $(RELEASE_FLAGS)

# The container image from the snapshot's build context (not part of CI).
# Needs buildah, podman or docker buildx; the base image must be pullable,
# otherwise IMAGE_DOCKERFILE=Dockerfile.scratch builds the same image on an
# empty base. Inside a container, buildah may need STORAGE_DRIVER=vfs
# BUILDAH_ISOLATION=chroot in the environment.
IMAGE ?= poollint:snapshot
IMAGE_DOCKERFILE ?= Dockerfile
IMAGE_BUILDER ?= $(shell command -v buildah || command -v podman || echo docker buildx)
image:
	@test -d dist/container/poollint || { echo "no dist/container/poollint: run make release-snapshot first"; exit 1; }
	cd dist/container/poollint && $(IMAGE_BUILDER) build --platform linux/$$($(GO) env GOARCH) -f $(IMAGE_DOCKERFILE) -t $(IMAGE) .
