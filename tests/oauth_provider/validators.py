"""The provider's OAuth2 validator: OpenID Connect claims carry the user's e-mail (the
``email`` scope) and user name (``profile``), in the ID token and at /o/userinfo/."""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator


class MailValidator(OAuth2Validator):
    def get_additional_claims(self):
        # request-agnostic (callables), so the discovery document lists the claims
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: True,
            "preferred_username": lambda request: request.user.get_username(),
        }
