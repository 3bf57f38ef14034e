from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.tokens import api_token_authenticate


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; the request acts as the token's service user."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Token tidak valid, dicabut, atau kedaluwarsa.")
            )
        return token.user, token
