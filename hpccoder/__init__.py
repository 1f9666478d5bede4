"""hpccoder: LLM-assisted HPC code generation and evaluation."""

import logging as _logging

__version__ = "0.1.0"

# bitsandbytes (QLoRA), which peft imports whenever it is installed, tries on CPUs with AVX512-BF16 to
# fetch an optional kernel from the Hugging Face hub and logs a warning when it cannot (offline: every
# time). Its own fallback is used then; the warning says nothing a user can act on.
_logging.getLogger("bitsandbytes.backends.cpu.ops").setLevel(_logging.ERROR)
