package standards

import (
	"slices"
	"strings"
	"time"
)

// Role is what a person does at a centre in a year. A registration names one
// or more roles (R-REG-2).
type Role string

const (
	// RoleEO is the exams officer, who works towards the standards.
	RoleEO Role = "EO"
	// RoleSL is a senior leader, who may oversee exams officers.
	RoleSL Role = "SL"
	// RoleLM is a line manager, who may oversee exams officers.
	RoleLM Role = "LM"
)

var roleOrder = []Role{RoleEO, RoleSL, RoleLM}

// String gives the role's name in words.
func (r Role) String() string {
	switch r {
	case RoleEO:
		return "exams officer"
	case RoleSL:
		return "senior leader"
	case RoleLM:
		return "line manager"
	}
	return string(r)
}

// ParseRole reads a role code, "EO", "SL" or "LM", in any case.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToUpper(strings.TrimSpace(s)))
	if !slices.Contains(roleOrder, r) {
		return "", invalid("roles", FieldNotInList, params("value", strings.TrimSpace(s)), "%q is not a role: use EO, SL or LM", strings.TrimSpace(s))
	}
	return r, nil
}

// Roles is a set of roles, kept in the order EO, SL, LM without repeats.
type Roles []Role

// NewRoles checks and orders roles; at least one is required. A bad role is
// a *ValidationError on field "roles".
func NewRoles(roles ...Role) (Roles, error) {
	if len(roles) == 0 {
		return nil, invalid("roles", FieldRequired, nil, "choose at least one role: EO, SL or LM")
	}
	var out Roles
	for _, want := range roleOrder {
		if slices.Contains(roles, want) {
			out = append(out, want)
		}
	}
	for _, r := range roles {
		if !slices.Contains(roleOrder, r) {
			return nil, invalid("roles", FieldNotInList, params("value", string(r)), "%q is not a role: use EO, SL or LM", string(r))
		}
	}
	return out, nil
}

// ParseRoles reads roles written as codes separated by commas, semicolons,
// slashes or spaces: "EO", "SL;LM", "eo, sl".
func ParseRoles(s string) (Roles, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == ' ' || r == '|'
	})
	roles := make([]Role, 0, len(fields))
	for _, f := range fields {
		r, err := ParseRole(f)
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return NewRoles(roles...)
}

// Has reports whether the set holds role.
func (rs Roles) Has(role Role) bool { return slices.Contains(rs, role) }

// Overseer reports whether the set lets its holder oversee exams officers:
// senior leaders and line managers (R-REG-6).
func (rs Roles) Overseer() bool { return rs.Has(RoleSL) || rs.Has(RoleLM) }

// String writes the codes joined by commas: "EO,SL".
func (rs Roles) String() string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// RegistrationStatus is where a registration stands (R-REG-2, R-REG-5).
type RegistrationStatus string

const (
	// StatusPending waits for a centre administrator's decision.
	StatusPending RegistrationStatus = "pending"
	// StatusApproved may act at the centre for the year.
	StatusApproved RegistrationStatus = "approved"
	// StatusRejected was refused, with a reason.
	StatusRejected RegistrationStatus = "rejected"
	// StatusLeft has left the centre; their records stay, read-only.
	StatusLeft RegistrationStatus = "left"
)

// Registration is one person's membership of one centre for one academic
// year (R-REG-2). A person has at most one per centre per year.
type Registration struct {
	ID       string
	CentreID string
	PersonID string
	Year     AcademicYear
	Roles    Roles
	Status   RegistrationStatus
	// Admin is the centre administrator right, held by some approved members.
	Admin bool
	// RequestedAt is when the registration was made, or last made again after
	// a rejection or leaving; it decides lateness (R-YEAR-3).
	RequestedAt time.Time
	// RegisteredBy is the person who made the registration: the member
	// themselves, or a colleague who registered them (R-REG-10).
	RegisteredBy string
	// InvitedName is the name the colleague who registered them typed
	// (R-REG-10); "" on a registration the person made themselves.
	InvitedName string
	// InvitedEmail is the address the colleague who registered them typed,
	// normalised; "" on a registration the person made themselves. Until
	// the person takes the place up, the centre sees it, not the address
	// the person has now (ChangeEmail), which is theirs (R-REG-13).
	InvitedEmail string
	// AcceptedAt is when the person first acted at the centre that year: at
	// once for a registration they made themselves, zero for an invitation
	// not taken up yet. Until then the centre sees only what its registrant
	// typed (R-REG-13).
	AcceptedAt time.Time
	// DecidedAt and DecidedBy record the approval or rejection.
	DecidedAt    time.Time
	DecidedBy    string
	RejectReason string
	LeftAt       time.Time
}

// Accepted reports whether the person has taken the registration up: made
// it themselves, or acted at the centre since a colleague registered them
// (R-REG-13).
func (r Registration) Accepted() bool { return !r.AcceptedAt.IsZero() }

// Approved reports whether the registration may act (R-REG-3).
func (r Registration) Approved() bool { return r.Status == StatusApproved }

// IsAdmin reports whether the registration holds the admin right now: an
// approved member granted it.
func (r Registration) IsAdmin() bool { return r.Approved() && r.Admin }

// Late reports whether the registration was made after the registration
// window of September and October (R-YEAR-3). It is an attention flag,
// computed from the data, never stored.
func (r Registration) Late() bool {
	return !r.RequestedAt.Before(r.Year.RegistrationWindowEnd())
}

// Oversight says that an approved senior leader or line manager oversees an
// approved exams officer at the same centre in the same year (R-REG-6).
type Oversight struct {
	CentreID string
	Year     AcademicYear
	// EORegistrationID is the exams officer's registration.
	EORegistrationID string
	// OverseerRegistrationID is the senior leader's or line manager's.
	OverseerRegistrationID string
	AssignedBy             string
	AssignedAt             time.Time
}
