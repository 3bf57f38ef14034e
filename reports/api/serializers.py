from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.reverse import reverse

from cooperatives.models import District

from ..models import ReportRun


class ReportParamsSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(), required=False, allow_null=True
    )

    def validate_district(self, district):
        scope = self.context["scope"]
        if scope.everything:
            return district
        if district is not None and district.code != scope.district_code:
            # Another district's figures do not exist for this caller.
            raise exceptions.NotFound()
        return District.objects.get(pk=scope.district_code)


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportRun.Kind.choices)
    format = serializers.ChoiceField(choices=ReportRun.Format.choices)
    params = ReportParamsSerializer()

    def validate(self, attrs):
        scope = self.context["scope"]
        if not scope.everything and attrs["params"].get("district") is None:
            attrs["params"]["district"] = District.objects.get(pk=scope.district_code)
        return attrs


class ReportRunSerializer(serializers.ModelSerializer):
    district = serializers.CharField(
        source="district_id", allow_null=True, read_only=True
    )
    error = serializers.CharField(
        source="get_failure_display",
        read_only=True,
        help_text=_("Why a failed run failed, in short words; empty otherwise."),
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Set once the run is done.")
    )

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "format",
            "year",
            "district",
            "status",
            "progress",
            "error",
            "download_url",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_download_url(self, run) -> str | None:
        if run.status != ReportRun.Status.DONE:
            return None
        return reverse(
            "api:report-download", args=[run.pk], request=self.context.get("request")
        )
