"""The demo sign-ins: one user per role, each in a real office from the reference data."""

from __future__ import annotations

from dataclasses import dataclass

from enlace.accounts.models import Role

DEMO_PASSWORD = "enlace-demo-2026"  # noqa: S105  (public demo credential, demo database only)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    office_code: str | None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("border.tucson", Role.US_BORDER_OFFICER, "usbp-tca"),
    DemoUser("removal.phoenix", Role.US_REMOVAL_OFFICER, "ero-phoenix"),
    DemoUser("consul.nogales", Role.MX_CONSULAR_OFFICER, "sre-nogales"),
    DemoUser("inm.nogales", Role.MX_RECEPTION_OFFICER, "inm-nogales"),
    DemoUser("dif.sonora", Role.MX_CHILD_PROTECTION_OFFICER, "dif-son"),
    DemoUser("me.pima", Role.MEDICAL_EXAMINER, "pcome"),
    DemoUser("analyst", Role.ANALYST, "upm-analysis"),
    DemoUser("labor", Role.LABOR_OFFICER, "stps-labor-affairs"),
    DemoUser("central.authority", Role.CENTRAL_AUTHORITY_OFFICER, "sre-central-authority"),
    DemoUser("secretariat", Role.SECRETARIAT, "sre-wg-secretariat"),
    DemoUser("admin", Role.ADMIN, None),
)
