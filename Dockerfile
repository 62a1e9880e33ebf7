# rete in a container: a static binary on a distroless base, run as a
# non-root user, data in the /data volume. Build from the repository root:
#
#   docker build -t rete \
#     --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) .
#
# deploy/compose.yaml runs it with Prometheus.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=""
ARG BUILD_DATE=""
# timetzdata embeds the time zone database, so communities' time zones
# work on any base image.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION} -X main.buildDate=${BUILD_DATE}" \
      -o /out/rete ./cmd/rete \
 && mkdir -p /out/data

# distroless/static: CA certificates (the platforms' APIs are HTTPS), no
# shell, no package manager; uid 65532 "nonroot".
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/rete /usr/local/bin/rete
COPY --from=build --chown=65532:65532 /out/data /data
COPY deploy/config.yaml /etc/rete/config.yaml
USER 65532:65532
VOLUME /data
EXPOSE 8080
# The image has no curl: rete probes its own /healthz, on http.listen.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/rete", "healthcheck", "--config", "/etc/rete/config.yaml"]
ENTRYPOINT ["/usr/local/bin/rete"]
CMD ["serve", "--config", "/etc/rete/config.yaml", "--data", "/data"]
