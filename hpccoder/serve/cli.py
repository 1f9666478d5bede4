"""`hpccoder serve`: the completion server (see hpccoder/serve/app.py). Imports stay light until
the command runs."""

from __future__ import annotations

import sys


def cmd_serve(args) -> int:
    from hpccoder.serve.settings import from_args

    settings = from_args(args)
    return serve(settings)


def serve(settings) -> int:
    import uvicorn

    from hpccoder.serve.app import create_app, load_state

    sock = listen(settings.host, settings.port)
    try:
        print(f"hpccoder serve: loading {settings.model}" + (f" + {settings.adapter}" if settings.adapter else ""),
              file=sys.stderr, flush=True)
        state = load_state(settings)
        port = sock.getsockname()[1]
        host = f"[{settings.host}]" if ":" in settings.host else settings.host  # an IPv6 address in a URL
        print(f"hpccoder serve: {state.model_id} on http://{host}:{port} "
              f"(OpenAI API under /v1, llama.cpp /infill; batch {state.engine.max_batch}, queue {settings.max_queue}"
              f"{', API key required' if settings.api_key else ''})", file=sys.stderr, flush=True)
        config = uvicorn.Config(create_app(settings, state), host=settings.host, port=port, log_level="warning",
                                timeout_graceful_shutdown=GRACE_S)
        make_server(config, state.engine).run(sockets=[sock])
    finally:
        sock.close()
    return 0


GRACE_S = 10  # at shutdown, how long responses still being sent (to a client that reads slowly) may take


def make_server(config, engine):
    """uvicorn's server, whose shutdown (Ctrl-C) first ends the generations in flight: uvicorn waits for open
    responses before it shuts the app down, and a long completion streamed to an editor would hold it for minutes."""
    import contextlib
    import signal
    import threading

    import uvicorn

    class Server(uvicorn.Server):
        async def shutdown(self, sockets=None):
            engine.stop(wait=False)  # waiting and running requests answer 503 (a streamed one: an error event)
            await super().shutdown(sockets)

        @contextlib.contextmanager
        def capture_signals(self):  # a hang-up (the terminal closed) shuts down as SIGTERM does
            main = threading.current_thread() is threading.main_thread()
            before = signal.signal(signal.SIGHUP, lambda sig, frame: self.handle_exit(signal.SIGTERM, frame)) \
                if main else None
            try:
                with super().capture_signals():
                    try:
                        yield
                    finally:
                        # uvicorn raises the signals it caught again once shut down: SIGTERM would then end this
                        # process as an interruption (exit 130, a failure to systemd) after a clean shutdown. A
                        # SIGTERM shutdown is the asked-for end (exit 0); Ctrl-C (SIGINT) still ends as one.
                        captured = getattr(self, "_captured_signals", None)  # uvicorn >= 0.29
                        if captured:
                            captured[:] = [s for s in captured if s != signal.SIGTERM]
            finally:
                if main:
                    signal.signal(signal.SIGHUP, before)

    return Server(config)


def listen(host: str, port: int):
    """The server's socket, bound before the model loads: a port in use fails at once, in one line."""
    import errno
    import socket

    from hpccoder.errors import HpcError

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)  # as uvicorn binds
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # listening at once: a port only bound is bound again by a second server started meanwhile (both pass
        # this check and the later one to listen crashes after its model loaded); clients wait meanwhile
        sock.listen(2048)
    except socket.gaierror as exc:
        sock.close()
        raise HpcError(f"--host {host}: {exc.strerror}") from None
    except OSError as exc:
        sock.close()
        hint = ": another program listens there, pick another --port" if exc.errno == errno.EADDRINUSE else ""
        raise HpcError(f"cannot listen on {host}:{port}: {exc.strerror}{hint}") from None
    return sock


def register(subparsers) -> None:
    from hpccoder.serve.settings import add_arguments

    p = subparsers.add_parser("serve", help="completion server for editors (OpenAI and llama.cpp APIs)",
                              description="An OpenAI-compatible (/v1/completions, /v1/chat/completions) and "
                                          "llama.cpp-compatible (/infill) completion server.")
    add_arguments(p)
    p.set_defaults(func=cmd_serve)
