package standards

import (
	"context"
	"errors"
	"strings"
	"time"
)

// CentreNumber identifies a centre on the platform (R-CEN-1): five digits,
// a JCQ national centre number such as "12345", or two letters and three
// digits, an international centre number such as "GB123". Always upper-case.
type CentreNumber string

// ParseCentreNumber trims and upper-cases s and checks its shape; anything
// else is a *ValidationError on field "centre_number".
func ParseCentreNumber(s string) (CentreNumber, error) {
	n := strings.TrimSpace(s)
	if n == "" {
		return "", invalid("centre_number", FieldRequired, nil, "enter the centre number: five digits (12345) or two letters and three digits (GB123)")
	}
	// The shape is checked before upper-casing, which would turn letters
	// R-CEN-1 does not allow into A to Z: "ſ" into "S", "ı" into "I".
	if !validCentreNumber(n) {
		return "", invalid("centre_number", FieldInvalidFormat, params("example", "12345"), "a centre number is five digits (12345) or two letters and three digits (GB123)")
	}
	return CentreNumber(strings.ToUpper(n)), nil
}

func validCentreNumber(n string) bool {
	if len(n) != 5 {
		return false
	}
	if allDigits(n) {
		return true
	}
	return isLetter(n[0]) && isLetter(n[1]) && allDigits(n[2:])
}

// isLetter reports whether b is an ASCII letter, in either case.
func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

// Centre is an exams centre: a school or college (R-CEN-2). The centre itself
// is permanent; it registers afresh for each academic year (R-CEN-3), and
// that yearly registration is a CentreYear.
type Centre struct {
	ID     string
	Number CentreNumber
	Name   string
	// TrustID is the trust the centre belongs to, or "" (R-TRU-2).
	TrustID   string
	CreatedAt time.Time
}

// CentreYear is a centre's registration for one academic year, made by the
// first person to register the centre that year (R-REG-1).
type CentreYear struct {
	CentreID     string
	Year         AcademicYear
	RegisteredAt time.Time
	// RegisteredBy is the person who registered the centre and so became its
	// first administrator that year.
	RegisteredBy string
}

// CentreListing is what anyone may learn of a centre by its number: enough
// to ask to join it.
type CentreListing struct {
	ID     string
	Number CentreNumber
	Name   string
	// Registered says the centre is registered for the year asked about, so
	// people can ask to join it.
	Registered bool
}

// FindCentre looks a centre up by number, for someone about to ask to join
// it or register it. An unknown number is ErrNotFound.
func (s *Service) FindCentre(ctx context.Context, actor Actor, number CentreNumber, year AcademicYear) (_ CentreListing, err error) {
	defer s.observe(&ctx, "FindCentre").done(&err)
	var v validation
	n, err := ParseCentreNumber(string(number))
	v.add("centre_number", err)
	v.add("year", year.Validate())
	if err := v.err(); err != nil {
		return CentreListing{}, err
	}
	var out CentreListing
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actFindCentre, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		centre, err := c.tx.CentreByNumber(c.ctx, n)
		if err != nil {
			return err
		}
		out = CentreListing{ID: centre.ID, Number: centre.Number, Name: centre.Name}
		_, err = c.tx.CentreYear(c.ctx, centre.ID, year)
		switch {
		case err == nil:
			out.Registered = true
		case !errors.Is(err, ErrNotFound):
			return err
		}
		return nil
	})
	return out, err
}

// CentreSheet is a centre's year read at once: who is registered, their
// people, who oversees whom, whose records there are, and the leads of the
// centre's trust. It is what a roster shows and what the actor's standing
// at the centre is worked out from, so that a page of a centre or of one of
// its records reads the centre once.
type CentreSheet struct {
	Centre Centre
	Year   AcademicYear
	// Registered is the centre's registration for Year; its CentreID is ""
	// when the centre has not registered for it.
	Registered CentreYear
	// Registrations are the year's, in order of RequestedAt, then ID.
	Registrations []Registration
	// People are those Registrations name and the leads of TrustLeads,
	// each once, in order of ID: everyone who may read the centre's pages
	// as themselves but the operator, so that a page finds its reader here
	// (OneReadViewer).
	People []Person
	// Oversights are the year's, in the order of OversightsByCentre.
	Oversights []Oversight
	// Records are the year's, in order of CreatedAt, then ID.
	Records []Record
	// TrustLeads are the leads of the trust the centre is in now, in order
	// of AppointedAt, then PersonID; none when it is in no trust.
	TrustLeads []TrustLead
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
