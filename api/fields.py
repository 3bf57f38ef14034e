"""Serializer fields every app's API shares."""

from rest_framework import serializers

from core.phone import normalize_phone


class PhoneSerializerField(serializers.CharField):
    """A phone number as people type it (`0812-…`, `+62 812…`), stored in E.164;
    the model field's validators check the result."""

    def to_internal_value(self, data):
        return normalize_phone(super().to_internal_value(data))


class SlugRelatedField(serializers.SlugRelatedField):
    """A row looked up by its code; a code no column can hold (a NUL character)
    is refused as invalid under the field's name instead of reaching the database
    (where it raised a DataError that named no field)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)
