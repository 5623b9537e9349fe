package standards

import (
	"context"
	"fmt"
	"slices"
)

// ApproveRegistration approves a pending registration (R-REG-2). Only an
// admin of the centre for that year may, and the registrant is told.
func (s *Service) ApproveRegistration(ctx context.Context, actor Actor, registrationID string) (_ Registration, err error) {
	defer s.observe(&ctx, "ApproveRegistration").done(&err)
	var reg Registration
	err = s.update(ctx, actor, actDecideRegistration, func(c *call) (err error) {
		reg, err = c.decide(registrationID, true, "")
		return err
	})
	return reg, err
}

// RejectRegistration rejects a pending registration with a reason the
// registrant is told (R-REG-2). They may ask again later.
func (s *Service) RejectRegistration(ctx context.Context, actor Actor, registrationID, reason string) (_ Registration, err error) {
	defer s.observe(&ctx, "RejectRegistration").done(&err)
	reason, err = checkReason(reason)
	if err != nil {
		return Registration{}, err
	}
	var reg Registration
	err = s.update(ctx, actor, actDecideRegistration, func(c *call) (err error) {
		reg, err = c.decide(registrationID, false, reason)
		return err
	})
	return reg, err
}

func checkReason(reason string) (string, error) {
	r, err := cleanText(reason, MaxReasonLength)
	if err != nil {
		var v validation
		v.add("reason", err)
		return "", v.err()
	}
	if r == "" {
		return "", invalid("reason", FieldRequired, nil, "give a reason")
	}
	return r, nil
}

func (c *call) decide(id string, approve bool, reason string) (Registration, error) {
	var (
		reg       Registration
		centre    Centre
		person    Person
		unopened  bool // the centre has not registered for the year
		hasRecord bool
	)
	// What the decision reads, it reads before its first write, once.
	err := c.sharingReads(func() error {
		var st standing
		var err error
		if reg, centre, st, err = c.registrationInScope(actDecideRegistration, id); err != nil {
			return err
		}
		c.takeUp(st.own)
		if reg.Status != RegistrationPending {
			return conflict(ReasonNotPending, params("status", string(reg.Status)), "the registration is %s, not pending", reg.Status)
		}
		if person, err = c.personAt(centre.ID, reg.Year, reg.PersonID); err != nil {
			return err
		}
		if !approve {
			return nil
		}
		if err := c.roomAt(centre, reg.Year, RegistrationApproved, reg.ID); err != nil {
			return err
		}
		sheet, err := c.sheet(centre.ID, reg.Year)
		if err != nil {
			return err
		}
		unopened = sheet.Registered.CentreID == ""
		hasRecord = slices.ContainsFunc(sheet.Records, func(r Record) bool { return r.RegistrationID == reg.ID })
		return nil
	})
	if err != nil {
		return Registration{}, err
	}
	// The decision's audit entries (the record it opens, the decision)
	// are appended together.
	c.batchWrites()
	if approve && unopened {
		// A request to register a year the centre has not registered for
		// registers it, with the requester as its administrator (R-REG-12).
		if err := c.openCentreYear(centre, reg.Year, reg.PersonID); err != nil {
			return Registration{}, err
		}
		reg.Admin = true
	}
	old := reg
	reg.DecidedAt, reg.DecidedBy = c.now, c.person.ID
	action, kind, summary := "registration.approve", EventRegistrationApproved,
		fmt.Sprintf("your registration at %s %s for %s is approved", centre.Number, centre.Name, reg.Year)
	if approve {
		reg.Status = RegistrationApproved
		if reg.Admin {
			summary += ", and you are its administrator"
		}
	} else {
		reg.Status, reg.RejectReason = RegistrationRejected, reason
		action, kind, summary = "registration.reject", EventRegistrationRejected,
			fmt.Sprintf("your registration at %s %s for %s is rejected: %s", centre.Number, centre.Name, reg.Year, reason)
	}
	if err := c.tx.UpdateRegistration(c.ctx, reg); err != nil {
		return Registration{}, err
	}
	if err := c.tallyRegistration(old, reg); err != nil {
		return Registration{}, err
	}
	if !hasRecord {
		if err := c.createRecord(reg); err != nil {
			return Registration{}, err
		}
	}
	if err := c.audit(action, "registration/"+reg.ID, centre.ID,
		fmt.Sprintf("%s: %s (%s)", action, person.Email, reg.Roles)); err != nil {
		return Registration{}, err
	}
	if err := c.appendBatch(); err != nil {
		return Registration{}, err
	}
	return reg, c.event(kind, []string{person.Email}, centre.ID, "registration/"+reg.ID, summary)
}

// Decision is one row of a bulk decision: approve, or reject with a reason.
type Decision struct {
	RegistrationID string
	Approve        bool
	Reason         string
}

// DecideRegistrations approves or rejects many pending registrations in one
// call (R-REG-11). Each decision succeeds or fails on its own, in its own
// transaction, and is authorised on its own, since the registrations may
// belong to different centres; the result has one outcome per decision, in
// order. The error is for the call as a whole: no actor.
func (s *Service) DecideRegistrations(ctx context.Context, actor Actor, decisions []Decision) (_ []RowOutcome, err error) {
	defer s.observe(&ctx, "DecideRegistrations").done(&err)
	if _, err := checkActor(actor); err != nil {
		return nil, err
	}
	out := make([]RowOutcome, len(decisions))
	for i, d := range decisions {
		out[i].Line, out[i].RegistrationID = i+1, d.RegistrationID
		if d.Approve {
			out[i].Registration, out[i].Err = s.ApproveRegistration(ctx, actor, d.RegistrationID)
		} else {
			out[i].Registration, out[i].Err = s.RejectRegistration(ctx, actor, d.RegistrationID, d.Reason)
		}
		if out[i].Err != nil {
			out[i].Err = fmt.Errorf("registration %s: %w", d.RegistrationID, out[i].Err)
		}
	}
	return out, nil
}

// GrantAdmin gives an approved member of the centre the admin right for the
// year (R-REG-4). Only an admin may.
func (s *Service) GrantAdmin(ctx context.Context, actor Actor, registrationID string) (_ Registration, err error) {
	defer s.observe(&ctx, "GrantAdmin").done(&err)
	var reg Registration
	err = s.update(ctx, actor, actGrantAdmin, func(c *call) error {
		r, centre, _, err := c.registrationInScope(actGrantAdmin, registrationID)
		if err != nil {
			return err
		}
		if !r.Approved() {
			return conflict(ReasonNotApprovedMember, params("status", string(r.Status)), "only an approved member can be an administrator; this registration is %s", r.Status)
		}
		if r.Admin {
			return conflict(ReasonAlreadyAdmin, nil, "already an administrator")
		}
		r.Admin = true
		if reg, err = r, c.tx.UpdateRegistration(c.ctx, r); err != nil {
			return err
		}
		return c.tellAboutAdmin(EventAdminGranted, "admin.grant", r, centre)
	})
	return reg, err
}

func (c *call) tellAboutAdmin(kind EventKind, action string, r Registration, centre Centre) error {
	to, err := c.emails(r.PersonID)
	if err != nil {
		return err
	}
	if err := c.audit(action, "registration/"+r.ID, centre.ID, fmt.Sprintf("%s: %v", action, to)); err != nil {
		return err
	}
	return c.event(kind, to, centre.ID, "registration/"+r.ID,
		fmt.Sprintf("you are now an administrator of %s %s for %s", centre.Number, centre.Name, r.Year))
}

// RevokeAdmin takes the admin right away (R-REG-4). A centre always keeps at
// least one approved admin: revoking the last is ErrConflict.
func (s *Service) RevokeAdmin(ctx context.Context, actor Actor, registrationID string) (_ Registration, err error) {
	defer s.observe(&ctx, "RevokeAdmin").done(&err)
	var reg Registration
	err = s.update(ctx, actor, actGrantAdmin, func(c *call) error {
		r, centre, _, err := c.registrationInScope(actGrantAdmin, registrationID)
		if err != nil {
			return err
		}
		if !r.IsAdmin() {
			return conflict(ReasonNotAdmin, nil, "not an administrator")
		}
		if err := c.keepAnAdmin(r); err != nil {
			return err
		}
		r.Admin = false
		if reg, err = r, c.tx.UpdateRegistration(c.ctx, r); err != nil {
			return err
		}
		return c.audit("admin.revoke", "registration/"+r.ID, centre.ID, "revoked the admin right")
	})
	return reg, err
}

// keepAnAdmin refuses to let r stop being an admin when it is the last one.
func (c *call) keepAnAdmin(r Registration) error {
	if !r.IsAdmin() {
		return nil
	}
	n, err := c.countAdmins(r.CentreID, r.Year)
	if err != nil {
		return err
	}
	if n <= 1 {
		return conflict(ReasonLastAdmin, nil, "a centre must keep at least one administrator: grant the right to someone else first")
	}
	return nil
}

// Leave ends the actor's own registration at a centre (R-REG-5), or
// withdraws it while pending. Their records stay, read-only. The last admin
// cannot leave (R-REG-4).
func (s *Service) Leave(ctx context.Context, actor Actor, registrationID string) (_ Registration, err error) {
	defer s.observe(&ctx, "Leave").done(&err)
	var reg Registration
	err = s.update(ctx, actor, actLeave, func(c *call) error {
		r, centre, _, err := c.registrationInScope(actLeave, registrationID)
		if err != nil {
			return err
		}
		if err := c.keepAnAdmin(r); err != nil {
			return err
		}
		old := r
		r.Status, r.Admin, r.LeftAt = RegistrationLeft, false, c.now
		if reg, err = r, c.tx.UpdateRegistration(c.ctx, r); err != nil {
			return err
		}
		if err := c.tallyRegistration(old, r); err != nil {
			return err
		}
		return c.audit("registration.leave", "registration/"+r.ID, centre.ID, "left the centre")
	})
	return reg, err
}

// RemoveMember is the operator's way to end someone's registration, for
// example when they left the centre without saying so. Unlike Leave it may
// remove the last admin; AppointAdmin then mends the centre (R-REG-9).
func (s *Service) RemoveMember(ctx context.Context, actor Actor, registrationID, reason string) (_ Registration, err error) {
	defer s.observe(&ctx, "RemoveMember").done(&err)
	reason, err = checkReason(reason)
	if err != nil {
		return Registration{}, err
	}
	var reg Registration
	err = s.update(ctx, actor, actRemoveMember, func(c *call) error {
		r, centre, _, err := c.registrationInScope(actRemoveMember, registrationID)
		if err != nil {
			return err
		}
		if r.Status == RegistrationLeft || r.Status == RegistrationRejected {
			return conflict(ReasonAlreadyStatus, params("status", string(r.Status)), "the registration is already %s", r.Status)
		}
		old := r
		r.Status, r.Admin, r.LeftAt = RegistrationLeft, false, c.now
		if reg, err = r, c.tx.UpdateRegistration(c.ctx, r); err != nil {
			return err
		}
		if err := c.tallyRegistration(old, r); err != nil {
			return err
		}
		if err := c.audit("registration.remove", "registration/"+r.ID, centre.ID, "removed by the operator: "+reason); err != nil {
			return err
		}
		to, err := c.emails(r.PersonID)
		if err != nil {
			return err
		}
		return c.event(EventRegistrationRemoved, to, centre.ID, "registration/"+r.ID,
			fmt.Sprintf("the platform operator ended your registration at %s %s for %s: %s", centre.Number, centre.Name, r.Year, reason))
	})
	return reg, err
}

// AppointAdmin lets the operator give the admin right to an approved member
// of a centre that has no approved admin for the year (R-REG-9).
func (s *Service) AppointAdmin(ctx context.Context, actor Actor, registrationID string) (_ Registration, err error) {
	defer s.observe(&ctx, "AppointAdmin").done(&err)
	var reg Registration
	err = s.update(ctx, actor, actAppointAdmin, func(c *call) error {
		r, centre, _, err := c.registrationInScope(actAppointAdmin, registrationID)
		if err != nil {
			return err
		}
		if !r.Approved() {
			return conflict(ReasonNotApprovedMember, params("status", string(r.Status)), "only an approved member can be an administrator; this registration is %s", r.Status)
		}
		n, err := c.countAdmins(r.CentreID, r.Year)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict(ReasonCentreHasAdmin, params("centre_number", string(centre.Number), "year", r.Year.String()), "centre %s has an administrator for %s: they can grant the right", centre.Number, r.Year)
		}
		r.Admin = true
		if reg, err = r, c.tx.UpdateRegistration(c.ctx, r); err != nil {
			return err
		}
		return c.tellAboutAdmin(EventAdminAppointed, "admin.appoint", r, centre)
	})
	return reg, err
}
