# syntax=docker/dockerfile:1
# writer's image for CI jobs: Node 20, Python 3 with Robot Framework, RobotCode's analyzer and Robocop, and
# writer installed from its own package tarball, run as the base image's unprivileged user `node`. Build it from a clone:
#   docker build -t writer .
# The build stages hold the compilers' and installers' leftovers; the last stage copies only what runs.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim
# The Debian version of python3 in bookworm, the base image's release.
ARG PYTHON3_DEB=3.11.2-1+b1

# 1. The package exactly as npm publishes it: compiled, then packed.
FROM ${NODE_IMAGE} AS package
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json LICENSE README.md ./
COPY bin ./bin
COPY src ./src
COPY prompts ./prompts
COPY schemas ./schemas
COPY specs ./specs
COPY examples ./examples
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mv /tmp/writer-robot-writer-*.tgz /tmp/writer.tgz

# 2. writer and its runtime dependencies, from that tarball.
FROM ${NODE_IMAGE} AS install
COPY --from=package /tmp/writer.tgz /tmp/writer.tgz
RUN npm install --global --prefix /opt/writer --omit=dev --no-audit --no-fund /tmp/writer.tgz

# 3. The Python tools, pinned with everything they pull in, in a virtual environment without its installers.
FROM ${NODE_IMAGE} AS python
ARG PYTHON3_DEB
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3="${PYTHON3_DEB}" python3-venv="${PYTHON3_DEB}" \
 && rm -rf /var/lib/apt/lists/*
COPY requirements-image.txt /tmp/requirements-image.txt
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements-image.txt \
 && /opt/venv/bin/pip uninstall --yes --disable-pip-version-check pip setuptools

# 4. The image: Node (from the base), Python's interpreter, the virtual environment and writer.
FROM ${NODE_IMAGE}
ARG PYTHON3_DEB
LABEL org.opencontainers.image.title="writer" \
      org.opencontainers.image.description="Writes Robot Framework test suites from JSON specs with an LLM, reading the repository through an MCP server." \
      org.opencontainers.image.licenses="MIT"
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3="${PYTHON3_DEB}" \
 && rm -rf /var/lib/apt/lists/*
COPY --from=python /opt/venv /opt/venv
COPY --from=install /opt/writer /opt/writer
# The virtual environment first: its python3 is the one writer runs Robot Framework's parser with.
ENV PATH=/opt/writer/bin:/opt/venv/bin:$PATH
# The base image's user node, by number so that a runner can tell it is not root.
USER 1000:1000
WORKDIR /home/node
ENTRYPOINT ["writer"]
CMD ["--help"]
