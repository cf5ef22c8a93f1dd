from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from hocvuso.web.forms import LoginForm
from hocvuso.web.views import (
    assessment,
    certificates,
    content,
    frameworks,
    kpi,
    learner,
    library,
    oidc,
    pwa,
    sessions,
    teams,
    visits,
    vneid,
)
from hocvuso.web.views import registry as views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False), name="api-docs"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("claim/", views.claim, name="claim"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/full-id/", views.person_full_id, name="person-full-id"),
    path("accounts/new/", views.enrol, name="enrol"),
    path("people/<int:pk>/account/", views.person_account, name="person-account"),
    path("hamlets/", views.hamlets, name="hamlets"),
    path("hamlets/<int:pk>/", views.hamlet_detail, name="hamlet"),
    path("communes/<int:code>/hamlets/new/", views.hamlet_create, name="hamlet-create"),
    path("households/", views.households, name="households"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("imports/", views.imports, name="imports"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/with-new-hamlets/", views.import_with_new_hamlets, name="import-with-new-hamlets"),
    path("imports/<int:pk>/rejected.xlsx", views.import_rejected_xlsx, name="import-rejected"),
    path("export/", views.export_roster, name="export"),
    path("staff/", views.staff, name="staff"),
    path("staff/audit/", views.audit_log, name="audit"),
    *learner.urlpatterns,
    *content.urlpatterns,
    *frameworks.urlpatterns,
    *library.urlpatterns,
    *pwa.urlpatterns,
    *assessment.urlpatterns,
    *certificates.urlpatterns,
    *vneid.urlpatterns,
    *oidc.urlpatterns,
    *teams.urlpatterns,
    *visits.urlpatterns,
    *sessions.urlpatterns,
    *kpi.urlpatterns,
]
