"""SQLAlchemy 2.x models, one module per aggregate; importing this registers them all."""

from models.admin import AuditLog, Setting, StaffUser
from models.base import Base, utcnow
from models.chat import (
    IdentificationAttempt,
    IdentificationFailure,
    OutageReport,
    ShortLink,
    UnrecognizedMessage,
)
from models.collection import Adjustment, ReturnFile, UnknownPayment
from models.conversation import Conversation, InboundMessage
from models.db import Database
from models.debit import (
    ClosedDay,
    CollectionSequence,
    DebitEnrollment,
    DebitFile,
    DebitRequest,
)
from models.delivery import (
    Delivery,
    DeliveryEvent,
    DeliveryKind,
    DeliveryMedium,
    DeliveryStatus,
    OutboxMessage,
)
from models.enrollment import Consent, Enrollment, EnrollmentMedium
from models.handoff import Handoff, HandoffMessage, ProtocolSequence
from models.installment import (
    LIVE_PLAN_STATUSES,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    PlanEvent,
    PlanStatus,
)
from models.invoice import Invoice, InvoiceItem, InvoiceKind, InvoiceStatus
from models.media import PendingPhoto, WhatsappContent
from models.party import Consumer, ConsumerPhone, Unit, unit_by_uc

__all__ = [
    "LIVE_PLAN_STATUSES",
    "Adjustment",
    "AuditLog",
    "Base",
    "ClosedDay",
    "CollectionSequence",
    "Consent",
    "Consumer",
    "ConsumerPhone",
    "Conversation",
    "Database",
    "DebitEnrollment",
    "DebitFile",
    "DebitRequest",
    "Delivery",
    "DeliveryEvent",
    "DeliveryKind",
    "DeliveryMedium",
    "DeliveryStatus",
    "Enrollment",
    "EnrollmentMedium",
    "Handoff",
    "HandoffMessage",
    "IdentificationAttempt",
    "IdentificationFailure",
    "InboundMessage",
    "Installment",
    "InstallmentPlan",
    "InstallmentStatus",
    "Invoice",
    "InvoiceItem",
    "InvoiceKind",
    "InvoiceStatus",
    "OutageReport",
    "OutboxMessage",
    "PendingPhoto",
    "PlanEvent",
    "PlanStatus",
    "ProtocolSequence",
    "ReturnFile",
    "Setting",
    "ShortLink",
    "StaffUser",
    "Unit",
    "UnknownPayment",
    "UnrecognizedMessage",
    "WhatsappContent",
    "unit_by_uc",
    "utcnow",
]
