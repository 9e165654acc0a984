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


# Options that shape how the command reads its own input.
INPUT_OPTIONS = (
    CliOption(
        "--cli-input-json | --cli-input-yaml",
        "string",
        "Take the parameters from a JSON (or YAML) document, in the layout --generate-cli-skeleton "
        "prints. Parameters also given on the command line take precedence. Binary values cannot be "
        "passed this way, since the text is used as it is. Use one of the two forms, not both.",
        synopsis="[--cli-input-json | --cli-input-yaml]",
    ),
    CliOption(
        "--generate-cli-skeleton",
        "string",
        "Print a template of the parameters instead of calling the service. With no value or input, "
        "the template is JSON for --cli-input-json; yaml-input gives YAML for --cli-input-yaml; output "
        "checks the parameters and prints the shape of the response. The template may change between "
        "versions of the tool.",
        synopsis="[--generate-cli-skeleton <value>]",
    ),
)

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
    CliOption(
        "--output", "string", "How the result is printed.", ("json", "text", "table", "yaml", "yaml-stream")
    ),
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
        "--cli-binary-format",
        "string",
        "How binary parameters are written on the command line. base64 (the default) expects base64 text; "
        "raw-in-base64-out takes the bytes as they are, as version 1 of the tool did. Values read with "
        "fileb:// are always raw bytes.",
        ("base64", "raw-in-base64-out"),
    ),
    CliOption("--no-cli-pager", "boolean", "Print the output directly instead of through a pager."),
    CliOption("--cli-auto-prompt", "boolean", "Ask for the parameters of the command interactively."),
    CliOption(
        "--no-cli-auto-prompt", "boolean", "Turn off interactive prompting, even where it is configured."
    ),
)


def synopsis_of(option: CliOption) -> str:
    if option.synopsis:
        return option.synopsis
    return f"[{option.name}]" if option.type == "boolean" else f"[{option.name} <value>]"
