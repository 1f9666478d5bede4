"""User-facing errors: the CLI prints them as one line, with no traceback."""


class HpcError(Exception):
    """Bad input or a missing prerequisite. The message says what is wrong and what to do."""

    exit_code = 2


class SandboxUnavailable(HpcError):
    pass


class Interrupted(HpcError):
    """Ctrl-C or a kill: what was finished is saved; the same command resumes."""

    exit_code = 130
