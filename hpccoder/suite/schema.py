"""The schema of problem.yaml for C/C++ problems (JSON Schema, checked by `hpccoder suite validate`)."""

from hpccoder.harness import toolchains

# the execution models of C++ problems: every toolchain but verilog's (read from the registry, no module imported)
CPP_MODELS = [m for m in toolchains.names() if m != "verilog"]

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
                # a timed repetition is the mean of this many calls (each on freshly prepared data),
                # so a memory-bound kernel whose inputs cannot grow (MPI ranks hold full copies) still
                # gives the serial baseline at least 50 ms of work per repetition
                "timing_calls": {"type": "integer", "minimum": 1, "maximum": 100},
            },
        },
        "tolerance": {
            "type": "object",
            "additionalProperties": False,
            "required": ["rtol", "atol"],
            "properties": {"rtol": {"type": "number", "minimum": 0}, "atol": {"type": "number", "minimum": 0}},
        },
        "tags": {"type": "array", "items": {"type": "string"}},
        # the cuda interface: the kernel and how the driver launches it (docs/new_problem.md)
        "cuda": {
            "type": "object",
            "additionalProperties": False,
            "required": ["signature", "block", "grid"],
            "properties": {
                "signature": {"type": "string", "pattern": "^__global__ void "},
                "block": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer", "minimum": 1}},
                "grid": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "string", "minLength": 1}},
                "description": {"type": "string", "minLength": 1},
                "notes": {"type": "string"},
                "example": {  # replaces `example` in the CUDA prompt
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["input", "output"],
                    "properties": {"input": {"type": "string"}, "output": {"type": "string"}},
                },
            },
        },
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

VERILOG_CATEGORIES = ["combinational", "arithmetic", "sequential", "fsm", "memory", "designs"]

# evalsuite/verilog/<category>/<NN_name>/problem.yaml (the fixed format of the Verilog track), and
# the problems `hpccoder suite import-verilog` writes under evalsuite/ext/<suite>/<name>/.
VERILOG_PROBLEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "version", "category", "description", "interface"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "version": {"type": "string", "pattern": r"^\d+(\.\d+)*$"},  # bump when the checking changes
        "category": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
        "description": {"type": "string", "minLength": 1},
        "interface": {"type": "string", "minLength": 1},  # the candidate's module header, `module TopModule (...);`
        "tags": {"type": "array", "items": {"type": "string"}},
        # optional
        "timeout": {"type": "number", "exclusiveMinimum": 0},  # seconds the simulation may take (least)
        "testbench_top": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},  # default tb
        "language": {"const": "verilog"},  # imported suites say so; ours live under verilog/
        "source": {"type": "string"},  # imported suites: where the problem came from
    },
    # our own suite: one of the track's categories
    "if": {"not": {"required": ["language"]}},
    "then": {"properties": {"category": {"enum": VERILOG_CATEGORIES}}},
}
