from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiClientThrottle(SimpleRateThrottle):
    """Requests per token (its service user) or per signed-in user; the rate is read
    from settings on each request so it can be changed without a restart."""

    scope = "api_client"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return self.cache_format % {
                "scope": self.scope,
                "ident": self.get_ident(request),
            }
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
