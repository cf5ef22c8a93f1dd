from django.db import models
from django.utils.translation import gettext_lazy as _

# Certificate numbers read "TV-2026-000123": the province prefix (HOCVUSO_CERTIFICATE_PREFIX,
# default TV for Trà Vinh), the year of issue and a sequence per year, padded to six digits.
DEFAULT_NUMBER_PREFIX = "TV"
NUMBER_DIGITS = 6

# W3C VC data model 2.0 + Open Badges 3.0 contexts (embedded as strings; nothing fetched at run time).
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
PROOF_TYPE = "DataIntegrityProof"
PROOF_CRYPTOSUITE = "eddsa-jcs-2022"


class RevocationReason(models.TextChoices):
    MISTAKE = "mistake", _("issued by mistake")
    FRAUD = "fraud", _("the test was not taken honestly")
    REISSUED = "reissued", _("replaced by a re-issued certificate")
    DATA_CORRECTED = "data_corrected", _("the holder's details were corrected")
    OTHER = "other", _("other reason")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class VNeIDStatus(models.TextChoices):
    """Where the confirmation of a certificate on VNeID stands (issue 4 §3)."""

    NOT_SENT = "not_sent", _("not sent")
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    CONFIRMED = "confirmed", _("confirmed")
    FAILED = "failed", _("failed")
