"""hpccoder: LLM-assisted HPC code generation and evaluation."""

import logging as _logging
import warnings as _warnings

__version__ = "0.1.0"

# bitsandbytes (QLoRA), which peft imports whenever it is installed, tries on CPUs with AVX512-BF16 to
# fetch an optional kernel from the Hugging Face hub and logs a warning when it cannot (offline: every
# time). Its own fallback is used then; the warning says nothing a user can act on.
_logging.getLogger("bitsandbytes.backends.cpu.ops").setLevel(_logging.ERROR)


def hide_upstream_deprecations() -> None:
    """peft, and transformers' own Trainer, still read a property transformers deprecated
    (`is_gradient_checkpointing`) whenever an adapter is made or loaded: nothing for the user to change."""
    _warnings.filterwarnings("ignore", message=r".*is_gradient_checkpointing.*", category=FutureWarning)
