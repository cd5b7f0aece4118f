"""The statistics tests count repatriations at the web tests' border scenario (its test
reception point ``T-RP`` keeps the demo population out of the figures) and sign in its
actors: the fixtures are the web tests' own, shared rather than copied."""

from ..web.conftest import make_user, scenario, signed_in

__all__ = ["make_user", "scenario", "signed_in"]
