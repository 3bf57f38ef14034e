"""MEDIA_STORAGE_URL: where uploaded and generated files live, as one URL.

    (unset)                               files under MEDIA_ROOT on this host's disk
    file:///srv/kukm/media                the same, another folder (MEDIA_ROOT)
    s3://KEY:SECRET@HOST:PORT/BUCKET?region=ap-southeast-3&secure=1
    s3://KEY:SECRET@/BUCKET?region=ap-southeast-3     (AWS itself: no host)

Options after `?`: region, secure (1 = https, the default; 0 = http), prefix (a
folder inside the bucket), expire (seconds a download link stays valid, 60) and
addressing (path, the default with a host, or virtual). Objects are private: every
download passes the view's scope check, then redirects to a link signed for
`expire` seconds (core/files.py). KEY and SECRET are percent-encoded when they hold
`/`, `+` or `@`.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def _flag(value: str, name: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: {name}={value} (1 or 0)")


def _s3(parts) -> dict:
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"region", "secure", "prefix", "expire", "addressing"}
    if unknown:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL: unknown option {', '.join(sorted(unknown))}"
        )
    bucket = parts.path.strip("/")
    if not bucket or "/" in bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL: s3://KEY:SECRET@HOST/BUCKET")
    if not parts.username or not parts.password:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL: the key and secret are missing")
    try:
        expire = int(query.get("expire", "60"))
    except ValueError:
        expire = 0
    if not 1 <= expire <= 3600:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL: expire is 1 to 3600 seconds")
    secure = _flag(query.get("secure", "1"), "secure")
    options = {
        "access_key": unquote(parts.username),
        "secret_key": unquote(parts.password),
        "bucket_name": bucket,
        "region_name": query.get("region") or None,
        "location": query.get("prefix", "").strip("/"),
        "default_acl": None,  # the bucket's own: private
        "querystring_auth": True,
        "querystring_expire": expire,
        "file_overwrite": False,  # a second upload of a name gets a new one
        "signature_version": "s3v4",
        "use_ssl": secure,
    }
    if parts.hostname:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        options["endpoint_url"] = f"{'https' if secure else 'http'}://{host}"
    options["addressing_style"] = query.get(
        "addressing", "path" if parts.hostname else "virtual"
    )
    return {"BACKEND": S3, "OPTIONS": options}


def media_storage(url: str) -> tuple[dict, str | None]:
    """The STORAGES["default"] entry for the URL, and the MEDIA_ROOT it names
    (file:// only)."""
    if not url:
        return {"BACKEND": FILESYSTEM}, None
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {"BACKEND": FILESYSTEM}, unquote(parts.path)
    if parts.scheme == "s3":
        return _s3(parts), None
    raise ImproperlyConfigured("MEDIA_STORAGE_URL: file:///… or s3://…")
