package standards

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Staff names and e-mail addresses are personal data under UK GDPR: a
// person's data can be exported in full and erased, and both are audited.

// PersonExport is everything the library holds about one person, for a
// subject access request; it marshals to JSON as it stands.
type PersonExport struct {
	Person        Person
	Registrations []Registration
	// Records are the person's standards records as exams officer, with
	// everything in them but overseers' private notes, which are the
	// overseers' own working notes.
	Records      []RecordExport
	Certificates []Certificate
}

// RecordExport is one standards record in a PersonExport.
type RecordExport struct {
	Record     Record
	Targets    []Target
	History    []TargetChange
	CPD        []CPDEntry
	Meetings   []Meeting
	Actions    []SupportAction
	Signatures []Signature
}

// CorrectMyName records the actor's name as they give it (R-PER-3): it
// replaces any name a colleague typed, or the host passed, on every page
// from now on. Certificates already issued keep the name they carry. A bad
// name is a *ValidationError on "full_name".
func (s *Service) CorrectMyName(ctx context.Context, actor Actor, fullName string) (Person, error) {
	name, err := cleanName(fullName)
	if err != nil {
		var v validation
		v.add("full_name", err)
		return Person{}, v.err()
	}
	var out Person
	err = s.update(ctx, actor, actCorrectName, func(c *call) error {
		if err := authorize(actCorrectName, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		var err error
		if c.person.ID == "" {
			err = c.becomePerson(name)
		} else {
			err = c.nameOwn(name)
		}
		out = c.person
		return err
	})
	return out, err
}

// FindPerson looks a person up by e-mail address, so that a page can offer
// the export and erasure of their data: the operator may find anyone, and
// anyone may find themselves. Anyone else, and an address nobody holds, is
// ErrNotFound.
func (s *Service) FindPerson(ctx context.Context, actor Actor, email string) (Person, error) {
	email, err := NormaliseEmail(email)
	if err != nil {
		return Person{}, err
	}
	var out Person
	err = s.view(ctx, actor, func(c *call) error {
		st := standing{operator: c.actor.Operator, owner: c.person.ID != "" && c.person.Email == email}
		if err := authorize(actFindPerson, st, subject{}); err != nil {
			return err
		}
		out, err = c.tx.PersonByEmail(c.ctx, email)
		return err
	})
	return out, err
}

// ExportPerson gathers everything about a person: the person themselves and
// the operator may.
func (s *Service) ExportPerson(ctx context.Context, actor Actor, personID string) (PersonExport, error) {
	var out PersonExport
	err := s.update(ctx, actor, actExportPerson, func(c *call) error {
		p, err := c.tx.Person(c.ctx, personID)
		if err != nil {
			return err
		}
		st := standing{operator: c.actor.Operator, owner: c.person.ID != "" && c.person.ID == p.ID}
		if err := authorize(actExportPerson, st, subject{}); err != nil {
			return err
		}
		out.Person = p
		if out.Registrations, err = c.tx.RegistrationsByPerson(c.ctx, p.ID); err != nil {
			return err
		}
		for _, reg := range out.Registrations {
			rec, err := c.tx.RecordByRegistration(c.ctx, reg.ID)
			if errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			x := RecordExport{Record: rec}
			if x.Targets, err = c.tx.Targets(c.ctx, rec.ID); err != nil {
				return err
			}
			if x.History, err = c.tx.TargetChanges(c.ctx, rec.ID); err != nil {
				return err
			}
			if x.CPD, err = c.tx.CPDEntries(c.ctx, rec.ID); err != nil {
				return err
			}
			if x.Meetings, err = c.tx.Meetings(c.ctx, rec.ID); err != nil {
				return err
			}
			if x.Actions, err = c.tx.SupportActions(c.ctx, rec.ID); err != nil {
				return err
			}
			if x.Signatures, err = c.tx.Signatures(c.ctx, rec.ID); err != nil {
				return err
			}
			out.Records = append(out.Records, x)
		}
		if out.Certificates, err = c.tx.CertificatesByPerson(c.ctx, p.ID); err != nil {
			return err
		}
		// Reading someone's whole file is itself worth a line in the trail.
		return c.audit("person.export", "person/"+p.ID, "", "exported the personal data of person/"+p.ID)
	})
	return out, err
}

// ErasedName is what an erased person's name becomes.
const ErasedName = "Erased person"

// AnErasedPerson is how the audit trails name an erased person, as actor and
// in summaries.
const AnErasedPerson = "an erased person"

// minRedactedName is the shortest name an erasure searches the trails for:
// a shorter one would rewrite parts of other words.
const minRedactedName = 4

// ErasePerson erases a person: their name and e-mail address are replaced,
// their host id dropped, and their certificates revoked with the reason
// "holder erased" and stripped of the name. Their registrations, records
// and the audit trails stay, as anonymous history, so that the figures still
// add up: every entry they made, and every summary that named them by
// address or name, reads AnErasedPerson instead. The erasure itself is in
// the platform's trail (PlatformTrail). Only the operator may.
func (s *Service) ErasePerson(ctx context.Context, actor Actor, personID string) error {
	return s.update(ctx, actor, actErasePerson, func(c *call) error {
		if err := authorize(actErasePerson, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		p, err := c.tx.Person(c.ctx, personID)
		if err != nil {
			return err
		}
		if p.Name == ErasedName {
			return conflict("the person was already erased")
		}
		email, mentions := p.Email, []string{p.Email}
		if utf8.RuneCountInString(p.Name) >= minRedactedName {
			mentions = append(mentions, p.Name)
		}
		p.Name, p.Email, p.ExternalID = ErasedName, "erased-"+p.ID+"@erased.invalid", ""
		if err := c.tx.UpdatePerson(c.ctx, p); err != nil {
			return err
		}
		regs, err := c.tx.RegistrationsByPerson(c.ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if r.InvitedName == "" {
				continue
			}
			if utf8.RuneCountInString(r.InvitedName) >= minRedactedName {
				mentions = append(mentions, r.InvitedName)
			}
			r.InvitedName = ErasedName
			if err := c.tx.UpdateRegistration(c.ctx, r); err != nil {
				return err
			}
		}
		if err := c.tx.RedactAudit(c.ctx, p.ID, email, mentions, AnErasedPerson); err != nil {
			return err
		}
		certs, err := c.tx.CertificatesByPerson(c.ctx, p.ID)
		if err != nil {
			return err
		}
		for _, cert := range certs {
			old := cert
			cert.HolderName = ErasedName
			if !cert.Revoked() {
				cert.RevokedAt, cert.RevokedBy, cert.RevokeReason = c.now, c.person.ID, "holder erased"
			}
			if err := c.tx.UpdateCertificate(c.ctx, cert); err != nil {
				return err
			}
			if err := c.tallyCertificate(old, cert); err != nil {
				return err
			}
		}
		return c.audit("person.erase", "person/"+p.ID, "",
			fmt.Sprintf("erased person/%s; %d certificates revoked", p.ID, len(certs)))
	})
}
