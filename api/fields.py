"""Serializer fields every app's API shares."""

from rest_framework import serializers

from core.phone import normalize_phone


class PhoneSerializerField(serializers.CharField):
    """A phone number as people type it (`0812-…`, `+62 812…`), stored in E.164;
    the model field's validators check the result."""

    def to_internal_value(self, data):
        return normalize_phone(super().to_internal_value(data))
