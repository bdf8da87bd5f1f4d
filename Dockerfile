# pledgewatch in a container: `docker build -t pledgewatch .`, then
# `docker run -p 3000:3000 -v pledgewatch:/data pledgewatch` (SQLite in the volume), or
# deploy/compose.yaml for PostgreSQL with a separate mail worker.

# Build stage: the toolchain pinned in rust-toolchain.toml is installed by rustup here.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p pledgewatch --bin pledgewatch

# Run stage: the binary alone (it embeds its templates, stylesheet, seed data and the
# Mozilla CA roots, so nothing else is copied).
FROM debian:bookworm-slim
# A fixed non-root user that owns the data volume and nothing else.
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin pledgewatch \
    && mkdir -p /data/mail \
    && chown -R pledgewatch:pledgewatch /data
COPY --from=build /src/target/release/pledgewatch /usr/local/bin/pledgewatch
# The database and the .eml folder live in /data; all interfaces, as the port is
# published by the runtime. Override DATABASE_URL (or DATABASE_URL_FILE) for PostgreSQL.
ENV DATABASE_URL=sqlite:///data/pledgewatch.db?mode=rwc \
    PLEDGEWATCH_MAIL_DIR=/data/mail \
    PLEDGEWATCH_BIND=0.0.0.0:3000
VOLUME ["/data"]
# The working directory is not writable by the user: everything written goes to /data.
WORKDIR /
USER pledgewatch
EXPOSE 3000
# `healthcheck` asks /healthz on PLEDGEWATCH_BIND and exits 0 or 1 (no curl needed).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["pledgewatch", "healthcheck"]
CMD ["pledgewatch", "serve"]
