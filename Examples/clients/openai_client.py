"""Use `ponder serve` from the official OpenAI Python client: only the base URL changes.

Start the servers first:
    ponder sim --port 8000 &
    ponder serve --endpoint http://127.0.0.1:8000 --port 8080 &
then: python3 Examples/clients/openai_client.py
"""
import os

from openai import OpenAI

client = OpenAI(base_url=os.environ.get("PONDER", "http://127.0.0.1:8080") + "/v1", api_key="unused")
question = "Start with 12. Add 7. Multiply the result by 3. Subtract 5. What is the result?"

# A preset by model id.
reply = client.chat.completions.create(
    model="best-of-16/sim-reasoner", messages=[{"role": "user", "content": question}])
print(reply.choices[0].message.content)
print("usage:", reply.usage)
print("strategy:", reply.model_extra["ponder"]["strategy"], "calls:", reply.model_extra["ponder"]["calls"])

# A strategy and budget through extra_body, streamed with progress.
stream = client.chat.completions.create(
    model="sim-reasoner", messages=[{"role": "user", "content": question}], stream=True,
    stream_options={"include_usage": True},
    extra_body={"ponder": {"strategy": "mcts-q", "budget": {"max_tokens_total": 20000}}})
for chunk in stream:
    progress = chunk.model_extra.get("ponder")
    if progress and not (chunk.choices and chunk.choices[0].finish_reason):
        print(f"  … {progress['calls']} calls, {progress['completion_tokens']} tokens")
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print("\nusage:", chunk.usage)
