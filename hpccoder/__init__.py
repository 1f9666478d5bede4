"""hpccoder: LLM-assisted HPC code generation and evaluation."""

__version__ = "0.1.0"
