"""MEDIA_STORAGE_URL: one URL picks the file storage; nothing set keeps the files
under MEDIA_ROOT on this host's disk (`make run`), a bad URL stops the start with a
message naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kukm_portal.settings.storage import FILESYSTEM, S3, media_storage


def test_no_url_keeps_the_files_on_disk():
    assert media_storage("") == ({"BACKEND": FILESYSTEM}, None)
    assert media_storage("file:///srv/kukm/media") == (
        {"BACKEND": FILESYSTEM},
        "/srv/kukm/media",
    )


def test_an_s3_url_names_the_bucket_the_keys_and_a_short_lived_link():
    storage, root = media_storage(
        "s3://AKIA1:se%2Fcr%2Bet@minio.internal:9000/kukm-berkas"
        "?region=ap-southeast-3&secure=0&prefix=media/&expire=120"
    )

    options = storage["OPTIONS"]
    assert (storage["BACKEND"], root) == (S3, None)
    assert (options["access_key"], options["secret_key"]) == ("AKIA1", "se/cr+et")
    assert options["bucket_name"] == "kukm-berkas"
    assert options["endpoint_url"] == "http://minio.internal:9000"
    assert options["region_name"] == "ap-southeast-3"
    assert options["location"] == "media"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 120
    assert options["default_acl"] is None
    assert options["addressing_style"] == "path"


def test_aws_itself_needs_no_host_and_defaults_to_https_and_60_seconds():
    options = media_storage("s3://KEY:SECRET@/kukm-berkas?region=ap-southeast-3")[0][
        "OPTIONS"
    ]

    assert "endpoint_url" not in options
    assert options["use_ssl"] is True
    assert options["querystring_expire"] == 60
    assert options["addressing_style"] == "virtual"


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("ftp://host/bucket", "file:///… or s3://…"),
        ("s3://KEY:SECRET@host:9000/", "BUCKET"),
        ("s3://host:9000/bucket", "key and secret"),
        ("s3://K:S@host/bucket?secure=maybe", "secure=maybe"),
        ("s3://K:S@host/bucket?expire=86400", "expire"),
        ("s3://K:S@host/bucket?regoin=x", "unknown option regoin"),
    ],
)
def test_a_bad_url_is_refused_naming_what_is_wrong(url, named):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE_URL") as refusal:
        media_storage(url)

    assert named in str(refusal.value)
