# syntax=docker/dockerfile:1
# careerbot container image. Build: docker build -t careerbot .   (needs BuildKit, the default
# since Docker 23). Default command: HTTP interactions endpoint on 8080, health/metrics on 9090;
# set DISCORD_PUBLIC_KEY (and optionally DISCORD_TOKEN). See deploy/README.md.

FROM rust:1.88-bookworm AS builder
WORKDIR /src
# Only what the build reads: benches/ must be present because Cargo.toml declares [[bench]]
# targets and cargo refuses a manifest whose declared targets are missing.
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
# Dependency caching uses BuildKit cache mounts instead of a dummy-src layer: the cargo registry
# and target/ persist between builds on this builder, so a source change recompiles only
# careerbot, and no stub main.rs/lib.rs/benches have to be faked and re-touched. target/ is not
# part of any layer, so the binary is copied out in the same RUN. (CI runners without a
# persistent builder start cold; export the cache with buildx --cache-to type=local if needed.)
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git/db \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked --bin careerbot \
    && cp target/release/careerbot /usr/local/bin/careerbot

FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="careerbot" \
      org.opencontainers.image.description="Discord bot answering tech-career questions from a folder of career-path documents" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.source="https://github.com/your-org/careerbot"
# No ca-certificates: careerbot trusts only the Mozilla roots compiled into it (rustls +
# webpki-roots; Cargo.lock has no rustls-native-certs or openssl) and never reads /etc/ssl. On
# bookworm the package would also pull in openssl and libssl3 (several MB, and scanner noise)
# for nothing. If a dependency ever switches to the system trust store, add to this RUN:
#   apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 careerbot \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin careerbot \
    && mkdir -p /app/index \
    && chown 10001:10001 /app/index
WORKDIR /app
COPY --from=builder /usr/local/bin/careerbot /usr/local/bin/careerbot
# Default content (content.dir defaults to "content", relative to /app) and the documented
# config for reference (careerbot --config /app/config.example.toml ...). Owned by root: read-only.
COPY content ./content
COPY config.example.toml ./config.example.toml
# /app/index holds the generated search index (index.dir defaults to "index"). It is rebuilt
# when missing, so in production mount a volume here (or point --index/index.dir at one):
# with a read-only root filesystem careerbot would otherwise fall back to an in-memory index.
USER 10001:10001
EXPOSE 8080 9090
STOPSIGNAL SIGTERM
ENTRYPOINT ["careerbot"]
CMD ["serve", "--http", "0.0.0.0:8080", "--ops-addr", "0.0.0.0:9090"]
