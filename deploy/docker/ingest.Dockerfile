# syntax=docker/dockerfile:1
# clara-ingest: Teamtailor webhook intake, job sync, IntegrationService (gRPC), and
# clara-pdf-text, the sandboxed PDF text helper it runs per résumé.
#
#   docker build -f deploy/docker/ingest.Dockerfile -t ghcr.io/clara-ai/clara-ingest:0.1.0 .
#
# Build from the repository root (the build context; ingest.Dockerfile.dockerignore
# keeps build trees and node_modules out of it). Both stages are derived from
# tools/packages.txt, by the rule in deploy/docker/runtime-packages.txt;
# tests/deploy/dockerfiles_test.mjs checks that the lists agree.

# Debian 12, the release tools/setup targets. Pin a digest for reproducible builds:
#   --build-arg DEBIAN_IMAGE=debian:bookworm-slim@sha256:...
ARG DEBIAN_IMAGE=debian:bookworm-slim

# ---- build: the build tools and every -dev package of tools/packages.txt ----
FROM ${DEBIAN_IMAGE} AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config git \
      libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev libabsl-dev \
      libpqxx-dev prometheus-cpp-dev libcurl4-openssl-dev libcpp-httplib-dev nlohmann-json3-dev \
      libssl-dev libpoppler-cpp-dev libstemmer-dev libicu-dev libhpdf-dev \
      libgtest-dev libgmock-dev libbenchmark-dev libclang-rt-14-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# One output folder for every executable, so the COPY below does not depend on
# where the target's CMakeLists.txt lives.
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      -DCMAKE_RUNTIME_OUTPUT_DIRECTORY=/out/bin \
 && cmake --build /build --target clara-ingest clara-pdf-text \
 && strip --strip-unneeded /out/bin/clara-ingest /out/bin/clara-pdf-text

# ---- runtime: only the shared libraries (runtime-packages.txt), non-root ----
FROM ${DEBIAN_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libgrpc++1.51 libgrpc29 libprotobuf32 libabsl20220623 libpqxx-6.4 libpq5 \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcurl4 libcpp-httplib0.11 \
      libssl3 libpoppler-cpp0v5 libstemmer0d libicu72 libhpdf-2.3.0 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 clara \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin clara
COPY --from=build /out/bin/clara-ingest /usr/local/bin/clara-ingest
# The PDF text helper clara-ingest runs per résumé under limits (its
# --pdf_text_helper default: beside the clara-ingest binary).
COPY --from=build /out/bin/clara-pdf-text /usr/local/bin/clara-pdf-text
# Numeric, so that runAsNonRoot can verify it without /etc/passwd.
USER 10001:10001
# http (webhooks, /healthz, /readyz), gRPC, metrics
EXPOSE 8080 50051 9101
ENTRYPOINT ["/usr/local/bin/clara-ingest"]
