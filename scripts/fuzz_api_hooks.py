"""Schemathesis hooks for `make fuzz-api` (loaded through SCHEMATHESIS_HOOKS).

The query parameter `q` is a query language: a query the parser refuses (an
unbalanced quote, a word with no searchable characters such as 500 digits,
longer than any indexed word) is an honest 400 for a string the OpenAPI
document allows, and no JSON Schema can tell the two apart. So for the
operations that take `q` the built-in positive_data_acceptance is replaced
(scripts/schemathesis.toml) by this check: schema-valid input may be refused
only with the query parser's own error (`bad query "…": …`); any other 400 —
a limit, a list value, a flag the document allows — still fails the run.
One rule across two parameters is allowed too, because OpenAPI 3.0 cannot
state it for query parameters: `/api/export` takes `sections=1` or
`figures=1`, not both (the document says "Not with sections=1").
"""
import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case


# The 400s no JSON Schema of the parameters can tell from schema-valid input.
HONEST_400 = ("bad query ", "sections and figures cannot be combined")


@schemathesis.check
def positive_data_accepted_but_bad_queries(ctx, response, case):
    meta = case.meta
    if meta is None or is_unexpected_http_status_case(case) or not meta.generation.mode.is_positive:
        return None
    if response.status_code in (400, 422):
        try:
            message = response.json().get("error", "")
        except Exception:
            message = ""
        if not message.startswith(HONEST_400):
            raise AssertionError(f"schema-valid input refused with {response.status_code}: {message!r}")
    return None
