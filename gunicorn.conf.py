"""gunicorn reads this file from its working directory (the repository, /app in the
image). Its own logs pass the same NIK mask as Django's: an access log line holds
the URL with its query string, which Django's logging never sees."""

from gunicorn.glogging import Logger

from core.logging import MaskNikFilter


class MaskedNikLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, MaskNikFilter) for f in log.filters):
                log.addFilter(MaskNikFilter())


logger_class = MaskedNikLogger
