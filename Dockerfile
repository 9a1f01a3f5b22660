# syntax=docker/dockerfile:1
# slabot in a container: a static binary on distroless, run as a non-root
# user, the SQLite database in the /data volume (or DATABASE_URL=postgres://…).
#   docker build -t slabot .
#   docker run -d -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN -v slabot-data:/data slabot
# See docs/operations.md.

ARG GO_VERSION=1.26
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# CGO off: the SQLite driver is pure Go, and the binary needs no libc.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/slabot ./cmd/slabot \
 && mkdir -p /out/rootfs/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/slabot /usr/local/bin/slabot
# /data belongs to the runtime user, so a new named volume is writable.
COPY --from=build --chown=65532:65532 /out/rootfs/ /
ENV DATABASE_URL=/data/slabot.db \
    SLABOT_HTTP_ADDR=0.0.0.0:8080
VOLUME /data
EXPOSE 8080
# distroless' "nonroot"; numeric so that runAsNonRoot can check it.
USER 65532:65532
# No curl in the image: the binary asks its own /healthz (503 until the
# database answers and the Slack socket is up).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/slabot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/slabot"]
CMD ["run"]
