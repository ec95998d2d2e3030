#!/usr/bin/env bash
# Installs optillm 0.4.0 in a virtualenv outside the repository, once, and prints the path of its
# `optillm` executable (the only thing on standard output; pip's chatter goes to standard error).
#
#   OPTILLM="$(Benchmarks/optillm/setup.sh)"
#
# A plain `pip install optillm` pulls in torch and can stall the resolver (issue 8), so optillm goes in
# without its dependencies and then only what its core approaches import. Plugins that need torch or
# spacy log an error at start-up and are skipped; `none`, `bon` and `self_consistency` load.
# Idempotent: a venv whose optillm imports and reports 0.4.0 is left as it is.
set -euo pipefail

VERSION=0.4.0
CACHE="${PONDER_CACHE:-$HOME/.cache/ponder}"
VENV="$CACHE/optillm-venv"
PYTHON="${PYTHON:-python3}"

installed() {
    [[ -x "$VENV/bin/optillm" ]] &&
        [[ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("optillm"))' 2>/dev/null)" == "$VERSION" ]] &&
        "$VENV/bin/python" -c 'import flask, openai, numpy, networkx, z3, aiohttp, math_verify, sympy, yaml, httpx, tiktoken' 2>/dev/null
}

if ! installed; then
    mkdir -p "$CACHE"
    [[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV" >&2
    "$VENV/bin/pip" install --quiet --upgrade pip >&2
    "$VENV/bin/pip" install --no-deps "optillm==$VERSION" >&2
    "$VENV/bin/pip" install flask openai numpy networkx 'z3-solver<=4.15.4.0' aiohttp cerebras_cloud_sdk \
        math-verify sympy pyyaml httpx requests tiktoken >&2
    installed || { echo "setup.sh: optillm $VERSION did not install into $VENV" >&2; exit 1; }
fi

echo "$VENV/bin/optillm"
