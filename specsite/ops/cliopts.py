"""Options every command of the AWS command line accepts, shown on each command-line page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CliOption:
    name: str
    type: str
    desc: str
    choices: tuple[str, ...] = ()
    synopsis: str = ""  # how the synopsis writes it, when not ``[--name <value>]``


# Options that shape how the command reads its own input (awscli/customizations/
# cliinputjson.py and generatecliskeleton.py). Commands that write a streaming
# body to ``outfile`` take neither.
INPUT_JSON = CliOption(
    "--cli-input-json",
    "string",
    "Take the parameters from a JSON document, in the layout --generate-cli-skeleton prints. "
    "Parameters also given on the command line take precedence. Binary values cannot be passed this "
    "way, since the text is used as it is.",
)
SKELETON = CliOption(
    "--generate-cli-skeleton",
    "string",
    "Print a template of the parameters instead of calling the service. With no value, or input, the "
    "template is the JSON --cli-input-json reads; output checks the parameters and prints the shape of "
    "the response. The template may change between versions of the tool.",
    ("input", "output"),
    synopsis="[--generate-cli-skeleton <value>]",
)
INPUT_OPTIONS = (INPUT_JSON, SKELETON)

# The CLI's own paging options (awscli/customizations/paginate.py), added to
# every command whose operation has a paginator.
PAGING_OPTIONS = {
    "starting-token": CliOption(
        "--starting-token",
        "string",
        "Where to start: the NextToken printed by an earlier call that stopped at --max-items.",
    ),
    "page-size": CliOption(
        "--page-size",
        "integer",
        "How many items each call to the service asks for. It does not change how many items are printed; "
        "smaller pages mean more calls, each less likely to time out.",
    ),
    "max-items": CliOption(
        "--max-items",
        "integer",
        "The most items to print in all. When more are available, the output ends with a NextToken to give "
        "to --starting-token to carry on.",
    ),
}

# awscli/data/cli.json ("options"): the options every command of the CLI v1 takes.
GLOBAL_OPTIONS = (
    CliOption("--debug", "boolean", "Log what the tool does, in detail, to standard error."),
    CliOption(
        "--endpoint-url", "string", "Send the request to this URL instead of the service's usual endpoint."
    ),
    CliOption(
        "--no-verify-ssl",
        "boolean",
        "Skip the check of the server's TLS certificate. Requests are still encrypted, but the server is "
        "not authenticated; use it only for testing.",
    ),
    CliOption(
        "--no-paginate",
        "boolean",
        "Make a single request and print the first page of results, instead of following every page.",
    ),
    CliOption("--output", "string", "How the result is printed.", ("json", "text", "table")),
    CliOption("--query", "string", "A JMESPath expression that selects what is printed from the response."),
    CliOption("--profile", "string", "The named profile of your credentials and configuration files to use."),
    CliOption("--region", "string", "The region to send the request to, overriding the configured one."),
    CliOption("--version", "string", "Print the version of the tool and exit."),
    CliOption("--color", "string", "Whether the output is coloured.", ("on", "off", "auto")),
    CliOption(
        "--no-sign-request",
        "boolean",
        "Send the request unsigned; no credentials are looked up. Only works for calls that allow "
        "anonymous access.",
    ),
    CliOption(
        "--ca-bundle", "string", "A file of certificate authorities to trust when checking TLS certificates."
    ),
    CliOption(
        "--cli-read-timeout",
        "int",
        "Seconds to wait for data on an open connection before giving up; 0 waits forever. Defaults to 60.",
    ),
    CliOption(
        "--cli-connect-timeout",
        "int",
        "Seconds to wait while opening a connection before giving up; 0 waits forever. Defaults to 60.",
    ),
    CliOption(
        "--v2-debug",
        "boolean",
        "Warn about anything in the command that would behave differently under version 2 of the tool.",
    ),
)


def synopsis_of(option: CliOption) -> str:
    if option.synopsis:
        return option.synopsis
    return f"[{option.name}]" if option.type == "boolean" else f"[{option.name} <value>]"


# awscli/customizations/streamingoutputarg.py: the positional argument that
# names the file a streaming body is written to.
OUTFILE = CliOption("outfile", "string", "The file the body of the response is written to.")


def file_option(name: str, member: str) -> CliOption:
    """A blob argument read from a file, beside the structure that also holds it (see sdkrules)."""
    return CliOption(
        f"--{name}",
        "blob",
        f"The bytes of the file to send, written as fileb://path. Give this or --{member}, not both.",
    )
