package standards

import "time"

// KeyArea is one of the three key areas of the standards.
type KeyArea string

const (
	// AreaKnowledge is Knowledge and Understanding: complete when it has a
	// target and every target in it that is not withdrawn (proposed ones
	// included) is achieved.
	AreaKnowledge KeyArea = "knowledge"
	// AreaSkills is Key Skills: complete when it has a target and every
	// target in it that is not withdrawn (proposed ones included) is
	// achieved.
	AreaSkills KeyArea = "skills"
	// AreaValues is the Values and Attributes statement: complete when the
	// exams officer has signed it and an overseer has countersigned.
	AreaValues KeyArea = "values"
)

// String gives the area's name as the NAEO writes it.
func (a KeyArea) String() string {
	switch a {
	case AreaKnowledge:
		return "Knowledge and Understanding"
	case AreaSkills:
		return "Key Skills"
	case AreaValues:
		return "Values and Attributes"
	}
	return string(a)
}

// ParseTargetArea reads the area of a target: "knowledge" or "skills".
func ParseTargetArea(s string) (KeyArea, error) {
	switch a := KeyArea(s); a {
	case AreaKnowledge, AreaSkills:
		return a, nil
	}
	return "", invalid("area", FieldNotInList, params("value", s), "%q is not a key area for a target: choose Knowledge and Understanding or Key Skills", s)
}

// Record is an exams officer's standards record for one year at one centre:
// the "tracker". It is made when their registration as an exams officer is
// approved and holds their targets, CPD log, meetings, signatures and, at the
// end, the claim and certificate.
type Record struct {
	ID string
	// RegistrationID is the exams officer's registration; one record each.
	RegistrationID string
	CentreID       string
	PersonID       string
	Year           AcademicYear
	CreatedAt      time.Time
	// Version counts the record's changes. Every change to anything in the
	// record saves it with the version it read, so that of two people
	// saving at once one succeeds and the other gets ErrConflict.
	Version int64
	// ClosedAt is when the certificate was claimed; after it nothing in the
	// record changes (R-TGT-4).
	ClosedAt time.Time
}

// Closed reports whether the record was closed by a claim.
func (r Record) Closed() bool { return !r.ClosedAt.IsZero() }

// RecordSheet is a record with everything kept of it, read at once: what a
// tracker shows, and what the attention flags and a claim check. Its lists
// are in the orders of the Store's methods for each: Targets as Targets,
// History as TargetChanges, and so on.
type RecordSheet struct {
	Record     Record
	Targets    []Target
	History    []TargetChange
	CPD        []CPDEntry
	Meetings   []Meeting
	Actions    []SupportAction
	Notes      []PrivateNote
	Signatures []Signature
	// Certificate is the record's certificate; its ID is "" until claimed.
	Certificate Certificate
	// Statement is the latest published version of the statement for the
	// record's year; its Version is 0 when none is published.
	Statement Statement
	// CentreYear is the record's centre's year, as CentreSheet reads it:
	// who the record's people are, and where the reader stands.
	CentreYear CentreSheet
}
