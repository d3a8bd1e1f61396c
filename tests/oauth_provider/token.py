"""DOT's token and revocation endpoints, one request at a time.

The provider is one process (waitress threads) on SQLite, where DOT's row locks
(``select_for_update``) do nothing: two refreshes with the same refresh token could both
succeed or fail with "database is locked". A real provider settles the race: one wins, the
other gets ``invalid_grant`` because the token it sent was rotated away. The lock here
does the same, so a client's refresh race (two workers) meets a well-defined peer.
"""

from __future__ import annotations

import threading

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import RevokeTokenView, TokenView

TOKEN_LOCK = threading.Lock()


@method_decorator(csrf_exempt, name="dispatch")
class SerialTokenView(TokenView):
    def post(self, request, *args, **kwargs):
        with TOKEN_LOCK:
            return super().post(request, *args, **kwargs)


@method_decorator(csrf_exempt, name="dispatch")
class SerialRevokeTokenView(RevokeTokenView):
    def post(self, request, *args, **kwargs):
        with TOKEN_LOCK:
            return super().post(request, *args, **kwargs)
