"""Officer identity: Bearer JWTs (HS256) with `role` and `district` claims.

Roles: station_officer and district_nodal_officer are bound to one district; msp_hq sees the
whole state; auditor reads the state-wide views and the access logs but changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

import jwt

from chassis.errors import DomainError, Forbidden
from contracts.reference import is_district_code

ISSUER = "wcso"
STATE_WIDE = "UP"


class Role(str, Enum):
    STATION_OFFICER = "station_officer"
    DISTRICT_NODAL_OFFICER = "district_nodal_officer"
    MSP_HQ = "msp_hq"
    AUDITOR = "auditor"


DISTRICT_ROLES = {Role.STATION_OFFICER, Role.DISTRICT_NODAL_OFFICER}
POLICE_ROLES = {Role.STATION_OFFICER, Role.DISTRICT_NODAL_OFFICER, Role.MSP_HQ}


class Unauthenticated(DomainError):
    http_status = 401

    def __init__(self, detail: str):
        super().__init__("bearer_token", detail)


@dataclass(frozen=True)
class Officer:
    subject: str
    role: Role
    district: str  # a district code, or "UP" for state-wide roles

    @property
    def state_wide(self) -> bool:
        return self.role in (Role.MSP_HQ, Role.AUDITOR)

    def claims(self) -> dict[str, str]:
        """What travels over RPC: the gateway verified the token; services check record-level rules."""
        return {"subject": self.subject, "role": self.role.value, "district": self.district}

    @classmethod
    def from_claims(cls, claims: dict) -> "Officer":
        try:
            return cls(subject=str(claims["subject"]), role=Role(claims["role"]), district=str(claims["district"]))
        except (KeyError, TypeError, ValueError):
            raise Forbidden("officer", "the call carries no valid officer claims") from None

    def require_role(self, *roles: Role) -> None:
        if self.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Forbidden("role", f"this action needs one of the roles: {allowed}")

    def require_district(self, district: str) -> None:
        if not self.state_wide and self.district != district:
            raise Forbidden("district", f"your token is for district {self.district}, not {district}")


def issue_token(secret: str, *, role: Role, district: str | None, subject: str,
                lifetime: timedelta = timedelta(hours=12), now: datetime | None = None) -> str:
    role = Role(role)
    if role in DISTRICT_ROLES:
        if not district or not is_district_code(district):
            raise ValueError(f"role {role.value} needs a valid --district code (see GET /api/v1/districts)")
    else:
        district = STATE_WIDE
    issued = now or datetime.now(timezone.utc)
    claims = {"sub": subject, "role": role.value, "district": district, "iss": ISSUER,
              "iat": issued, "exp": issued + lifetime}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_token(secret: str, authorization: str | None) -> Officer:
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthenticated("send an Authorization: Bearer <token> header")
    try:
        claims = jwt.decode(authorization[7:].strip(), secret, algorithms=["HS256"], issuer=ISSUER,
                            options={"require": ["exp", "sub", "iss"]})
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the token has expired") from None
    except jwt.InvalidSignatureError:
        raise Unauthenticated("the token's signature is not valid") from None
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(f"the token is not valid: {exc}") from None
    try:
        role = Role(claims.get("role"))
    except ValueError:
        raise Unauthenticated(f"the token's role {claims.get('role')!r} is not a WCSO role") from None
    district = claims.get("district")
    if role in DISTRICT_ROLES and not is_district_code(district or ""):
        raise Unauthenticated("the token's district claim is not a district code")
    return Officer(subject=str(claims["sub"]), role=role, district=district or STATE_WIDE)
