# Configure and build the project into $CLARA_BUILD_DIR (default ./build).
# Source this file; `clara_build [targets...]` builds (everything by default).

CLARA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLARA_BUILD_DIR="${CLARA_BUILD_DIR:-$CLARA_ROOT/build}"

clara_build() {
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  if [ ! -f "$CLARA_BUILD_DIR/build.ninja" ]; then
    echo "build: configuring $CLARA_BUILD_DIR" >&2
    cmake -S "$CLARA_ROOT" -B "$CLARA_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  echo "build: compiling${*:+ $*} (first build takes several minutes on 2 cores)" >&2
  cmake --build "$CLARA_BUILD_DIR" --parallel "$jobs" ${*:+--target "$@"}
}
