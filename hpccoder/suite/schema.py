"""The schema of problem.yaml for C/C++ problems (JSON Schema, checked by `hpccoder suite validate`)."""

CPP_MODELS = ["serial", "omp", "mpi", "mpi+omp", "cuda"]

CPP_PROBLEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "version", "category", "entry", "signature", "description", "models", "sizes",
                 "tolerance"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "version": {"type": "integer", "minimum": 1},
        "category": {"type": "string", "pattern": "^[a-z_]+$"},
        "entry": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "signature": {"type": "string", "minLength": 1},
        "signatures": {  # per-model overrides of `signature`
            "type": "object",
            "propertyNames": {"enum": CPP_MODELS},
            "additionalProperties": {"type": "string"},
        },
        "description": {"type": "string", "minLength": 1},
        "example": {
            "type": "object",
            "additionalProperties": False,
            "required": ["input", "output"],
            "properties": {"input": {"type": "string"}, "output": {"type": "string"}},
        },
        "distribution": {"type": "string", "minLength": 1},
        "models": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": CPP_MODELS}},
        "sizes": {
            "type": "object",
            "additionalProperties": False,
            "required": ["check", "timing"],
            "properties": {
                "check": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0}},
                "timing": {"type": "integer", "minimum": 1},
            },
        },
        "tolerance": {
            "type": "object",
            "additionalProperties": False,
            "required": ["rtol", "atol"],
            "properties": {"rtol": {"type": "number", "minimum": 0}, "atol": {"type": "number", "minimum": 0}},
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    # MPI prompts must say which data each rank holds and where the result goes
    "if": {"properties": {"models": {"contains": {"enum": ["mpi", "mpi+omp"]}}}},
    "then": {"required": ["distribution"]},
}

SUITE = {
    "type": "object",
    "required": ["name", "version"],
    "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "description": {"type": "string"}},
}
