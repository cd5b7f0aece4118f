"""Named actors, defined once: one officer per role in a real office of the reference data,
plus the officers of another region whose records no named actor of Arizona–Sonora sees.

``actor(SPEC)`` creates the user (or finds it) the way the platform does: the secretariat is
granted its admin permissions by ``secretariat_permissions_grant``; the administrator is
staff and superuser with no office. Usernames start with ``actor.`` so they never collide
with the demo users a session loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from enlace.accounts.models import Role, User


@dataclass(frozen=True)
class ActorSpec:
    username: str
    role: str
    office: str | None

    @property
    def label(self) -> str:
        return self.username.removeprefix("actor.")


# Arizona–Sonora: the sweep's roles
BORDER_TUCSON = ActorSpec("actor.border.tucson", Role.US_BORDER_OFFICER, "usbp-tca")
REMOVAL_PHOENIX = ActorSpec("actor.removal.phoenix", Role.US_REMOVAL_OFFICER, "ero-phoenix")
CONSUL_NOGALES = ActorSpec("actor.consul.nogales", Role.MX_CONSULAR_OFFICER, "sre-nogales")
INM_NOGALES = ActorSpec("actor.inm.nogales", Role.MX_RECEPTION_OFFICER, "inm-nogales")
DIF_SONORA = ActorSpec("actor.dif.sonora", Role.MX_CHILD_PROTECTION_OFFICER, "dif-son")
ANALYST = ActorSpec("actor.analyst", Role.ANALYST, "upm-analysis")
MEDICAL_EXAMINER_PIMA = ActorSpec("actor.me.pima", Role.MEDICAL_EXAMINER, "pcome")
LABOR = ActorSpec("actor.labor", Role.LABOR_OFFICER, "stps-labor-affairs")
CENTRAL_AUTHORITY = ActorSpec(
    "actor.central.authority", Role.CENTRAL_AUTHORITY_OFFICER, "sre-central-authority"
)
SECRETARIAT = ActorSpec("actor.secretariat", Role.SECRETARIAT, "sre-wg-secretariat")
ADMIN = ActorSpec("actor.admin", Role.ADMIN, None)

# Baja California: another region, whose records are out of every actor above's scope
BORDER_SAN_DIEGO = ActorSpec("actor.border.sandiego", Role.US_BORDER_OFFICER, "usbp-sdc")
INM_TIJUANA = ActorSpec("actor.inm.tijuana", Role.MX_RECEPTION_OFFICER, "inm-tijuana")
CONSUL_SAN_DIEGO = ActorSpec("actor.consul.sandiego", Role.MX_CONSULAR_OFFICER, "sre-san-diego")

ONE_PER_ROLE: tuple[ActorSpec, ...] = (
    BORDER_TUCSON,
    REMOVAL_PHOENIX,
    CONSUL_NOGALES,
    INM_NOGALES,
    DIF_SONORA,
    MEDICAL_EXAMINER_PIMA,
    ANALYST,
    LABOR,
    CENTRAL_AUTHORITY,
    SECRETARIAT,
    ADMIN,
)


def actor(spec: ActorSpec) -> User:
    """The user of ``spec``, created on first use, with its office loaded."""
    user, created = User.objects.get_or_create(
        username=spec.username, defaults={"role": spec.role, "office_id": spec.office}
    )
    if created:
        if spec.role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if spec.role == Role.SECRETARIAT:
            from enlace.agreements.services import secretariat_permissions_grant

            secretariat_permissions_grant(user=user)
    return User.objects.select_related("office").get(pk=user.pk)


BY_LABEL: dict[str, ActorSpec] = {
    spec.label: spec for spec in (*ONE_PER_ROLE, BORDER_SAN_DIEGO, INM_TIJUANA, CONSUL_SAN_DIEGO)
}


def named(label: str) -> ActorSpec:
    """The spec whose username is ``actor.<label>`` (``named("inm.nogales")``): for tests
    parametrized by a short, stable name."""
    return BY_LABEL[label]
