package standards

import (
	"context"
	"errors"
	"fmt"
)

// A person's certification history follows them across years and centres
// (R-PER-2, R-REG-7); targets not achieved last year can be carried into
// this year's record (R-TGT-6). Certificates from an earlier platform are
// imported in history_import.go (R-REG-8).

// standingTowards is the actor's standing towards a person's history: the
// person themselves, the operator, or an approved admin or overseer of a
// centre where the person is registered this academic year (or, before
// they are, next year).
func (c *call) standingTowards(sheet PersonSheet) standing {
	st := standing{operator: c.actor.Operator, owner: c.person.ID != "" && c.person.ID == sheet.Person.ID}
	if c.person.ID == "" || st.owner {
		return st
	}
	now := YearOf(c.now)
	for _, r := range sheet.Registrations {
		if r.Year != now && r.Year != now+1 {
			continue
		}
		if !r.Accepted() || (r.Status != RegistrationApproved && r.Status != RegistrationPending) {
			// An invitation the person has not taken up, or a
			// registration they left or that was refused, shows the
			// centre nothing of theirs (R-REG-13); their own request to
			// join shows it to those who decide it.
			continue
		}
		for _, mine := range sheet.Viewer {
			if mine.PersonID == c.person.ID && mine.CentreID == r.CentreID && mine.Year == r.Year && (mine.IsAdmin() || (mine.Approved() && mine.Roles.Overseer())) {
				st.watchesPerson = true
			}
		}
	}
	return st
}

// CertificationHistory lists a person's certificates from every centre and
// year, newest first, imported ones too (R-REG-7). The person sees their
// own; the admins and overseers of a centre where they are registered this
// year see them, and nothing else of another centre; so does the operator.
func (s *Service) CertificationHistory(ctx context.Context, actor Actor, personID string) (_ []Certificate, err error) {
	defer s.observe(&ctx, "CertificationHistory").done(&err)
	var (
		out   []Certificate
		sheet PersonSheet
	)
	err = s.viewFirst(ctx, actor, func(c *call) ([]Person, error) {
		var err error
		sheet, err = c.tx.PersonSheet(c.ctx, personID, PersonKey{Email: c.actor.Email, ExternalID: c.actor.ExternalID})
		return sheet.Readers, err
	}, func(c *call) error {
		if err := authorize(actViewHistory, c.standingTowards(sheet), subject{}); err != nil {
			return err
		}
		out = sheet.Certificates
		return nil
	})
	return out, err
}

// MyCertificates lists the actor's own certificates, newest first.
func (s *Service) MyCertificates(ctx context.Context, actor Actor) (_ []Certificate, err error) {
	defer s.observe(&ctx, "MyCertificates").done(&err)
	var out []Certificate
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actViewOwn, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if c.person.ID == "" {
			return nil
		}
		var err error
		out, err = c.tx.CertificatesByPerson(c.ctx, c.person.ID)
		return err
	})
	return out, err
}

// CarryForward proposes, in the record, every target of the exams
// officer's previous record (their latest of an earlier year) that was
// neither achieved nor withdrawn (R-TGT-6). Carried targets keep their area,
// title, description, success measure and catalogue item, lose their due
// date, and start again as proposed by the side that carried them; a target
// whose title the record already has is not carried twice. The exams
// officer or an overseer may carry targets forward.
func (s *Service) CarryForward(ctx context.Context, actor Actor, recordID string) (_ []Target, err error) {
	defer s.observe(&ctx, "CarryForward").done(&err)
	var out []Target
	err = s.update(ctx, actor, actCarryForward, func(c *call) error {
		out = nil // a run again after ErrTransient starts afresh
		r, err := c.changeRecord(actCarryForward, recordID, subject{})
		if err != nil {
			return err
		}
		// Another centre's record is the exams officer's to bring, not an
		// overseer's to read (R-TGT-6, R-REG-13).
		prev, err := c.previousRecord(r.record, !r.st.owner)
		if err != nil {
			return err
		}
		old, err := c.tx.Targets(c.ctx, prev.ID)
		if err != nil {
			return err
		}
		have, err := c.tx.Targets(c.ctx, r.record.ID)
		if err != nil {
			return err
		}
		titles := make(map[string]bool, len(have))
		for _, t := range have {
			titles[t.Title] = true
		}
		for _, t := range old {
			if t.State == TargetAchieved || t.State == TargetWithdrawn || titles[t.Title] {
				continue
			}
			carried, err := c.proposeTarget(&r, TargetInput{
				Area: t.Area, Title: t.Title, Description: t.Description, SuccessMeasure: t.SuccessMeasure, CatalogueItemID: t.CatalogueItemID,
			})
			if err != nil {
				return err
			}
			titles[t.Title] = true
			out = append(out, carried)
		}
		if len(out) == 0 {
			return nil
		}
		if err := c.audit("target.carry_forward", "record/"+r.record.ID, r.record.CentreID,
			fmt.Sprintf("carried %d targets forward from %s", len(out), prev.Year)); err != nil {
			return err
		}
		return c.tellOtherSide(r, fmt.Sprintf("%s carried %d targets forward from %s for agreement", c.personName(), len(out), prev.Year))
	})
	return out, err
}

// previousRecord is the exams officer's latest record of a year before
// rec's: at any centre, or at rec's centre only when sameCentre.
func (c *call) previousRecord(rec Record, sameCentre bool) (Record, error) {
	regs, err := c.tx.RegistrationsByPerson(c.ctx, rec.PersonID) // newest year first
	if err != nil {
		return Record{}, err
	}
	for _, reg := range regs {
		if reg.Year >= rec.Year || (sameCentre && reg.CentreID != rec.CentreID) {
			continue
		}
		prev, err := c.tx.RecordByRegistration(c.ctx, reg.ID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		return prev, err
	}
	if sameCentre {
		return Record{}, notFound("no earlier standards record at this centre to carry targets forward from: an exams officer brings targets from another centre themselves")
	}
	return Record{}, notFound("no earlier standards record to carry targets forward from")
}
