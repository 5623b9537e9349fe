package standards

import (
	"context"
	"time"
)

// Store is the persistence port: everything the Service keeps goes through
// it. storage/memory and storage/sqlstore implement it, and a host may bring
// its own; storage/storetest is the conformance suite every Store must pass.
//
// Every command of the Service runs inside one Update, so it is all or
// nothing: the change, its audit entry and its outbox events commit
// together or not at all.
type Store interface {
	// Update runs fn in a read-write transaction and commits when fn
	// returns nil. If fn returns an error, Update returns it and nothing fn
	// wrote remains; if fn panics, nothing remains and the panic carries on.
	// A context cancelled before the commit is an error and commits nothing.
	// Concurrent Updates behave as if run one at a time: a Store that cannot
	// serialise them (a serialization failure, a deadlock, a lock timeout,
	// SQLite busy) returns an error wrapping ErrTransient, never a lost
	// update, and never ErrConflict, which says that the data refused the
	// change (a unique key taken, a stale version).
	//
	// fn may run more than once: the Service runs a command again, in a new
	// Update, when one fails with ErrTransient. So fn must have no effect
	// outside the transaction (no mail sent, no variable of the caller's
	// appended to) that a second run would double; what it returns is
	// whatever its last run, the one that committed, set.
	//
	// Once a Tx method has failed, the transaction may be unusable (as on
	// PostgreSQL): fn should return the error rather than carry on.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// View runs fn in a read-only transaction that sees one consistent
	// state. fn must not write. Like Update's, fn may run more than once, and
	// a store reports a snapshot it could not give as ErrTransient.
	View(ctx context.Context, fn func(tx Tx) error) error
	// ClaimEvents, in a transaction of its own, claims for deliverer at
	// most limit outbox events, oldest first: those not acknowledged whose
	// lease, if any, ended at or before now. It leases each to deliverer
	// until until, and returns them. A claim is the only way two
	// deliverers share the outbox: two claims at once, from any number of
	// processes, never return one event to both while its lease lasts.
	// A store with row locks claims with SELECT … FOR UPDATE SKIP LOCKED
	// at a level that does not fail one claim for another's (READ
	// COMMITTED), so that claimers skip each other's rows rather than
	// wait or conflict; a store with one writer (SQLite, memory) claims
	// under its write lock. A limit of zero or less claims nothing.
	ClaimEvents(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]Event, error)
	// AckEvents, in a transaction of its own, acknowledges at at every
	// event of seqs (as Tx.AckEvent does), whoever claimed it, so that no
	// claim returns it again. An event acknowledged before keeps its time;
	// a seq the outbox does not hold is skipped and returned in unknown, in
	// order. Like ClaimEvents it runs at a level where acknowledgements of
	// different events do not fail each other, and it locks rows in seq
	// order, so that two acknowledgements of overlapping events do not
	// deadlock. On an error nothing is acknowledged.
	AckEvents(ctx context.Context, at time.Time, seqs []int64) (unknown []int64, err error)
	// ReleaseEvents, in a transaction of its own, ends at once the lease of
	// every event not acknowledged that deliverer holds, so that the next
	// claim, by any deliverer, returns it; it returns how many it
	// released. It is what a deliverer that stops does with what it
	// claimed and did not send, so that another need not wait for the
	// lease to end. Acknowledged events and other deliverers' leases are
	// left as they are; releasing when nothing is held is not an error.
	ReleaseEvents(ctx context.Context, deliverer string) (int, error)
}

// Tx is one transaction's view of the store. Its contract, which
// storage/storetest checks:
//
//   - Getters return an error wrapping ErrNotFound when nothing matches, and
//     so do updates and deletes of a missing row.
//   - Creates and updates return an error wrapping ErrConflict when they
//     would take a unique key another row holds. Every ID is unique.
//   - Lists are in the order each method states, comparing strings byte by
//     byte, and are empty (with a nil error) when nothing matches. A limit
//     of zero or less returns nothing.
//   - Times round-trip to the microsecond, as the same instant.
//   - Slices passed in or returned (Roles, To, TargetIDs, Attendees,
//     Updates) are not shared with the store.
//   - Sequence numbers grow but may have gaps (a rolled-back append may use
//     one up).
//   - A store may enforce that every id a row refers to names a row.
type Tx interface {
	CentreStore
	PersonStore
	RegistrationStore
	TrustStore
	RecordStore
	TargetStore
	MeetingStore
	StatementStore
	CertificateStore
	AuditLog
	Outbox
	DashboardStore
	TrustDashboardStore
	NationalStore
	ReminderStore
}

// CentreStore keeps centres and their yearly registrations.
type CentreStore interface {
	// CreateCentre stores a new centre; its ID and Number are unique.
	CreateCentre(ctx context.Context, c Centre) error
	// UpdateCentre replaces the centre with c.ID; the service changes only
	// its name and trust.
	UpdateCentre(ctx context.Context, c Centre) error
	Centre(ctx context.Context, id string) (Centre, error)
	CentreByNumber(ctx context.Context, n CentreNumber) (Centre, error)
	// CentresByTrust lists a trust's centres by number. trustID is never "".
	CentresByTrust(ctx context.Context, trustID string) ([]Centre, error)

	// CreateCentreYear stores a centre's registration for a year; the pair
	// (CentreID, Year) is unique.
	CreateCentreYear(ctx context.Context, cy CentreYear) error
	CentreYear(ctx context.Context, centreID string, year AcademicYear) (CentreYear, error)
	// CentreYears lists the years a centre registered for, newest first.
	CentreYears(ctx context.Context, centreID string) ([]CentreYear, error)

	// CentreSheet reads a centre's year at once (see CentreSheet), or
	// returns ErrNotFound when there is no such centre. A store that can
	// should read it in one statement: every page of a centre or a record
	// needs it.
	CentreSheet(ctx context.Context, centreID string, year AcademicYear) (CentreSheet, error)
}

// PersonStore keeps people.
type PersonStore interface {
	// CreatePerson stores a new person; ID, Email and a non-empty ExternalID
	// are each unique.
	CreatePerson(ctx context.Context, p Person) error
	// UpdatePerson replaces the person with p.ID.
	UpdatePerson(ctx context.Context, p Person) error
	Person(ctx context.Context, id string) (Person, error)
	PersonByEmail(ctx context.Context, email string) (Person, error)
	PersonByExternalID(ctx context.Context, externalID string) (Person, error)
	// People returns the people with the given ids, in the order of ids,
	// skipping ids that match nobody (a repeated id gives the person again).
	People(ctx context.Context, ids []string) ([]Person, error)

	// PersonSheet reads a person with their history (see PersonSheet), and
	// the registrations viewerID holds at the person's centres ("" holds
	// none), or returns ErrNotFound when there is no such person. A store
	// that can should read it in one statement.
	PersonSheet(ctx context.Context, personID, viewerID string) (PersonSheet, error)
}

// RegistrationStore keeps registrations and oversight.
type RegistrationStore interface {
	// CreateRegistration stores a new registration; ID and the triple
	// (CentreID, PersonID, Year) are each unique.
	CreateRegistration(ctx context.Context, r Registration) error
	// UpdateRegistration replaces the registration with r.ID. The service
	// never changes a registration's centre, person or year, so a store may
	// leave them as stored.
	UpdateRegistration(ctx context.Context, r Registration) error
	Registration(ctx context.Context, id string) (Registration, error)
	// RegistrationOf returns a person's registration at a centre for a year.
	RegistrationOf(ctx context.Context, centreID, personID string, year AcademicYear) (Registration, error)
	// RegistrationsByCentre lists a centre's registrations for a year, in
	// order of RequestedAt then ID.
	RegistrationsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Registration, error)
	// RegistrationsByPerson lists a person's registrations, newest year
	// first, then by RequestedAt and ID.
	RegistrationsByPerson(ctx context.Context, personID string) ([]Registration, error)

	// CreateOversight stores an oversight; the pair (EORegistrationID,
	// OverseerRegistrationID) is unique.
	CreateOversight(ctx context.Context, o Oversight) error
	// DeleteOversight removes one oversight, or returns ErrNotFound.
	DeleteOversight(ctx context.Context, eoRegistrationID, overseerRegistrationID string) error
	// OversightsByCentre lists a centre's oversights for a year, in order of
	// AssignedAt, then EORegistrationID, then OverseerRegistrationID.
	OversightsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Oversight, error)

	// CentreSheetOfRegistration reads the centre's year a registration
	// belongs to (as CentreSheet, which holds the registration), or
	// returns ErrNotFound when there is no such registration. A store that
	// can should read it in one statement.
	CentreSheetOfRegistration(ctx context.Context, registrationID string) (CentreSheet, error)
}

// TrustStore keeps trusts, their leads and requests to join them.
type TrustStore interface {
	// CreateTrust stores a new trust; its ID is unique.
	CreateTrust(ctx context.Context, t Trust) error
	Trust(ctx context.Context, id string) (Trust, error)
	// Trusts lists every trust by name, then ID.
	Trusts(ctx context.Context) ([]Trust, error)

	// CreateTrustLead stores an appointment; (TrustID, PersonID) is unique.
	CreateTrustLead(ctx context.Context, l TrustLead) error
	DeleteTrustLead(ctx context.Context, trustID, personID string) error
	// TrustLeads lists a trust's leads in order of AppointedAt, then PersonID.
	TrustLeads(ctx context.Context, trustID string) ([]TrustLead, error)
	// TrustsLedBy lists the appointments of one person, in order of
	// AppointedAt, then TrustID.
	TrustsLedBy(ctx context.Context, personID string) ([]TrustLead, error)

	// CreateTrustRequest stores a request; ID and (TrustID, CentreID) are
	// each unique.
	CreateTrustRequest(ctx context.Context, r TrustRequest) error
	TrustRequest(ctx context.Context, id string) (TrustRequest, error)
	DeleteTrustRequest(ctx context.Context, id string) error
	// TrustSheet reads a trust with its leads, their people, its centres
	// and its open requests (see TrustSheet), or returns ErrNotFound when
	// there is no such trust. A store that can should read it in one
	// statement.
	TrustSheet(ctx context.Context, trustID string) (TrustSheet, error)
	// TrustRequestsByTrust and TrustRequestsByCentre list open requests in
	// order of RequestedAt, then ID.
	TrustRequestsByTrust(ctx context.Context, trustID string) ([]TrustRequest, error)
	TrustRequestsByCentre(ctx context.Context, centreID string) ([]TrustRequest, error)
}

// RecordStore keeps standards records and the CPD log.
type RecordStore interface {
	// CreateRecord stores a new record; ID and RegistrationID are each
	// unique.
	CreateRecord(ctx context.Context, r Record) error
	Record(ctx context.Context, id string) (Record, error)
	RecordByRegistration(ctx context.Context, registrationID string) (Record, error)
	// UpdateRecord saves r with its version one higher if the stored
	// version is still r.Version; if another transaction saved the record
	// since it was read, it returns ErrConflict, as an *Error with
	// ReasonStale, and saves nothing. This is
	// what keeps two people saving one record at once from losing an update.
	// The service never changes a record's registration, centre, person,
	// year or CreatedAt, so a store may leave them as stored.
	UpdateRecord(ctx context.Context, r Record) error
	// RecordsByCentre lists a centre's records for a year, in order of
	// CreatedAt, then ID.
	RecordsByCentre(ctx context.Context, centreID string, year AcademicYear) ([]Record, error)

	// CreateCPDEntry stores a CPD entry; its ID is unique.
	CreateCPDEntry(ctx context.Context, e CPDEntry) error
	CPDEntry(ctx context.Context, id string) (CPDEntry, error)
	DeleteCPDEntry(ctx context.Context, id string) error
	// CPDEntries lists a record's CPD log in order of Date, then ID. An
	// entry's TargetIDs come back in byte order (the service stores them
	// so).
	CPDEntries(ctx context.Context, recordID string) ([]CPDEntry, error)

	// RecordSheet reads a record with everything kept of it and its
	// centre's year (see RecordSheet), or returns ErrNotFound when there is
	// no such record. A store that can should read it in one statement.
	RecordSheet(ctx context.Context, recordID string) (RecordSheet, error)
}

// TargetStore keeps targets and their history.
type TargetStore interface {
	// CreateTarget stores a target; its ID is unique.
	CreateTarget(ctx context.Context, t Target) error
	// UpdateTarget replaces the target with t.ID. The service never changes
	// a target's record or CreatedAt, so a store may leave them as stored.
	UpdateTarget(ctx context.Context, t Target) error
	Target(ctx context.Context, id string) (Target, error)
	// Targets lists a record's targets in order of CreatedAt, then ID.
	Targets(ctx context.Context, recordID string) ([]Target, error)
	// AppendTargetChange stores c with a sequence number greater than any
	// before, and returns it.
	AppendTargetChange(ctx context.Context, c TargetChange) (int64, error)
	// TargetChanges lists a record's target history in order of Seq.
	TargetChanges(ctx context.Context, recordID string) ([]TargetChange, error)
}

// MeetingStore keeps meetings, support actions, private notes and
// signatures.
type MeetingStore interface {
	// CreateMeeting stores a meeting with its attendees and updates; its ID
	// is unique.
	CreateMeeting(ctx context.Context, m Meeting) error
	// Meetings lists a record's meetings in order of Date, then ID, each
	// with its attendees and updates in the order stored.
	Meetings(ctx context.Context, recordID string) ([]Meeting, error)

	// CreateSupportAction stores a support action; its ID is unique.
	CreateSupportAction(ctx context.Context, a SupportAction) error
	UpdateSupportAction(ctx context.Context, a SupportAction) error
	SupportAction(ctx context.Context, id string) (SupportAction, error)
	// SupportActions lists a record's support actions in order of Due, then
	// ID.
	SupportActions(ctx context.Context, recordID string) ([]SupportAction, error)

	// CreatePrivateNote stores a note; its ID is unique.
	CreatePrivateNote(ctx context.Context, n PrivateNote) error
	// PrivateNotes lists a record's notes in order of At, then ID.
	PrivateNotes(ctx context.Context, recordID string) ([]PrivateNote, error)

	// CreateSignature stores a signature; (RecordID, Side) is unique. Its
	// StatementVersion may be 0, the shipped text, which has no stored row.
	CreateSignature(ctx context.Context, s Signature) error
	// Signatures lists a record's signatures in order of At, then Side.
	Signatures(ctx context.Context, recordID string) ([]Signature, error)
}

// StatementStore keeps the published versions of the Values and Attributes
// statement.
type StatementStore interface {
	// CreateStatement stores a version; (Year, Version) is unique.
	CreateStatement(ctx context.Context, s Statement) error
	// LatestStatement returns the year's highest version, or ErrNotFound
	// when the operator has published none.
	LatestStatement(ctx context.Context, year AcademicYear) (Statement, error)
	Statement(ctx context.Context, year AcademicYear, version int) (Statement, error)
}

// CertificateStore keeps certificates.
type CertificateStore interface {
	// CreateCertificate stores a certificate; ID, Serial and
	// VerificationCode are each unique, and so is a non-empty RecordID.
	CreateCertificate(ctx context.Context, c Certificate) error
	// UpdateCertificate replaces the certificate with c.ID (to revoke it).
	UpdateCertificate(ctx context.Context, c Certificate) error
	Certificate(ctx context.Context, id string) (Certificate, error)
	CertificateByCode(ctx context.Context, code string) (Certificate, error)
	// CertificateByRecord finds a record's certificate; "" finds nothing.
	CertificateByRecord(ctx context.Context, recordID string) (Certificate, error)
	// CertificatesByPerson lists a person's certificates, newest year
	// first, then by IssuedAt and ID.
	CertificatesByPerson(ctx context.Context, personID string) ([]Certificate, error)
}

// AuditLog is the append-only audit trail (R-AUD-1). It has no update or
// delete on purpose, but for the one change UK GDPR requires of it: an
// erased person's redaction.
type AuditLog interface {
	// AppendAudit stores e with a sequence number greater than any before,
	// and returns it.
	AppendAudit(ctx context.Context, e AuditEntry) (int64, error)
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

// Outbox holds events for the host to deliver (R-EVT-1). Deliverers claim
// and acknowledge them with Store.ClaimEvents and Store.AckEvents, outside
// any Update, and a deliverer that stops gives back what it claimed and did
// not send with Store.ReleaseEvents.
type Outbox interface {
	// AppendEvent stores e with a sequence number greater than any before,
	// and returns it; e.ID is unique.
	AppendEvent(ctx context.Context, e Event) (int64, error)
	// PendingEvents lists unacknowledged events with Seq above after, oldest
	// first, at most limit of them, claimed or not.
	PendingEvents(ctx context.Context, after int64, limit int) ([]Event, error)
	// AckEvent marks one event acknowledged at at, so that PendingEvents no
	// longer lists it and no claim returns it. Acknowledging an
	// acknowledged event changes nothing; an unknown seq is ErrNotFound,
	// and leaves the transaction usable for the acknowledgements after it.
	AckEvent(ctx context.Context, seq int64, at time.Time) error
}
