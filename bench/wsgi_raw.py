"""The bare WSGI baseline of the "HTTP list" bar: the same enterprise page as the
API (bench.raw: one psycopg query for the page, one for the count, orjson), with
no Django, no authentication, no middleware. Served by the same gunicorn config."""

import os
from urllib.parse import parse_qs

import psycopg

from bench import raw

_connection = None


def application(environ, start_response):
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    query = parse_qs(environ.get("QUERY_STRING", ""))
    page = int(query.get("page", ["1"])[0])
    size = int(query.get("page_size", ["100"])[0])
    body = raw.enterprise_page(_connection, page, size)
    start_response(
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
