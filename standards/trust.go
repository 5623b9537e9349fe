package standards

import "time"

// Trust is a group of centres, such as a multi-academy trust, whose trust
// leads see the progress of every centre in it, read-only (R-TRU-1).
type Trust struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// TrustLead appoints a person to lead a trust.
type TrustLead struct {
	TrustID  string
	PersonID string
	// AppointedBy is the operator's person id, or "" when the operator has
	// never registered; the audit trail names them by e-mail.
	AppointedBy string
	AppointedAt time.Time
}

// TrustSide says which side of a trust membership made a request.
type TrustSide string

const (
	// SideTrust: a trust lead invited the centre.
	SideTrust TrustSide = "trust"
	// SideCentre: a centre administrator asked to join the trust.
	SideCentre TrustSide = "centre"
)

// TrustRequest is one side's wish that a centre join a trust; the other side
// accepts it (R-TRU-2). A centre has at most one open request per trust.
type TrustRequest struct {
	ID          string
	TrustID     string
	CentreID    string
	From        TrustSide
	RequestedBy string
	RequestedAt time.Time
}

// TrustSheet is a trust read at once: its leads with their people, its
// centres and the requests to join it still open.
type TrustSheet struct {
	Trust Trust
	// Leads are in order of AppointedAt, then PersonID.
	Leads []TrustLead
	// People are the leads' people, by ID.
	People []Person
	// Centres are the trust's centres by number.
	Centres []Centre
	// Requests are the open requests, in order of RequestedAt, then ID.
	Requests []TrustRequest
}
