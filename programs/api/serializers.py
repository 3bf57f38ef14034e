"""Program and enrolment serializers: shape and format only. Nominations go
through the services; derived fields (`seats_left`, `waitlist_position`) are
annotations of the selectors. A person's NIK is taken on POST and shown masked."""

from django.urls import reverse
from rest_framework import serializers

from api.fields import PhoneSerializerField
from cooperatives.models import Cooperative, Person
from cooperatives.validators import validate_person_nik, validate_phone

from ..models import Enrolment, Program


class ProgramSerializer(serializers.ModelSerializer):
    district = serializers.CharField(
        source="district_id",
        read_only=True,
        allow_null=True,
        help_text="Kemendagri code of the district; null for a province-wide program.",
    )
    seats_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "topic",
            "year",
            "audience",
            "district",
            "quota",
            "seats_left",
            "registration_opens",
            "registration_closes",
            "starts_on",
            "ends_on",
            "venue",
            "hours",
            "funding_source",
            "completion_rule_percent",
            "status",
        ]
        read_only_fields = fields


class EnrolmentPersonSerializer(serializers.Serializer):
    """The participant: found by NIK, or registered with these details."""

    nik = serializers.CharField(
        max_length=16,
        validators=[validate_person_nik],
        help_text="NIK (16 digits) on POST; shown masked (`6472********0001`).",
    )
    name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(
        choices=Person.Sex.choices,
        required=False,
        help_text="Taken from the NIK when left out.",
    )
    phone = PhoneSerializerField(
        max_length=32,
        required=False,
        allow_blank=True,
        write_only=True,
        validators=[validate_phone],
    )
    email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, write_only=True
    )

    def to_representation(self, person):
        # The name and sex are the enrolment's record (EnrolmentSerializer puts
        # them in);
        # the identity's id is never shown: a new one would tell a scoped caller
        # that the NIK was unknown.
        return {"nik": person.masked_nik}


class EnrolmentSerializer(serializers.ModelSerializer):
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.none())
    person = EnrolmentPersonSerializer()
    cooperative = serializers.PrimaryKeyRelatedField(
        queryset=Cooperative.objects.none(),
        required=False,
        allow_null=True,
        help_text="The nominating cooperative (required for programs for officers "
        "and members).",
    )
    district = serializers.CharField(source="district_id", read_only=True)
    waitlist_position = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="1 for the first on the waitlist; null unless waitlisted.",
    )
    certificate_url = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "program",
            "person",
            "cooperative",
            "district",
            "status",
            "waitlist_position",
            "certificate_number",
            "certificate_code",
            "certificate_issued_on",
            "certificate_url",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "certificate_number",
            "certificate_code",
            "certificate_issued_on",
            "created_at",
        ]
        # One nomination per person and program is checked by the service, with
        # its Indonesian message and under the program's lock.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = self.context.get("scope")
        if scope is not None:
            self.fields["program"].queryset = Program.objects.restrict(scope)
            self.fields["cooperative"].queryset = Cooperative.objects.restrict(scope)

    def to_representation(self, enrolment):
        data = super().to_representation(enrolment)
        data["person"] = {
            "nik": data["person"]["nik"],
            # As the nominating scope recorded them, never the identity's.
            "name": enrolment.participant_name,
            "sex": enrolment.participant_sex,
        }
        return data

    def get_certificate_url(self, enrolment) -> str | None:
        """The public verification page of the certificate, once issued."""
        if not enrolment.certificate_code:
            return None
        path = reverse(
            "certificates:verify", kwargs={"code": enrolment.certificate_code}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EnrolmentCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Why the nomination is cancelled (optional).",
    )
