#!/usr/bin/env bash
# Talk to `ponder serve` with curl. Start the servers first:
#   ponder sim --port 8000 &
#   ponder serve --endpoint http://127.0.0.1:8000 --port 8080 &
set -euo pipefail
PONDER=${PONDER:-http://127.0.0.1:8080}
QUESTION="Start with 12. Add 7. Multiply the result by 3. Subtract 5. What is the result?"

# The models: the policy model and every preset applied to it (PRESET/MODEL).
curl -s "$PONDER/v1/models"; echo

# A preset chosen by the model id; the `ponder` object in the answer says how it was found.
curl -s "$PONDER/v1/chat/completions" -H 'Content-Type: application/json' -d @- <<JSON; echo
{"model": "best-of-16/sim-reasoner", "messages": [{"role": "user", "content": "$QUESTION"}]}
JSON

# A strategy and a budget in the body; streamed, with progress chunks and a final usage chunk.
curl -sN "$PONDER/v1/chat/completions" -H 'Content-Type: application/json' -d @- <<JSON
{"model": "sim-reasoner", "stream": true, "stream_options": {"include_usage": true},
 "messages": [{"role": "user", "content": "$QUESTION"}],
 "ponder": {"strategy": "beam-prm", "budget": {"max_tokens_total": 6000, "deadline_ms": 10000}}}
JSON

# A raw text prompt through /v1/completions, answered by self-consistency.
curl -s "$PONDER/v1/completions" -H 'Content-Type: application/json' -d @- <<JSON; echo
{"model": "self-consistency/sim-reasoner", "prompt": "$QUESTION\nSolve it step by step.\n"}
JSON

# Every response carries X-Request-Id; the search tree of that request is kept for a while.
ID=$(curl -s -D - -o /dev/null "$PONDER/v1/chat/completions" -H 'Content-Type: application/json' \
  -d "{\"model\": \"beam-prm/sim-reasoner\", \"messages\": [{\"role\": \"user\", \"content\": \"$QUESTION\"}]}" \
  | tr -d '\r' | awk -F': ' 'tolower($1) == "x-request-id" {print $2}')
curl -s "$PONDER/v1/ponder/traces/$ID" | head -c 400; echo

# Prometheus metrics.
curl -s "$PONDER/metrics" | grep -E '^ponder_(requests|tokens|backend_calls)_total' | head
