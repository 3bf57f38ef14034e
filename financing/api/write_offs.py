"""A loan's write-off requests (hapus buku) as the API shows them: on the
loan's detail and as the answer of the write-off actions."""

from rest_framework import serializers

from ..models import LoanWriteOff


class WriteOffSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanWriteOff
        fields = [
            "id",
            "loan",
            "status",
            "written_off_on",
            "reason",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "refusal_reason",
            "principal",
            "interest",
            "late_fee",
        ]
        read_only_fields = fields
