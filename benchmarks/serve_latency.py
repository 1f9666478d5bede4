"""Completion server latency and throughput, against in-process generation in the same run.

    .venv/bin/python benchmarks/serve_latency.py [--model embedded] [--rounds 12] [--tokens 32] [--clients 8]

Starts `hpccoder serve` in a subprocess on loopback and loads the same model in this process.
Latency: a `--tokens`-token completion of a code prompt (greedy, EOS ignored so every run makes
the same number of tokens), streamed through the server (/v1/completions), against
transformers' `generate` in this process; rounds alternate the two. Time to first token (TTFT:
request to first text; in process, a 1-token `generate`) and total time, p50 and p95, and the
overhead ratio server / in-process (target: < 1.1). "Identical text": the server's streamed pieces joined
against the in-process tokens decoded at once (special tokens left out), both greedy, EOS taken like any token and
generated past (the server's ignore_eos), so the two run the same tokens. Throughput: `--clients` clients at once
against the same requests one after another, tokens/s through the server (target: >= 2x).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _cli

from _cli import positive, run  # noqa: E402

from hpccoder.errors import HpcError  # noqa: E402
from hpccoder.suite import Suite  # noqa: E402
from hpccoder.suite.prompts import render  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def start_server(model: str, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "hpccoder", "serve", "--model", model, "--port", str(port),
               "--max-tokens", "256"]
    # its stderr into a file, not a pipe nobody reads while it runs: a full pipe would stall the server
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log, text=True)
    server.log = log
    return server


def server_said(server: subprocess.Popen) -> str:
    server.log.seek(0)
    return server.log.read()[-2000:]


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # stuck in a generation: it must not outlive the benchmark
        server.kill()
        server.wait()
    server.log.close()


def wait_ready(url: str, server: subprocess.Popen, timeout: float = 900) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {server_said(server)}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit("the server did not start in time")


def through_server(url: str, prompt: str, tokens: int, temperature: float = 0.0, seed: int = 0,
                   stream: bool = True) -> tuple[float, float, int, str]:
    """(TTFT, total seconds, completion tokens, text) of one completion request."""
    import httpx

    body = {"prompt": prompt, "max_tokens": tokens, "temperature": temperature, "seed": seed, "ignore_eos": True,
            "stream": stream, "stream_options": {"include_usage": True}}
    start = time.perf_counter()
    if not stream:
        reply = httpx.post(url + "/v1/completions", json=body, timeout=600).json()
        total = time.perf_counter() - start
        return total, total, reply["usage"]["completion_tokens"], reply["choices"][0]["text"]
    first, made, parts = None, 0, []
    with httpx.stream("POST", url + "/v1/completions", json=body, timeout=600) as reply:
        for line in reply.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                made = chunk["usage"]["completion_tokens"]
            for choice in chunk.get("choices", []):
                if choice["text"] and first is None:
                    first = time.perf_counter() - start
                parts.append(choice["text"])
    return first or 0.0, time.perf_counter() - start, made, "".join(parts)


def in_process(tokenizer, model, prompt: str, tokens: int) -> tuple[float, float, str]:
    import torch

    enc = tokenizer(prompt, return_tensors="pt")
    with torch.inference_mode():
        start = time.perf_counter()
        model.generate(**enc, max_new_tokens=1, do_sample=False, pad_token_id=tokenizer.pad_token_id)
        ttft = time.perf_counter() - start
        start = time.perf_counter()
        # EOS as the server's ignore_eos has it: chosen when it is the likeliest token, then generated past (no
        # eos_token_id to stop on). min_new_tokens would ban it instead: other tokens, once a model picks EOS
        out = model.generate(**enc, max_new_tokens=tokens, do_sample=False, eos_token_id=None,
                             pad_token_id=tokenizer.pad_token_id)
        total = time.perf_counter() - start
    new = out[0, enc["input_ids"].shape[1]:]
    if len(new) != tokens:
        raise SystemExit(f"in-process generation made {len(new)} tokens, not {tokens}: not the same work")
    # all the tokens decoded at once, special ones (EOS) left out: what the server's text is
    return ttft, total, tokenizer.decode(new, skip_special_tokens=True)


def throughput(url: str, prompt: str, tokens: int, clients: int, at_once: bool, round_: int) -> tuple[int, float]:
    made = [0] * clients

    def one(i: int) -> None:
        made[i] = through_server(url, prompt, tokens, temperature=0.2, seed=1000 * round_ + i, stream=False)[2]

    start = time.perf_counter()
    if at_once:
        threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for i in range(clients):
            one(i)
    return sum(made), time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--task", default="cpp/dense_la/01_axpy/omp")
    parser.add_argument("--rounds", type=positive, default=12)
    parser.add_argument("--tokens", type=positive, default=32)
    parser.add_argument("--clients", type=positive, default=8)
    parser.add_argument("--throughput-rounds", type=positive, default=2)
    args = parser.parse_args()
    task = Suite().task(args.task)  # an unknown task is said now, not after both models have loaded
    try:  # said now too, in one line: it was a traceback once the models had loaded, or the server's exit
        for module in ("fastapi", "uvicorn", "httpx"):
            importlib.import_module(module)
    except ImportError as exc:
        raise HpcError(f"the completion server needs the serve extra: pip install -e '.[serve]' ({exc})") from None

    import torch

    from hpccoder.models.hf import load_model
    from hpccoder.serve.app import model_path

    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)", flush=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = start_server(args.model, port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    try:
        start = time.perf_counter()
        torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
        tokenizer, model = load_model(model_path(args.model)[0])
        wait_ready(url, server)
        print(f"model loaded here and in the server in {time.perf_counter() - start:.0f} s", flush=True)
        prompt = render(task, "completion")
        through_server(url, prompt, 4)  # warm-up, both sides
        in_process(tokenizer, model, prompt, 4)

        local_ttft, local_total, remote_ttft, remote_total, same, differ = [], [], [], [], 0, None
        for _ in range(args.rounds):
            ttft, total, local_text = in_process(tokenizer, model, prompt, args.tokens)
            local_ttft.append(ttft)
            local_total.append(total)
            ttft, total, made, remote_text = through_server(url, prompt, args.tokens)
            if made != args.tokens:
                raise SystemExit(f"the server made {made} tokens, not {args.tokens}: not the same work")
            remote_ttft.append(ttft)
            remote_total.append(total)
            same += local_text == remote_text
            if local_text != remote_text and differ is None:
                differ = (local_text, remote_text)
        print(f"\nlatency: {args.tokens}-token greedy completion of {args.task} (completion prompt), "
              f"{args.rounds} rounds; identical text in {same}/{args.rounds}")
        if differ is not None:  # the first that differed, to tell a real difference from one of a few characters
            print(f"  first difference: in-process {differ[0][:200]!r}\n                    server {differ[1][:200]!r}")
        print(f"{'':24}{'p50 (s)':>10}{'p95 (s)':>10}")
        for name, values in (("in-process TTFT", local_ttft), ("server TTFT", remote_ttft),
                             ("in-process total", local_total), ("server total", remote_total)):
            print(f"{name:24}{percentile(values, 0.5):10.3f}{percentile(values, 0.95):10.3f}")
        for name, mine, base in (("TTFT", remote_ttft, local_ttft), ("total", remote_total, local_total)):
            print(f"overhead {name:6} server / in-process: p50 {percentile(mine, .5) / percentile(base, .5):.3f}, "
                  f"p95 {percentile(mine, .95) / percentile(base, .95):.3f}  (target < 1.1)")

        rates = {True: [0, 0.0], False: [0, 0.0]}
        for r in range(args.throughput_rounds):
            for at_once in (False, True):
                made, seconds = throughput(url, prompt, args.tokens, args.clients, at_once, r)
                rates[at_once][0] += made
                rates[at_once][1] += seconds
        seq, par = rates[False][0] / rates[False][1], rates[True][0] / rates[True][1]
        print(f"\nthroughput: {args.clients} requests of {args.tokens} tokens (temperature 0.2), "
              f"{args.throughput_rounds} rounds")
        print(f"sequential:          {rates[False][0]:5d} tokens in {rates[False][1]:6.1f} s = {seq:6.1f} tokens/s")
        print(f"{args.clients} clients at once:  {rates[True][0]:5d} tokens in {rates[True][1]:6.1f} s = {par:6.1f} tokens/s")
        print(f"ratio: {par / seq:.2f}x  (target >= 2x)")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
