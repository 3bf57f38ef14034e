"""Log records never carry a person's NIK (UU 27/2022): the message, its arguments
and any traceback are masked before a handler writes them."""

import logging

from core.nik_mask import mask_niks_in


class MaskNikFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Format once, then mask the finished text: a NIK may sit in the arguments
        # (a URL, a request body, an exception) as well as in the message.
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = mask_niks_in(message), None
        if record.exc_text:
            record.exc_text = mask_niks_in(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_niks_in(record.stack_info)
        return True
