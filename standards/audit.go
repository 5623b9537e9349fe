package standards

import (
	"context"
	"strconv"
	"time"
)

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
	// Via names the host's program the actor acted through (Actor.Via):
	// "" for a person at a page.
	Via string
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

// MaxPage is the most items one call of a paged list returns: a limit of
// 0 (or less) asks for that many, and a limit above it is refused.
const MaxPage = 200

// pageSize is the number of items a paged list of limit returns, or a
// field error on "limit" above MaxPage: a caller asking for more than it
// can get is told so, rather than given fewer and left to think the list
// ended.
func pageSize(limit int) (int, error) {
	switch {
	case limit <= 0:
		return MaxPage, nil
	case limit > MaxPage:
		return 0, invalid("limit", FieldOutOfRange, params("value", strconv.Itoa(limit), "min", "1", "max", strconv.Itoa(MaxPage)),
			"at most %d items come in one page: ask for %d or fewer, and the next page after the last", MaxPage, MaxPage)
	}
	return limit, nil
}

// AuditTrail lists a centre's audit entries, newest first, with Seq below
// before (0 for the newest), at most limit (0 for MaxPage; more is
// refused). The centre's admins and the operator may read it.
func (s *Service) AuditTrail(ctx context.Context, actor Actor, centreID string, before int64, limit int) (_ []AuditEntry, err error) {
	defer s.observe(&ctx, "AuditTrail").done(&err)
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	err = s.view(ctx, actor, func(c *call) error {
		// The page comes with the centre's year, which says who may read it.
		sheet, page, err := c.tx.CentreAudit(c.ctx, centreID, YearOf(c.now), before, size)
		if err != nil {
			return err
		}
		c.keep(sheet)
		st, err := c.standingAtCentre(sheet.Centre)
		if err != nil {
			return err
		}
		if err := authorize(actViewAudit, st, subject{}); err != nil {
			return err
		}
		out = page
		return nil
	})
	return out, err
}

// PlatformTrail lists the audit entries that belong to no centre, newest
// first, paged as AuditTrail: people recorded and erased, trusts and their
// leads, statements published. Only the operator may read it.
func (s *Service) PlatformTrail(ctx context.Context, actor Actor, before int64, limit int) (_ []AuditEntry, err error) {
	defer s.observe(&ctx, "PlatformTrail").done(&err)
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actViewPlatformTrail, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		var err error
		out, err = c.tx.AuditByCentre(c.ctx, "", before, size)
		return err
	})
	return out, err
}

// AuditLog is the append-only audit trail (R-AUD-1). It has no update or
// delete on purpose, but for the one change UK GDPR requires of it: an
// erased person's redaction.
type AuditLog interface {
	// AppendAudit stores the entries in the order given, each with a
	// sequence number greater than any before, and returns the last one's
	// (0 for none). A command that makes many at once (a meeting's target
	// updates) appends them in one call, which a store should write in one
	// statement.
	AppendAudit(ctx context.Context, entries ...AuditEntry) (int64, error)
	// AuditByCentre lists a centre's entries, newest first, with Seq below
	// before (0 means from the newest), at most limit of them.
	AuditByCentre(ctx context.Context, centreID string, before int64, limit int) ([]AuditEntry, error)
	// CentreAudit reads a page of a centre's trail, as AuditByCentre, with
	// the centre's year (as CentreSheet), which says who may read it; it
	// returns ErrNotFound when there is no such centre. A store that can
	// should read both in one statement.
	CentreAudit(ctx context.Context, centreID string, year AcademicYear, before int64, limit int) (CentreSheet, []AuditEntry, error)
	// RedactAudit carries out r, the erasure of a person: r.As becomes the
	// actor of every entry whose ActorID is r.PersonID or whose Actor is
	// r.Email; and every summary of an entry of r.CentreIDs ("" is the
	// platform's entries) that contains one of r.Mentions (as exact,
	// case-sensitive text) becomes r.Rewrite(summary). It changes nothing
	// else: the entries, their order and their sequence numbers stay. Only
	// the erasure of a person uses it.
	RedactAudit(ctx context.Context, r Redaction) error
}

// Redaction is what RedactAudit rewrites of an erased person.
type Redaction struct {
	PersonID string
	Email    string
	// As is what the person's entries name as their actor.
	As string
	// CentreIDs are the trails searched for Mentions: the centres the
	// person was registered at, and "" for the platform's.
	CentreIDs []string
	// Mentions are the texts that find the summaries to rewrite.
	Mentions []string
	// Rewrite gives a summary found its redacted text.
	Rewrite func(summary string) string
}
