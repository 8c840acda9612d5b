"""Typed errors that cross every boundary: domain → application → RPC → HTTP.

Pure Python on purpose: the domain raises them without knowing about nameko or HTTP.
The gateway maps each class to one HTTP status (see gateway/problems.py).
"""


class DomainError(Exception):
    """Base for errors a caller can act on. `rule` names the rule that refused the request."""

    http_status = 400

    def __init__(self, rule: str, detail: str):
        super().__init__(rule, detail)
        self.rule = rule
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


class RuleViolated(DomainError):
    """The request is well formed but the current state forbids it (an invalid transition)."""

    http_status = 409


class NotFound(DomainError):
    """No such record, or the caller may not know it exists (a wrong access code looks the same)."""

    http_status = 404


class InvalidInput(DomainError):
    """A field breaks a rule. `rule` is "<field>: <rule>" so the caller knows what to fix."""

    http_status = 422

    def __init__(self, field: str, detail: str):
        super().__init__(field, detail)
        self.field = field

    @classmethod
    def first_of(cls, errors: list[dict], whole: str = "body") -> "InvalidInput":
        """The first broken rule of a pydantic ValidationError's `.errors()`: field path and message
        (`whole` names the field when the rule is about the whole input)."""
        error = errors[0]
        # a custom validator's message starts with its rule name; pydantic's "Value error, " adds nothing
        return cls(".".join(str(part) for part in error["loc"]) or whole, error["msg"].removeprefix("Value error, "))


class Forbidden(DomainError):
    """The caller is authenticated but their role or district does not allow this."""

    http_status = 403


DOMAIN_ERRORS = (RuleViolated, NotFound, InvalidInput, Forbidden)
