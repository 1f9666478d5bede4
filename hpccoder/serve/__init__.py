"""The completion endpoint for editors: an OpenAI-compatible and llama.cpp-compatible server
(`hpccoder serve`). See app.py for the endpoints, engine.py for the scheduler."""
