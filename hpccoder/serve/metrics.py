"""Prometheus metrics of one server (a registry of its own, kept on app.state)."""

from __future__ import annotations


class Metrics:
    def __init__(self):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = r = CollectorRegistry()
        self.requests = Counter("hpccoder_requests", "HTTP requests answered", ["endpoint", "status"], registry=r)
        self.latency = Histogram("hpccoder_request_seconds", "time from request to last byte", ["endpoint"],
                                 registry=r, buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120))
        self.ttft = Histogram("hpccoder_time_to_first_token_seconds", "time from request to first text",
                              registry=r, buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.prompt = Counter("hpccoder_prompt_tokens", "prompt tokens prefilled", registry=r)
        self.tokens = Counter("hpccoder_generation_tokens", "tokens generated", registry=r)
        self.batch = Histogram("hpccoder_batch_size", "sequences per decoding step", registry=r,
                               buckets=(1, 2, 4, 8, 16, 32, 64))
        self.waiting = Gauge("hpccoder_requests_waiting", "requests waiting for a place in the batch", registry=r)
        self.running_gauge = Gauge("hpccoder_sequences_running", "sequences being generated", registry=r)
        self.finish = Counter("hpccoder_sequences_finished", "sequences ended, by reason", ["reason"], registry=r)
        self.rejected = Counter("hpccoder_requests_rejected", "requests refused, by reason", ["reason"], registry=r)

    # called from the engine thread (prometheus_client is thread-safe)
    def queue(self, waiting: int, running: int) -> None:
        self.waiting.set(waiting)
        self.running_gauge.set(running)

    def prompt_tokens(self, n: int) -> None:
        self.prompt.inc(n)

    def generated(self, n: int) -> None:
        self.tokens.inc(n)

    def step(self, batch: int) -> None:
        self.batch.observe(batch)

    def finished(self, sequences) -> None:
        for seq in sequences:
            self.finish.labels(seq.finish).inc()

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry), CONTENT_TYPE_LATEST
