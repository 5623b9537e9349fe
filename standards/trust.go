package standards

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

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

// CreateTrust creates a trust, a group of centres (R-TRU-1). Only the
// operator may.
func (s *Service) CreateTrust(ctx context.Context, actor Actor, name string) (_ Trust, err error) {
	defer s.observe(&ctx, "CreateTrust").done(&err)
	name, err = cleanName(name)
	if err != nil {
		var v validation
		v.add("trust_name", err)
		return Trust{}, v.err()
	}
	var t Trust
	err = s.update(ctx, actor, actCreateTrust, func(c *call) error {
		if err := authorize(actCreateTrust, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		t = Trust{ID: c.newID(), Name: name, CreatedAt: c.now}
		if err := c.tx.CreateTrust(c.ctx, t); err != nil {
			return err
		}
		return c.audit("trust.create", "trust/"+t.ID, "", "created trust "+name)
	})
	return t, err
}

// AppointTrustLead appoints a person, by e-mail, to lead a trust (R-TRU-1).
// Only the operator may. The person is recorded under fullName if new.
func (s *Service) AppointTrustLead(ctx context.Context, actor Actor, trustID, email, fullName string) (_ TrustLead, err error) {
	defer s.observe(&ctx, "AppointTrustLead").done(&err)
	var v validation
	email, err = NormaliseEmail(email)
	v.add("email", err)
	fullName, err = cleanName(fullName)
	v.add("full_name", err)
	if err := v.err(); err != nil {
		return TrustLead{}, err
	}
	var l TrustLead
	err = s.update(ctx, actor, actAppointTrustLead, func(c *call) error {
		if err := authorize(actAppointTrustLead, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		t, err := c.tx.Trust(c.ctx, trustID)
		if err != nil {
			return err
		}
		p, err := c.personByEmail(email, fullName)
		if err != nil {
			return err
		}
		l = TrustLead{TrustID: t.ID, PersonID: p.ID, AppointedBy: c.person.ID, AppointedAt: c.now}
		if err := c.tx.CreateTrustLead(c.ctx, l); err != nil {
			return err
		}
		if err := c.audit("trust.appoint_lead", "trust/"+t.ID, "", "appointed "+p.Email+" to lead "+t.Name); err != nil {
			return err
		}
		return c.event(EventTrustLeadAppointed, []string{p.Email}, "", "trust/"+t.ID, "you now lead the trust "+t.Name)
	})
	return l, err
}

// RemoveTrustLead ends a person's appointment as a trust lead. Only the
// operator may.
func (s *Service) RemoveTrustLead(ctx context.Context, actor Actor, trustID, personID string) (err error) {
	defer s.observe(&ctx, "RemoveTrustLead").done(&err)
	return s.update(ctx, actor, actAppointTrustLead, func(c *call) error {
		if err := authorize(actAppointTrustLead, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if err := c.tx.DeleteTrustLead(c.ctx, trustID, personID); err != nil {
			return err
		}
		return c.audit("trust.remove_lead", "trust/"+trustID, "", "removed lead person/"+personID)
	})
}

// InviteCentre invites a centre, by number, into a trust; an admin of the
// centre accepts or declines (R-TRU-2). A lead of the trust may invite.
func (s *Service) InviteCentre(ctx context.Context, actor Actor, trustID string, number CentreNumber) (_ TrustRequest, err error) {
	defer s.observe(&ctx, "InviteCentre").done(&err)
	n, err := ParseCentreNumber(string(number))
	if err != nil {
		return TrustRequest{}, err
	}
	var req TrustRequest
	err = s.update(ctx, actor, actInviteCentre, func(c *call) error {
		t, _, err := c.trustInScope(actInviteCentre, trustID)
		if err != nil {
			return err
		}
		centre, err := c.tx.CentreByNumber(c.ctx, n)
		if errors.Is(err, ErrNotFound) {
			return notFound("no centre with number %s", n)
		} else if err != nil {
			return err
		}
		if req, err = c.requestTrust(t, centre, SideTrust); err != nil {
			return err
		}
		admins, err := c.adminEmails(centre.ID, YearOf(c.now))
		if err != nil {
			return err
		}
		return c.event(EventTrustRequested, admins, centre.ID, "trust_request/"+req.ID,
			fmt.Sprintf("the trust %s invites %s %s to join it", t.Name, centre.Number, centre.Name))
	})
	return req, err
}

// AskToJoinTrust asks, as an admin of a centre, for the centre to join a
// trust; a lead of the trust accepts or declines (R-TRU-2). It takes the
// trust first, as InviteCentre does.
func (s *Service) AskToJoinTrust(ctx context.Context, actor Actor, trustID, centreID string) (_ TrustRequest, err error) {
	defer s.observe(&ctx, "AskToJoinTrust").done(&err)
	var req TrustRequest
	err = s.update(ctx, actor, actAskToJoinTrust, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		st, err := c.standingAtCentre(centre)
		if err != nil {
			return err
		}
		if err := authorize(actAskToJoinTrust, st, subject{}); err != nil {
			return err
		}
		t, err := c.tx.Trust(c.ctx, trustID)
		if err != nil {
			return err
		}
		if req, err = c.requestTrust(t, centre, SideCentre); err != nil {
			return err
		}
		leads, err := c.leadEmails(t.ID)
		if err != nil {
			return err
		}
		return c.event(EventTrustRequested, leads, centre.ID, "trust_request/"+req.ID,
			fmt.Sprintf("%s %s asks to join the trust %s", centre.Number, centre.Name, t.Name))
	})
	return req, err
}

func (c *call) requestTrust(t Trust, centre Centre, from TrustSide) (TrustRequest, error) {
	if centre.TrustID == t.ID {
		return TrustRequest{}, conflict(ReasonAlreadyInTrust, params("centre_number", string(centre.Number), "trust", t.Name), "%s is already in the trust %s", centre.Number, t.Name)
	}
	if centre.TrustID != "" {
		return TrustRequest{}, conflict(ReasonInAnotherTrust, params("centre_number", string(centre.Number)), "%s is in another trust: it must leave that one first", centre.Number)
	}
	req := TrustRequest{ID: c.newID(), TrustID: t.ID, CentreID: centre.ID, From: from, RequestedBy: c.person.ID, RequestedAt: c.now}
	if err := c.tx.CreateTrustRequest(c.ctx, req); err != nil {
		return TrustRequest{}, err
	}
	return req, c.audit("trust.request", "trust_request/"+req.ID, centre.ID,
		fmt.Sprintf("the %s side asked for %s to join %s", from, centre.Number, t.Name))
}

func (c *call) leadEmails(trustID string) ([]string, error) {
	leads, err := c.tx.TrustLeads(c.ctx, trustID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(leads))
	for i, l := range leads {
		ids[i] = l.PersonID
	}
	return c.emails(ids...)
}

// AcceptTrustRequest accepts a request as the side that did not make it:
// the centre joins the trust (R-TRU-2). A centre is in at most one trust.
func (s *Service) AcceptTrustRequest(ctx context.Context, actor Actor, requestID string) (_ Centre, err error) {
	defer s.observe(&ctx, "AcceptTrustRequest").done(&err)
	var centre Centre
	err = s.update(ctx, actor, actAnswerTrustRequest, func(c *call) error {
		req, ct, t, err := c.trustRequestInScope(actAnswerTrustRequest, requestID)
		if err != nil {
			return err
		}
		if ct.TrustID != "" {
			return conflict(ReasonInAnotherTrust, params("centre_number", string(ct.Number)), "%s is already in a trust: it must leave it first", ct.Number)
		}
		members, err := c.tx.CentresByTrust(c.ctx, t.ID)
		if err != nil {
			return err
		}
		if err := checkRoom(len(members), MaxCentresPerTrust, ReasonTooManyTrustCentres, "a trust has at most %d centres"); err != nil {
			return err
		}
		ct.TrustID = t.ID
		if err := c.tx.UpdateCentre(c.ctx, ct); err != nil {
			return err
		}
		if err := c.tx.DeleteTrustRequest(c.ctx, req.ID); err != nil {
			return err
		}
		centre = ct
		summary := fmt.Sprintf("%s %s joined the trust %s", ct.Number, ct.Name, t.Name)
		if err := c.audit("trust.join", "trust/"+t.ID, ct.ID, summary); err != nil {
			return err
		}
		to, err := c.bothSides(ct, t)
		if err != nil {
			return err
		}
		return c.event(EventTrustJoined, to, ct.ID, "trust/"+t.ID, summary)
	})
	return centre, err
}

// DeclineTrustRequest declines a request, or withdraws one's own: either
// side may.
func (s *Service) DeclineTrustRequest(ctx context.Context, actor Actor, requestID string) (err error) {
	defer s.observe(&ctx, "DeclineTrustRequest").done(&err)
	return s.update(ctx, actor, actDeclineTrustRequest, func(c *call) error {
		req, ct, t, err := c.trustRequestInScope(actDeclineTrustRequest, requestID)
		if err != nil {
			return err
		}
		if err := c.tx.DeleteTrustRequest(c.ctx, req.ID); err != nil {
			return err
		}
		return c.audit("trust.decline", "trust/"+t.ID, ct.ID,
			fmt.Sprintf("closed the request for %s to join %s", ct.Number, t.Name))
	})
}

// LeaveTrust takes a centre out of its trust; an admin of the centre or a
// lead of the trust may (R-TRU-2).
func (s *Service) LeaveTrust(ctx context.Context, actor Actor, centreID string) (_ Centre, err error) {
	defer s.observe(&ctx, "LeaveTrust").done(&err)
	var centre Centre
	err = s.update(ctx, actor, actLeaveTrust, func(c *call) error {
		ct, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		if ct.TrustID == "" {
			st, err := c.standingAtCentre(ct)
			if err != nil {
				return err
			}
			if err := authorize(actLeaveTrust, st, subject{}); err != nil {
				return err
			}
			return conflict(ReasonNotInTrust, params("centre_number", string(ct.Number)), "%s is not in a trust", ct.Number)
		}
		st, err := c.standingInTrust(ct.TrustID, ct)
		if err != nil {
			return err
		}
		if err := authorize(actLeaveTrust, st, subject{}); err != nil {
			return err
		}
		t, err := c.tx.Trust(c.ctx, ct.TrustID)
		if err != nil {
			return err
		}
		to, err := c.bothSides(ct, t)
		if err != nil {
			return err
		}
		ct.TrustID = ""
		if err := c.tx.UpdateCentre(c.ctx, ct); err != nil {
			return err
		}
		centre = ct
		summary := fmt.Sprintf("%s %s left the trust %s", ct.Number, ct.Name, t.Name)
		if err := c.audit("trust.leave", "trust/"+t.ID, ct.ID, summary); err != nil {
			return err
		}
		return c.event(EventTrustLeft, to, ct.ID, "trust/"+t.ID, summary)
	})
	return centre, err
}

// bothSides returns the e-mails of a centre's admins this year and of a
// trust's leads.
func (c *call) bothSides(ct Centre, t Trust) ([]string, error) {
	admins, err := c.adminEmails(ct.ID, YearOf(c.now))
	if err != nil {
		return nil, err
	}
	leads, err := c.leadEmails(t.ID)
	return append(admins, leads...), err
}

func (c *call) trustInScope(act action, trustID string) (Trust, standing, error) {
	t, err := c.tx.Trust(c.ctx, trustID)
	if err != nil {
		return Trust{}, standing{}, err
	}
	st, err := c.standingInTrust(trustID, Centre{})
	if err != nil {
		return Trust{}, standing{}, err
	}
	return t, st, authorize(act, st, subject{})
}

func (c *call) trustRequestInScope(act action, id string) (TrustRequest, Centre, Trust, error) {
	req, err := c.tx.TrustRequest(c.ctx, id)
	if err != nil {
		return TrustRequest{}, Centre{}, Trust{}, err
	}
	ct, err := c.tx.Centre(c.ctx, req.CentreID)
	if err != nil {
		return TrustRequest{}, Centre{}, Trust{}, err
	}
	t, err := c.tx.Trust(c.ctx, req.TrustID)
	if err != nil {
		return TrustRequest{}, Centre{}, Trust{}, err
	}
	st, err := c.standingInTrust(t.ID, ct)
	if err != nil {
		return TrustRequest{}, Centre{}, Trust{}, err
	}
	return req, ct, t, authorize(act, st, subject{from: req.From})
}

// standingInTrustOf is the actor's standing towards a trust whose leads
// are leads.
func (c *call) standingInTrustOf(leads []TrustLead) standing {
	return standing{operator: c.actor.Operator, trustLead: c.person.ID != "" &&
		slices.ContainsFunc(leads, func(l TrustLead) bool { return l.PersonID == c.person.ID })}
}

// TrustView is a trust with its leads, centres and open requests.
type TrustView struct {
	Trust    Trust
	Leads    []Person
	Centres  []Centre
	Requests []TrustRequest
	// RequestCentres are the centres the open Requests are for, one each,
	// by number: a request names its centre by id only, and a trust's
	// leads answer it knowing which centre asks or is invited.
	RequestCentres []Centre
}

// Trust shows a trust to its leads and the operator.
func (s *Service) Trust(ctx context.Context, actor Actor, trustID string) (_ TrustView, err error) {
	defer s.observe(&ctx, "Trust").done(&err)
	var out TrustView
	err = s.view(ctx, actor, func(c *call) error {
		sheet, err := c.tx.TrustSheet(c.ctx, trustID)
		if err != nil {
			return err
		}
		if err := authorize(actViewTrust, c.standingInTrustOf(sheet.Leads), subject{}); err != nil {
			return err
		}
		out = TrustView{Trust: sheet.Trust, Centres: sheet.Centres, Requests: sheet.Requests, Leads: make([]Person, 0, len(sheet.Leads))}
		for _, l := range sheet.Leads {
			if i, ok := slices.BinarySearchFunc(sheet.People, l.PersonID, func(p Person, id string) int { return strings.Compare(p.ID, id) }); ok {
				out.Leads = append(out.Leads, sheet.People[i])
			}
		}
		// One read a request: a trust's open requests are few, and only
		// its leads and the operator look.
		for _, r := range sheet.Requests {
			if slices.ContainsFunc(out.RequestCentres, func(c Centre) bool { return c.ID == r.CentreID }) {
				continue
			}
			centre, err := c.tx.Centre(c.ctx, r.CentreID)
			if err != nil {
				return err
			}
			out.RequestCentres = append(out.RequestCentres, centre)
		}
		slices.SortFunc(out.RequestCentres, func(a, b Centre) int { return strings.Compare(string(a.Number), string(b.Number)) })
		return nil
	})
	return out, err
}

// TrustsLed lists the trusts the actor leads.
func (s *Service) TrustsLed(ctx context.Context, actor Actor) (_ []Trust, err error) {
	defer s.observe(&ctx, "TrustsLed").done(&err)
	var out []Trust
	err = s.view(ctx, actor, func(c *call) error {
		out = nil // a run again after ErrTransient starts afresh
		if err := authorize(actViewOwn, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if c.person.ID == "" {
			return nil
		}
		leads, err := c.tx.TrustsLedBy(c.ctx, c.person.ID)
		if err != nil {
			return err
		}
		for _, l := range leads {
			t, err := c.tx.Trust(c.ctx, l.TrustID)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// TrustRequests lists the open requests for a centre to join a trust, for
// the centre's members who may answer them: its admins (and the operator).
func (s *Service) TrustRequests(ctx context.Context, actor Actor, centreID string) (_ []TrustRequest, err error) {
	defer s.observe(&ctx, "TrustRequests").done(&err)
	var out []TrustRequest
	err = s.view(ctx, actor, func(c *call) error {
		centre, err := c.tx.Centre(c.ctx, centreID)
		if err != nil {
			return err
		}
		st, err := c.standingAtCentre(centre)
		if err != nil {
			return err
		}
		if err := authorize(actViewTrustRequests, st, subject{}); err != nil {
			return err
		}
		out, err = c.tx.TrustRequestsByCentre(c.ctx, centreID)
		return err
	})
	return out, err
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
	// TrustRequestsByCentre lists a centre's open requests in order of
	// RequestedAt, then ID.
	TrustRequestsByCentre(ctx context.Context, centreID string) ([]TrustRequest, error)

	// TrustSheet reads a trust with its leads, their people, its centres
	// and its open requests (see TrustSheet), or returns ErrNotFound when
	// there is no such trust. A store that can should read it in one
	// statement.
	TrustSheet(ctx context.Context, trustID string) (TrustSheet, error)
}
