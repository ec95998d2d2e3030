"""`ponder serve --demo` serves the embedded simulated model with no other set-up."""
from openai import OpenAI

from conftest import start


def test_demo_serves_the_embedded_sim():
    proxy, url = start(["serve", "--demo", "--port", "0"])
    try:
        client = OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=60)
        reply = client.chat.completions.create(
            model="best-of-4/sim-reasoner",
            messages=[{"role": "user", "content": "Start with 12. Add 7. Multiply the result by 3. What is the result?"}])
        assert "\\boxed{" in reply.choices[0].message.content
        assert reply.model_extra["ponder"]["calls"] == 5
    finally:
        proxy.terminate()
        assert proxy.wait(timeout=30) == 0
