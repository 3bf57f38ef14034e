"""Separation of duties in financing: one permission per duty, and the staff
groups that hold them (created by a data migration; staff assign people to them in
the admin). The services check the permission, so the admin, the staff review
pages and the API refuse alike.

| duty | permission | group |
| --- | --- | --- |
| enter an application on an applicant's behalf (walk-in, admin) | financing.add_application | Penerima permohonan (loket) |
| review (take on, checklist, notes) | financing.review_application | Peninjau pembiayaan |
| approve or reject | financing.decide_application | Pemutus pembiayaan |
| recommend a partner-scheme application and forward it to the partner | financing.recommend_application | Perekomendasi pembiayaan |
| record the partner's decision (approved amount, bank reference, or refusal) | financing.record_partner_decision | Pencatat keputusan penyalur |
| disburse (agency schemes) or record the partner's disbursement | financing.disburse_loan | Juru bayar pembiayaan |
| record repayments | financing.record_repayment | Pencatat angsuran |
| settle a loan early (pelunasan dipercepat) | financing.pay_off_loan | Pencatat pelunasan dipercepat |
| restructure a loan (new tenor, grace or rate) | financing.restructure_loan | Pemutus restrukturisasi |
| request a write-off (hapus buku) of a Macet loan | financing.request_write_off | Pengusul hapus buku |
| approve or refuse a write-off request | financing.write_off_loan | Pemutus hapus buku |

Partner-decided schemes (KUR, bank products) are never approved by the agency:
the district or agency recommends, the partner decides (services/partner.py).
Whoever approved an application (or recorded the partner's approval) may not
disburse it (four eyes), unless
FINANCING_ALLOW_SAME_APPROVER_DISBURSER is on (a one-person office); the loan then
says so in `approver_disbursed`. A write-off is requested by one person and
approved or refused by another (services/write_off.py).
"""

from django.core.exceptions import PermissionDenied

REVIEW = "financing.review_application"
DECIDE = "financing.decide_application"
DISBURSE = "financing.disburse_loan"
RECOMMEND = "financing.recommend_application"
RECORD_PARTNER_DECISION = "financing.record_partner_decision"
RECORD_REPAYMENT = "financing.record_repayment"
PAY_OFF = "financing.pay_off_loan"
RESTRUCTURE = "financing.restructure_loan"
REQUEST_WRITE_OFF = "financing.request_write_off"
WRITE_OFF = "financing.write_off_loan"

# Group name → codenames of financing permissions (the view permissions let the
# group's members open what their duty acts on in the admin).
GROUPS = {
    # The counter: staff who type in an application brought to the office. The
    # services check the applicant's eligibility as at every other door.
    "Penerima permohonan (loket)": [
        "view_application",
        "add_application",
    ],
    "Peninjau pembiayaan": [
        "view_application",
        "change_application",
        "view_applicationdocument",
        "review_application",
    ],
    "Pemutus pembiayaan": [
        "view_application",
        "view_applicationdocument",
        "decide_application",
    ],
    "Perekomendasi pembiayaan": [
        "view_application",
        "view_applicationdocument",
        "view_recommendation",
        "recommend_application",
    ],
    "Pencatat keputusan penyalur": [
        "view_application",
        "view_recommendation",
        "record_partner_decision",
    ],
    "Juru bayar pembiayaan": ["view_application", "view_loan", "disburse_loan"],
    "Pencatat angsuran": [
        "view_loan",
        "view_repayment",
        "view_installment",
        "record_repayment",
    ],
    "Pencatat pelunasan dipercepat": [
        "view_loan",
        "view_repayment",
        "view_installment",
        "pay_off_loan",
    ],
    "Pemutus restrukturisasi": [
        "view_loan",
        "view_installment",
        "view_loanrestructuring",
        "restructure_loan",
    ],
    "Pengusul hapus buku": [
        "view_loan",
        "view_installment",
        "view_loanwriteoff",
        "request_write_off",
    ],
    "Pemutus hapus buku": [
        "view_loan",
        "view_installment",
        "view_loanwriteoff",
        "write_off_loan",
    ],
}


def may(user, permission: str) -> bool:
    """Whether `user` holds the duty (inactive and missing users hold none)."""
    return user is not None and user.has_perm(permission)


def require(user, permission: str, message: str) -> None:
    if not may(user, permission):
        raise PermissionDenied(message)


def load_duty_groups(group_model, permission_model) -> None:
    """Create the groups and give each its permissions; permissions staff added
    to a group are kept."""
    for name, codenames in GROUPS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(
            *permission_model.objects.filter(
                content_type__app_label="financing", codename__in=codenames
            )
        )


def migrate_duty_groups(apps) -> None:
    """For a data migration: the app's permissions created now (Django makes
    them only after the migrations) and the groups loaded."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("financing")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    load_duty_groups(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    )
