package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// registrationAt reads a registration as the person may see it
// (Service.Member) and checks that it is at the centre the path names,
// which the key must reach: another centre's registration is not found,
// as one that does not exist is. Like onRecord it reads in a transaction
// of its own; the Service's command then checks everything again, and
// nothing but the key's reach is decided on this read.
func (s *server) registrationAt(ctx context.Context, number, registrationID string) (standards.Member, standards.CentreListing, error) {
	c, err := s.centreOf(ctx, number)
	if err != nil {
		return standards.Member{}, c, err
	}
	caller := callerOf(ctx)
	m, err := s.svc.Member(ctx, caller.actor, registrationID)
	if err != nil {
		// The library's 403 is about the registration's own centre, which
		// may be one the key does not reach (unreached).
		return standards.Member{}, c, s.unreached(ctx, caller, err)
	}
	if m.Registration.CentreID != c.ID {
		return standards.Member{}, c, standards.ErrNotFound
	}
	return m, c, nil
}

// memberAfter is a registration a command made or changed, as the person
// now sees it with its person, oversight and record (Service.Member), read
// after the command in a transaction of its own.
func (s *server) memberAfter(ctx context.Context, reg standards.Registration) (oapi.RosterMember, error) {
	m, err := s.svc.Member(ctx, callerOf(ctx).actor, reg.ID)
	if err != nil {
		return oapi.RosterMember{}, err
	}
	return rosterMember(m), nil
}

func rosterMember(m standards.Member) oapi.RosterMember {
	r := m.Registration
	out := oapi.RosterMember{RegistrationId: r.ID, PersonId: m.Person.ID, Name: m.Person.Name, Email: m.Person.Email,
		Year: int(r.Year), YearLabel: r.Year.String(), Roles: apiRoles(r.Roles),
		Status: oapi.RegistrationStatus(r.Status), Admin: r.Admin, Accepted: r.Accepted(), Late: r.Late(),
		RequestedAt: r.RequestedAt.UTC(), Overseers: nonNil(m.Overseers), Oversees: nonNil(m.Oversees), RecordId: m.RecordID}
	if !r.DecidedAt.IsZero() {
		out.DecidedAt = ptr(r.DecidedAt.UTC())
	}
	if r.RejectReason != "" {
		out.RejectReason = ptr(r.RejectReason)
	}
	if !r.LeftAt.IsZero() {
		out.LeftAt = ptr(r.LeftAt.UTC())
	}
	return out
}

// rosterKey orders a roster as the library does, by the time a
// registration was made, then its id: a fixed-width UTC time sorts as the
// time does.
func rosterKey(m oapi.RosterMember) string {
	return m.RequestedAt.UTC().Format("2006-01-02T15:04:05.000000000Z") + "/" + m.RegistrationId
}

// GetRoster is a page of a centre's members for a year (Service.Roster).
func (s *server) GetRoster(ctx context.Context, req oapi.GetRosterRequestObject) (oapi.GetRosterResponseObject, error) {
	p, err := readPage(req.Params.Cursor, req.Params.Limit)
	if err != nil {
		return nil, err
	}
	year := standards.AcademicYear(req.Year)
	c, err := s.centreAt(ctx, req.CentreNumber, year)
	if err != nil {
		return nil, err
	}
	roster, err := s.svc.Roster(ctx, callerOf(ctx).actor, c.ID, year)
	if err != nil {
		return nil, err
	}
	all := make([]oapi.RosterMember, len(roster.Members))
	for i, m := range roster.Members {
		all[i] = rosterMember(m)
	}
	items, next := pageOf(all, rosterKey, p)
	return oapi.GetRoster200JSONResponse{Items: items, Next: next}, nil
}

// GetRegistration is one registration at the centre (Service.Member).
func (s *server) GetRegistration(ctx context.Context, req oapi.GetRegistrationRequestObject) (oapi.GetRegistrationResponseObject, error) {
	m, _, err := s.registrationAt(ctx, req.CentreNumber, req.RegistrationId)
	if err != nil {
		return nil, err
	}
	return oapi.GetRegistration200JSONResponse(rosterMember(m)), nil
}

// onRegistration runs a command on a registration at the centre the path
// names, and answers the registration as it is after it.
func (s *server) onRegistration(ctx context.Context, number, registrationID string,
	command func(context.Context, standards.Actor, string) (standards.Registration, error)) (oapi.RosterMember, error) {
	if _, _, err := s.registrationAt(ctx, number, registrationID); err != nil {
		return oapi.RosterMember{}, err
	}
	reg, err := command(ctx, callerOf(ctx).actor, registrationID)
	if err != nil {
		return oapi.RosterMember{}, err
	}
	return s.memberAfter(ctx, reg)
}

// ApproveRegistration approves a pending registration
// (Service.ApproveRegistration).
func (s *server) ApproveRegistration(ctx context.Context, req oapi.ApproveRegistrationRequestObject) (oapi.ApproveRegistrationResponseObject, error) {
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId, s.svc.ApproveRegistration)
	if err != nil {
		return nil, err
	}
	return oapi.ApproveRegistration200JSONResponse{Body: m}, nil
}

// RejectRegistration rejects a pending registration with a reason
// (Service.RejectRegistration).
func (s *server) RejectRegistration(ctx context.Context, req oapi.RejectRegistrationRequestObject) (oapi.RejectRegistrationResponseObject, error) {
	var reason string
	if req.Body != nil {
		reason = req.Body.Reason
	}
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId,
		func(ctx context.Context, a standards.Actor, id string) (standards.Registration, error) {
			return s.svc.RejectRegistration(ctx, a, id, reason)
		})
	if err != nil {
		return nil, err
	}
	return oapi.RejectRegistration200JSONResponse{Body: m}, nil
}

// GrantAdmin gives an approved member the administrator right
// (Service.GrantAdmin).
func (s *server) GrantAdmin(ctx context.Context, req oapi.GrantAdminRequestObject) (oapi.GrantAdminResponseObject, error) {
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId, s.svc.GrantAdmin)
	if err != nil {
		return nil, err
	}
	return oapi.GrantAdmin200JSONResponse{Body: m}, nil
}

// RevokeAdmin takes the administrator right away (Service.RevokeAdmin).
func (s *server) RevokeAdmin(ctx context.Context, req oapi.RevokeAdminRequestObject) (oapi.RevokeAdminResponseObject, error) {
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId, s.svc.RevokeAdmin)
	if err != nil {
		return nil, err
	}
	return oapi.RevokeAdmin200JSONResponse{Body: m}, nil
}

// LeaveCentre ends the person's own registration (Service.Leave).
func (s *server) LeaveCentre(ctx context.Context, req oapi.LeaveCentreRequestObject) (oapi.LeaveCentreResponseObject, error) {
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId, s.svc.Leave)
	if err != nil {
		return nil, err
	}
	return oapi.LeaveCentre200JSONResponse{Body: m}, nil
}

// RemoveMember ends someone's registration, as the operator, with a
// reason they are told (Service.RemoveMember, R-REG-9): through an
// operator key only; through any other the library refuses it as it
// refuses anyone who is not the operator.
func (s *server) RemoveMember(ctx context.Context, req oapi.RemoveMemberRequestObject) (oapi.RemoveMemberResponseObject, error) {
	var reason string
	if req.Body != nil {
		reason = req.Body.Reason
	}
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId,
		func(ctx context.Context, a standards.Actor, id string) (standards.Registration, error) {
			return s.svc.RemoveMember(ctx, a, id, reason)
		})
	if err != nil {
		return nil, err
	}
	return oapi.RemoveMember200JSONResponse{Body: m}, nil
}

// AppointAdmin gives the administrator right to an approved member of a
// centre with no administrator that year, as the operator
// (Service.AppointAdmin, R-REG-9): through an operator key only.
func (s *server) AppointAdmin(ctx context.Context, req oapi.AppointAdminRequestObject) (oapi.AppointAdminResponseObject, error) {
	m, err := s.onRegistration(ctx, req.CentreNumber, req.RegistrationId, s.svc.AppointAdmin)
	if err != nil {
		return nil, err
	}
	return oapi.AppointAdmin200JSONResponse{Body: m}, nil
}

// RegisterColleague registers a colleague by e-mail, approved at once
// (Service.RegisterColleague).
func (s *server) RegisterColleague(ctx context.Context, req oapi.RegisterColleagueRequestObject) (oapi.RegisterColleagueResponseObject, error) {
	year := standards.AcademicYear(req.Year)
	c, err := s.centreAt(ctx, req.CentreNumber, year)
	if err != nil {
		return nil, err
	}
	in := standards.Colleague{CentreID: c.ID, Year: year}
	if b := req.Body; b != nil {
		in.Email, in.FullName, in.Roles = b.Email, b.FullName, roles(b.Roles)
	}
	reg, err := s.svc.RegisterColleague(ctx, callerOf(ctx).actor, in)
	if err != nil {
		return nil, err
	}
	m, err := s.memberAfter(ctx, reg)
	if err != nil {
		return nil, err
	}
	return oapi.RegisterColleague201JSONResponse{Body: m}, nil
}

// RegisterColleagues registers a list of colleagues, each on its own
// (Service.RegisterColleagues). The Service reads the list as the CSV file
// a page uploads; the list is written as one, a header and a row a
// colleague, so the library checks each row as it checks a file's, and its
// outcomes come back in the list's order, one a colleague.
func (s *server) RegisterColleagues(ctx context.Context, req oapi.RegisterColleaguesRequestObject) (oapi.RegisterColleaguesResponseObject, error) {
	year := standards.AcademicYear(req.Year)
	c, err := s.centreAt(ctx, req.CentreNumber, year)
	if err != nil {
		return nil, err
	}
	var file bytes.Buffer
	w := csv.NewWriter(&file)
	_ = w.Write([]string{"email", "full name", "roles"})
	if b := req.Body; b != nil {
		for _, col := range b.Colleagues {
			rs := make([]string, len(col.Roles))
			for i, r := range col.Roles {
				// One role a string: a separator inside one would make
				// two roles of it, so it is kept out, and the role,
				// not in the list, is refused.
				rs[i] = strings.Map(func(r rune) rune {
					if strings.ContainsRune(",;/| ", r) {
						return '_'
					}
					return r
				}, string(r))
			}
			_ = w.Write([]string{col.Email, col.FullName, strings.Join(rs, ";")})
		}
	}
	w.Flush()
	rows, err := s.svc.RegisterColleagues(ctx, callerOf(ctx).actor, c.ID, year, &file)
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		for i, f := range invalid.Fields {
			if f.Field == "file" { // the list as a whole: it has no colleague, or too many
				invalid.Fields[i].Field = "colleagues"
			}
		}
	}
	if err != nil {
		return nil, err
	}
	out := oapi.RegistrationOutcomes{Outcomes: make([]oapi.RegistrationOutcome, len(rows))}
	for i, row := range rows {
		o := s.outcome(ctx, i, row)
		if row.Email != "" {
			o.Email = ptr(row.Email)
		}
		out.Outcomes[i] = o
	}
	return oapi.RegisterColleagues200JSONResponse{Body: out}, nil
}

// outcome is the i-th row of a bulk call. A row's fault of the server's is
// logged, as problemOf logs a call's.
func (s *server) outcome(ctx context.Context, i int, row standards.RowOutcome) oapi.RegistrationOutcome {
	o := oapi.RegistrationOutcome{Line: i + 1}
	if row.Err != nil {
		o.Problem = ptr(problemFor(row.Err))
		if o.Problem.Status >= 500 {
			s.log.ErrorContext(ctx, "api: a row of a bulk call failed", "line", i+1, "err", row.Err)
		}
	} else {
		o.RegistrationId = ptr(row.Registration.ID)
		o.Status = ptr(oapi.RegistrationStatus(row.Registration.Status))
	}
	if row.RegistrationID != "" {
		o.RegistrationId = ptr(row.RegistrationID)
	}
	return o
}

// DecideRegistrations approves or rejects many registrations of the
// centre (Service.DecideRegistrations). A registration the person cannot
// see, or of another centre, is not found in its outcome and not passed
// on: the rest are decided each on its own, as the Service does.
func (s *server) DecideRegistrations(ctx context.Context, req oapi.DecideRegistrationsRequestObject) (oapi.DecideRegistrationsResponseObject, error) {
	c, err := s.centreOf(ctx, req.CentreNumber)
	if err != nil {
		return nil, err
	}
	var asked []oapi.RegistrationDecision
	if req.Body != nil {
		asked = req.Body.Decisions
	}
	out := oapi.RegistrationOutcomes{Outcomes: make([]oapi.RegistrationOutcome, len(asked))}
	var decisions []standards.Decision
	var at []int // the place in asked of each of decisions
	for i, d := range asked {
		m, err := s.svc.Member(ctx, callerOf(ctx).actor, d.RegistrationId)
		if err == nil && m.Registration.CentreID != c.ID {
			err = standards.ErrNotFound
		}
		err = s.unreached(ctx, callerOf(ctx), err) // as registrationAt
		if err == nil && d.Decision != "approve" && d.Decision != "reject" {
			err = &standards.ValidationError{Fields: []standards.FieldError{{Field: "decision", Code: standards.FieldNotInList,
				Params: map[string]string{"value": string(d.Decision)}, Message: "decide approve or reject"}}}
		}
		if err != nil {
			out.Outcomes[i] = s.outcome(ctx, i, standards.RowOutcome{RegistrationID: d.RegistrationId, Err: err})
			continue
		}
		decisions = append(decisions, standards.Decision{RegistrationID: d.RegistrationId, Approve: d.Decision == "approve",
			Reason: deref(d.Reason)})
		at = append(at, i)
	}
	if len(decisions) > 0 {
		rows, err := s.svc.DecideRegistrations(ctx, callerOf(ctx).actor, decisions)
		if err != nil {
			return nil, err
		}
		for j, row := range rows {
			out.Outcomes[at[j]] = s.outcome(ctx, at[j], row)
		}
	}
	return oapi.DecideRegistrations200JSONResponse{Body: out}, nil
}

// AssignOverseer makes a senior leader or line manager an overseer of an
// exams officer (Service.AssignOverseer). The exams officer's registration
// must be the centre's for the year; the Service checks that the
// overseer's is of the same centre and year.
func (s *server) AssignOverseer(ctx context.Context, req oapi.AssignOverseerRequestObject) (oapi.AssignOverseerResponseObject, error) {
	var pair standards.Overseeing
	if b := req.Body; b != nil {
		pair = standards.Overseeing{ExamsOfficer: b.ExamsOfficerRegistrationId, Overseer: b.OverseerRegistrationId}
	}
	if err := s.examsOfficerAt(ctx, req.CentreNumber, standards.AcademicYear(req.Year), pair.ExamsOfficer); err != nil {
		return nil, err
	}
	o, err := s.svc.AssignOverseer(ctx, callerOf(ctx).actor, pair)
	if err != nil {
		return nil, err
	}
	return oapi.AssignOverseer201JSONResponse{Body: oapi.Oversight{ExamsOfficerRegistrationId: o.EORegistrationID,
		OverseerRegistrationId: o.OverseerRegistrationID, Year: int(o.Year), AssignedBy: o.AssignedBy, AssignedAt: o.AssignedAt.UTC()}}, nil
}

// RemoveOverseer ends an oversight (Service.RemoveOverseer).
func (s *server) RemoveOverseer(ctx context.Context, req oapi.RemoveOverseerRequestObject) (oapi.RemoveOverseerResponseObject, error) {
	if err := s.examsOfficerAt(ctx, req.CentreNumber, standards.AcademicYear(req.Year), req.ExamsOfficerRegistrationId); err != nil {
		return nil, err
	}
	pair := standards.Overseeing{ExamsOfficer: req.ExamsOfficerRegistrationId, Overseer: req.OverseerRegistrationId}
	if err := s.svc.RemoveOverseer(ctx, callerOf(ctx).actor, pair); err != nil {
		return nil, err
	}
	return oapi.RemoveOverseer204Response{}, nil
}

// examsOfficerAt checks that a registration is the centre's for the year,
// which the key must reach. An empty id is left to the Service to name.
func (s *server) examsOfficerAt(ctx context.Context, number string, year standards.AcademicYear, registrationID string) error {
	if registrationID == "" {
		_, err := reachable(ctx, number)
		return err
	}
	m, _, err := s.registrationAt(ctx, number, registrationID)
	if err != nil {
		return err
	}
	if m.Registration.Year != year {
		return standards.ErrNotFound
	}
	return nil
}
