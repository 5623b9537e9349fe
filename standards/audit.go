package standards

import "time"

// AuditEntry records one change: who did what to which thing, and when
// (R-AUD-1). Entries are appended in the same transaction as the change and
// are never updated or deleted.
type AuditEntry struct {
	// Seq orders the trail; the store assigns it on append.
	Seq int64
	At  time.Time
	// Actor is the acting person's e-mail, and ActorID their person id when
	// they are a known person.
	Actor   string
	ActorID string
	// Operator says the actor acted as the platform operator.
	Operator bool
	// Action names the command, e.g. "registration.approve".
	Action string
	// Subject names the thing changed, e.g. "registration/01J…".
	Subject string
	// CentreID is the centre the change belongs to, or "" for a platform-wide
	// change, so that a centre's trail can be read on its own.
	CentreID string
	Summary  string
}

// Event is a message for someone who should hear about a change, written to
// the outbox in the same transaction as the change (R-EVT-1). The host
// claims pending events, sends e-mail or anything else, and acknowledges
// them (Service.ClaimEvents). Delivery is at least once: see ID.
type Event struct {
	// Seq orders the outbox; the store assigns it on append.
	Seq int64
	// ID is the event's idempotency key: made by the Service when the
	// event is appended, unique, and the same on every delivery of the
	// event. A deliverer that crashes after sending an event but before
	// acknowledging it sends it again; a receiver that keeps the IDs it
	// has seen (as a Message-ID header, say) can drop the copy. Events
	// appended before IDs existed have the ID "seq-" and their Seq.
	ID   string
	At   time.Time
	Kind EventKind
	// To lists the e-mail addresses of the people to tell.
	To       []string
	CentreID string
	// Subject names the thing the event is about, as in AuditEntry.
	Subject string
	Summary string
	// AckedAt is when the host acknowledged the event; zero while pending.
	AckedAt time.Time
}

// EventKind names what happened, so a host can choose a message template.
type EventKind string

// The event kinds of registration and trusts.
const (
	EventRegistrationRequested EventKind = "registration.requested"
	EventRegistrationApproved  EventKind = "registration.approved"
	EventRegistrationRejected  EventKind = "registration.rejected"
	EventAdminGranted          EventKind = "admin.granted"
	EventAdminAppointed        EventKind = "admin.appointed"
	EventOverseerAssigned      EventKind = "overseer.assigned"
	EventTrustRequested        EventKind = "trust.requested"
	EventTrustJoined           EventKind = "trust.joined"
	EventTrustLeft             EventKind = "trust.left"
	EventRegistrationRemoved   EventKind = "registration.removed"
	EventTrustLeadAppointed    EventKind = "trust.lead_appointed"
	// EventEmailChanged goes to a person's old and new addresses when
	// their address changes (Service.ChangeEmail).
	EventEmailChanged EventKind = "person.email_changed"
)

// The event kinds of the standards cycle.
const (
	EventTargetsProposed     EventKind = "targets.proposed"
	EventMeetingRecorded     EventKind = "meeting.recorded"
	EventAwaitingCountersign EventKind = "statement.awaiting_countersignature"
	EventCertificateIssued   EventKind = "certificate.issued"
	EventCertificateRevoked  EventKind = "certificate.revoked"
)
