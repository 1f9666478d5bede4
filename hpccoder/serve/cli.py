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

    print(f"hpccoder serve: loading {settings.model}" + (f" + {settings.adapter}" if settings.adapter else ""),
          file=sys.stderr, flush=True)
    state = load_state(settings)
    print(f"hpccoder serve: {state.model_id} on http://{settings.host}:{settings.port} "
          f"(OpenAI API under /v1, llama.cpp /infill; batch {state.engine.max_batch}, queue {settings.max_queue}"
          f"{', API key required' if settings.api_key else ''})", file=sys.stderr, flush=True)
    uvicorn.run(create_app(settings, state), host=settings.host, port=settings.port, log_level="warning")
    return 0


def register(subparsers) -> None:
    from hpccoder.serve.settings import add_arguments

    p = subparsers.add_parser("serve", help="completion server for editors (OpenAI and llama.cpp APIs)",
                              description="An OpenAI-compatible (/v1/completions, /v1/chat/completions) and "
                                          "llama.cpp-compatible (/infill) completion server.")
    add_arguments(p)
    p.set_defaults(func=cmd_serve)
