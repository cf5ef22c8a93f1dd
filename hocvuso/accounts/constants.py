from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("province administrator (Department of Science and Technology)")
    COMMUNE_OFFICER = "commune_officer", _("commune officer")
    TEAM_MEMBER = "team_member", _("community tech team member")
    MENTOR = "mentor", _("mentor (digital ambassador)")
    ORG_MANAGER = "org_manager", _("organisation manager")
    LEARNER = "learner", _("learner")


class TokenScope(models.TextChoices):
    GEO_READ = "geo:read", _("read administrative units")
    PEOPLE_READ = "people:read", _("read the roster")
    PEOPLE_WRITE = "people:write", _("change the roster")
    IMPORTS_WRITE = "imports:write", _("import rosters")


class AuditAction(models.TextChoices):
    VIEW_PERSON = "view_person", _("viewed a person record")
    VIEW_FULL_ID = "view_full_id", _("viewed a full ID number")
    EXPORT_ROSTER = "export_roster", _("exported a roster")
    IMPORT_ROSTER = "import_roster", _("imported a roster")
    CHANGE_PERSON = "change_person", _("changed a person record")
    CREATE_PERSON = "create_person", _("created a person record")
    CREATE_HAMLET = "create_hamlet", _("created a hamlet")
    GRANT_ROLE = "grant_role", _("granted a role")
    REVOKE_ROLE = "revoke_role", _("took back a role")
    CREATE_TOKEN = "create_token", _("created an API token")
    LOGIN = "login", _("signed in")
    CLAIM_RECORD = "claim_record", _("claimed a roster record and created an account")
    CREATE_ACCOUNT = "create_account", _("created an account for a person")
    SIGN_UP = "sign_up", _("signed up")
    CONFIRM_SIGN_UP = "confirm_sign_up", _("confirmed the account of a person who signed up")
    START_FRAMEWORK_DRAFT = "start_framework_draft", _("started a draft of a framework")
    PUBLISH_FRAMEWORK = "publish_framework", _("published a framework version")
    DISCARD_FRAMEWORK_DRAFT = "discard_framework_draft", _("discarded a framework draft")
    ISSUE_CERTIFICATE = "issue_certificate", _("issued a certificate")
    REVOKE_CERTIFICATE = "revoke_certificate", _("revoked a certificate")
    REISSUE_CERTIFICATE = "reissue_certificate", _("re-issued a certificate")
    ISSUE_CERTIFICATE_BATCH = "issue_certificate_batch", _("started issuing certificates in a batch")
    ROTATE_SIGNING_KEY = "rotate_signing_key", _("rotated the certificate signing key")
    EXPORT_VNEID = "export_vneid", _("exported certificates for VNeID")
    CHANGE_VNEID_STATUS = "change_vneid_status", _("changed the VNeID confirmation status of a certificate")
    START_ASSISTED_ATTEMPT = "start_assisted_attempt", _("started a test for a learner (assisted)")
    CHECK_PRACTICAL_TASK = "check_practical_task", _("recorded a practical task check")
    SIGN_IN_OIDC = "sign_in_oidc", _("signed in through an identity provider")
    LINK_OIDC_IDENTITY = "link_oidc_identity", _("linked an identity provider account")
    CHANGE_TEAM = "change_team", _("created or changed a community tech team")
    CHANGE_HELPERS = "change_helpers", _("changed ambassadors, volunteers or support people")
    LINK_MENTOR = "link_mentor", _("linked a learner to a mentor")
    END_MENTOR_LINK = "end_mentor_link", _("ended a mentor link")
    RECORD_VISIT = "record_visit", _("recorded a household visit")
    GENERATE_SESSIONS = "generate_sessions", _("generated community sessions")
    CHANGE_SESSION = "change_session", _("changed a community session")
    RECORD_ATTENDANCE = "record_attendance", _("recorded attendance")
    CHANGE_EVENT = "change_event", _("created or changed an event")
    CHANGE_WIFI_POINT = "change_wifi_point", _("created or changed a public wifi point")
    CHANGE_PROGRAMME = "change_programme", _("changed a household guide or a 4T flag")
    CHANGE_KPI_TARGET = "change_kpi_target", _("changed a target of an indicator")


class AccessReason(models.TextChoices):
    """Why a full record is opened or exported (Decree 13/2023/NĐ-CP: purpose of processing)."""

    SUPPORT = "support", _("helping the person (sessions, visits, public services)")
    ROSTER_UPDATE = "roster_update", _("keeping the roster up to date")
    VERIFICATION = "verification", _("verifying identity or a certificate")
    REPORTING = "reporting", _("reporting to the province")


# Demo accounts made by `seed_demo` (one per role) share this documented password; `demo_logins`
# lists the users whose username starts with the prefix. Never used outside demo data.
DEMO_PASSWORD = "hocvuso-demo-2025"
DEMO_USERNAME_PREFIX = "demo-"
