# The release image, built by goreleaser's dockers_v2 from the release
# binaries (see .goreleaser.yaml; `make image` builds it from a snapshot).
# A static binary on distroless/static, run as its non-root user:
#
#   docker run --rm -v "$PWD:/src" ghcr.io/poollint/poollint:v0.1.0 scan .
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY ${TARGETPLATFORM}/poollint /usr/local/bin/poollint
COPY LICENSE NOTICE THIRD_PARTY_LICENSES.md /usr/share/doc/poollint/
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["poollint"]
CMD ["scan", "."]
