"""Errors that end a command with one line on stderr."""


class QmkgError(Exception):
    """An error the user can act on; ``exit_status`` is what the CLI exits with."""

    exit_status = 1


class InputError(QmkgError):
    """Bad input or usage: a missing, empty, binary or malformed notice; an unknown parameter."""

    exit_status = 2


class ConfigError(QmkgError):
    """A broken project data file (thesaurus, query header, lexicon): names the file and line."""

    exit_status = 1
