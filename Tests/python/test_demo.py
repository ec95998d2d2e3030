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


def test_demo_compares_presets_with_statistics(tmp_path):
    import subprocess
    from conftest import PONDER, ROOT
    result = subprocess.run(
        [PONDER, "demo", "--count", "10", "--presets", "single,best-of-4", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("Strategies", "Paired comparisons", "Rankings", "Compute frontier"):
        assert heading in out, heading
    assert "single" in out and "best-of-4" in out and "Wilson" in out
    assert (tmp_path / "single.sqlite").exists() and (tmp_path / "best-of-4.sqlite").exists()
