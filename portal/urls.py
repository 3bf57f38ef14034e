from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .financing_urls import financing_patterns
from .views import (
    district,
    district_programs,
    home,
    invitations,
    kdmp,
    mentoring,
    notifications,
    owners,
    people,
    phone,
    preferences,
    profile,
    programs,
    recaps,
    reports,
    second_factor,
    tasks,
)
from .views.financing import documents, partner, review
from .views.financing.doors import COOPERATIVE, ENTERPRISE

app_name = "portal"

cooperative = "koperasi/<int:cooperative_id>/"
report = cooperative + "laporan/<int:report_id>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("masuk/", home.PortalLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "verifikasi/", second_factor.SecondFactorVerifyView.as_view(), name="otp-verify"
    ),
    path(
        "verifikasi/daftar/",
        second_factor.SecondFactorEnrolView.as_view(),
        name="otp-enrol",
    ),
    path(
        "verifikasi/kode-pemulihan/",
        second_factor.otp_recovery_codes,
        name="otp-recovery-codes",
    ),
    path(
        "lupa-sandi/",
        auth_views.PasswordResetView.as_view(
            template_name="portal/password/reset.html",
            email_template_name="portal/password/reset_email.txt",
            subject_template_name="portal/password/reset_subject.txt",
            success_url=reverse_lazy("portal:password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="portal/password/sent.html"
        ),
        name="password-reset-sent",
    ),
    path(
        "sandi-baru/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/password/confirm.html",
            success_url=reverse_lazy("portal:password-reset-done"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="portal/password/done.html"
        ),
        name="password-reset-done",
    ),
    path("rekap/", recaps.ReportRunRequestView.as_view(), name="recaps"),
    # Accounts by invitation, and asking for access
    path(
        "undangan/<str:token>/",
        invitations.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    # UMKM owners: sign-up, the code from the email, their business
    path("daftar/", owners.OwnerSignupView.as_view(), name="owner-signup"),
    path("daftar/kode/", owners.OwnerCodeView.as_view(), name="owner-code"),
    path(
        "usaha/<int:enterprise_id>/",
        owners.owner_enterprise,
        name="owner-enterprise",
    ),
    path(
        "usaha/<int:enterprise_id>/alamat/",
        owners.EnterpriseAddressView.as_view(),
        name="owner-enterprise-address",
    ),
    path(
        "staf/umkm-menunggu/",
        owners.EnterprisePendingListView.as_view(),
        name="enterprises-pending",
    ),
    path(
        "staf/umkm-menunggu/<int:enterprise_id>/verifikasi/",
        owners.EnterpriseVerifyView.as_view(),
        name="enterprise-verify",
    ),
    path(
        "minta-akses/", invitations.AccessRequestView.as_view(), name="access-request"
    ),
    path(
        "minta-akses/terkirim/",
        invitations.access_request_sent,
        name="access-request-sent",
    ),
    path(
        "staf/undangan/", invitations.InvitationListView.as_view(), name="invitations"
    ),
    path(
        "staf/undangan/baru/",
        invitations.InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path(
        "staf/undangan/impor/",
        invitations.InvitationsImportView.as_view(),
        name="invitations-import",
    ),
    path(
        "staf/undangan/kiriman/<uuid:batch>/",
        invitations.InvitationBatchView.as_view(),
        name="invitations-batch",
    ),
    path(
        "staf/undangan/<int:invitation_id>/kirim-ulang/",
        invitations.InvitationResendView.as_view(),
        name="invitation-resend",
    ),
    path(
        "staf/undangan/<int:invitation_id>/cabut/",
        invitations.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "staf/permintaan-akses/",
        invitations.AccessRequestListView.as_view(),
        name="access-requests",
    ),
    path(
        "staf/permintaan-akses/<int:request_id>/",
        invitations.AccessRequestDecideView.as_view(),
        name="access-request-decide",
    ),
    path("staf/tugas/", tasks.TaskListView.as_view(), name="tasks"),
    # The district workspace
    path("dinas/", district.DistrictHomeView.as_view(), name="district-home"),
    path("dinas/laporan/", district.ReportQueueView.as_view(), name="district-reports"),
    path(
        "dinas/laporan/<int:report_id>/",
        district.ReportReviewView.as_view(),
        name="district-report",
    ),
    path(
        "dinas/laporan/<int:report_id>/verifikasi/",
        district.ReportVerifyView.as_view(),
        name="district-report-verify",
    ),
    path(
        "dinas/program/",
        district_programs.ProgramListView.as_view(),
        name="district-programs",
    ),
    path(
        "dinas/program/<int:program_id>/",
        district_programs.ProgramDetailView.as_view(),
        name="district-program",
    ),
    path(
        "dinas/program/<int:program_id>/usulkan/",
        district_programs.ProgramNominateView.as_view(),
        name="district-program-nominate",
    ),
    path(
        "dinas/program/<int:program_id>/sesi/<int:session_id>/kehadiran/",
        district_programs.AttendanceView.as_view(),
        name="district-attendance",
    ),
    path(
        "dinas/pendampingan/",
        mentoring.DistrictMentoringListView.as_view(),
        name="district-mentoring",
    ),
    path("pendampingan/", mentoring.my_mentoring, name="my-mentoring"),
    path(
        "pendampingan/<int:assignment_id>/kunjungan/baru/",
        mentoring.MentoringVisitCreateView.as_view(),
        name="mentoring-visit-create",
    ),
    path(
        "pendampingan/<int:assignment_id>/kunjungan/<int:visit_id>/ubah/",
        mentoring.MentoringVisitUpdateView.as_view(),
        name="mentoring-visit-update",
    ),
    path(
        "pendampingan/<int:assignment_id>/kunjungan/<int:visit_id>/hapus/",
        mentoring.MentoringVisitDeleteView.as_view(),
        name="mentoring-visit-delete",
    ),
    path("kdmp/", kdmp.KdmpCoverageView.as_view(), name="kdmp"),
    path("notifikasi/", notifications.notification_list, name="notifications"),
    path("notifikasi/nomor-hp/", phone.phone_settings, name="phone"),
    path(
        "notifikasi/pilihan/",
        preferences.notification_preferences,
        name="notification-preferences",
    ),
    path(
        "notifikasi/dibaca/",
        notifications.notifications_mark_read,
        name="notifications-read",
    ),
    path(cooperative, home.dashboard, name="dashboard"),
    path(
        cooperative + "profil/",
        profile.CooperativeProfileView.as_view(),
        name="profile",
    ),
    path(cooperative + "orang/", people.people_list, name="people"),
    path(
        cooperative + "orang/tambah/", people.PersonAddView.as_view(), name="person-add"
    ),
    path(
        cooperative + "orang/impor/",
        people.MembersImportView.as_view(),
        name="members-import",
    ),
    path(
        cooperative + "orang/<int:role_id>/ubah/",
        people.PersonEditView.as_view(),
        name="person-edit",
    ),
    path(
        cooperative + "orang/<int:role_id>/akhiri/",
        people.PersonEndView.as_view(),
        name="person-end",
    ),
    path(cooperative + "laporan/", reports.report_list, name="reports"),
    path(cooperative + "laporan/baru/", reports.report_start, name="report-start"),
    path(report, reports.report_detail, name="report-detail"),
    path(
        report + "langkah/<slug:step>/",
        reports.ReportStepView.as_view(),
        name="report-step",
    ),
    path(report + "periksa/", reports.report_check, name="report-check"),
    path(report + "terkirim/", reports.report_submitted, name="report-submitted"),
    path(
        report + "lampiran/", reports.ReportAttachView.as_view(), name="report-attach"
    ),
    path(
        report + "lampiran/<slug:kind>/",
        reports.report_attachment,
        name="report-attachment",
    ),
    # Programs
    path(cooperative + "program/", programs.program_list, name="programs"),
    path(
        cooperative + "program/<int:program_id>/",
        programs.program_detail,
        name="program-detail",
    ),
    path(
        cooperative + "program/<int:program_id>/usulkan/",
        programs.ProgramNominateView.as_view(),
        name="program-nominate",
    ),
    path(
        cooperative + "program/<int:program_id>/peserta/<int:enrolment_id>/batalkan/",
        programs.EnrolmentCancelView.as_view(),
        name="enrolment-cancel",
    ),
    path(cooperative + "pendampingan/", programs.mentoring_history, name="mentoring"),
    # Financing, by each door
    *financing_patterns(cooperative, COOPERATIVE),
    *financing_patterns("usaha/<int:enterprise_id>/", ENTERPRISE),
    path(
        "usaha/pembiayaan/", owners.owner_financing_start, name="owner-financing-start"
    ),
    path("staf/pembiayaan/", review.staff_queue, name="financing-queue"),
    path(
        "staf/pembiayaan/<int:application_id>/",
        review.staff_review,
        name="financing-review",
    ),
    path(
        "staf/pembiayaan/<int:application_id>/dokumen/<int:document_id>/",
        documents.staff_document_download,
        name="financing-review-document",
    ),
    path(
        "staf/pembiayaan/<int:application_id>/rekomendasi.pdf",
        partner.recommendation_letter_pdf,
        name="financing-recommendation-pdf",
    ),
]
