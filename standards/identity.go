package standards

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Identity a host controls (R-PER-1): the library finds the actor's person
// by the host's own id before their e-mail address, and a person's address
// changes through a command that keeps everything theirs.

// maxExternalID is the longest host id a person may hold: the SQL stores'
// column takes 200 characters.
const maxExternalID = 200

// maxSystemJob is the longest name of a system job (SystemActor).
const maxSystemJob = 50

// erasedDomain is the domain of the addresses erasure leaves (erasedEmail):
// nobody is given one any other way, so that an erasure always finds the
// address it writes free.
const erasedDomain = "erased.invalid"

// checkExternalID checks a host's id: "" (none), or at most maxExternalID
// characters of printable text, kept exactly as given.
func checkExternalID(id string) error {
	switch {
	case id == "":
		return nil
	case utf8.RuneCountInString(id) > maxExternalID:
		return invalid("external_id", FieldTooLong, params("max", strconv.Itoa(maxExternalID)),
			"the host's id for a person has at most %d characters", maxExternalID)
	case !utf8.ValidString(id) || strings.IndexFunc(id, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0:
		return invalid("external_id", FieldControlCharacters, nil, "the host's id for a person cannot contain control or invisible characters")
	}
	return nil
}

// checkSystem checks a system actor: a job's name, and nothing of a
// person's, so that no host can give a job a person's rights by mistake.
func checkSystem(a Actor) error {
	var v validation
	job := a.System
	v.check(utf8.RuneCountInString(job) <= maxSystemJob, "actor.system", FieldTooLong, params("max", strconv.Itoa(maxSystemJob)),
		fmt.Sprintf("a system job's name has at most %d characters", maxSystemJob))
	v.check(utf8.ValidString(job) && strings.TrimSpace(job) == job &&
		strings.IndexFunc(job, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) < 0,
		"actor.system", FieldInvalidFormat, params("example", "import"), "a system job's name is printable, with no space around it, like import")
	v.check(a.Email == "" && a.ExternalID == "" && a.Name == "" && !a.Operator && a.HostKeyID == "",
		"actor.system", FieldNotAllowed, nil, "a system actor carries no e-mail address, name, host id, host key or operator right")
	return v.err()
}

// systemActions are all a system actor may do (SystemActor).
var systemActions = map[action]bool{actImportHistory: true, actManageWebhooks: true}

// systemMay refuses a system actor any action but systemActions; act ""
// is a query, which a system actor never makes. A person passes.
func systemMay(a Actor, act action) error {
	switch {
	case a.System == "" || systemActions[act]:
		return nil
	case act == "":
		return forbidden(ReasonNeedsRight, params("action", "read", "needs", "a person, not a system job"),
			"a system job (%s) reads nothing through the Service", a.System)
	}
	return forbidden(ReasonNeedsRight, params("action", string(act), "needs", "a person, not a system job"),
		"a system job (%s) may not %s", a.System, act)
}

// identify finds the actor's person, by the host's id first and then by
// e-mail address, as Actor's documentation says; it leaves c.person zero for
// someone the library does not know yet. Found by the host's id, the actor
// takes the person's address, so that everything after (audit entries,
// "is this their own?") reads one identity.
func (c *call) identify() error {
	a := c.actor
	if a.System != "" {
		return nil
	}
	if a.ExternalID != "" {
		p, err := c.tx.PersonByExternalID(c.ctx, a.ExternalID)
		switch {
		case err == nil:
			if a.Email != "" && a.Email != p.Email {
				return conflict(ReasonIdentityMismatch, nil, "the host's id for you belongs to a person with another e-mail address here: "+
					"the host changes the address (ChangeEmail) before acting with the new one")
			}
			c.person, c.actor.Email = p, p.Email
			return nil
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if a.Email == "" {
			return fmt.Errorf("%w: nobody is known by the host's id yet; the host passes the person's e-mail address with it the first time", ErrUnauthenticated)
		}
	}
	p, err := c.tx.PersonByEmail(c.ctx, a.Email)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	if a.ExternalID != "" && p.ExternalID != "" {
		// Not a.ExternalID, which nobody holds: the address has passed to
		// another of the host's people, who must not take up this one's
		// history.
		return conflict(ReasonIdentityMismatch, nil, "the e-mail address belongs to a person the host knows by another id")
	}
	c.person = p
	return nil
}

// identifyAmong finds the actor among people a query read with its view, as
// identify would find them in the store, and says whether it did: by the
// host's id when the actor has one (with the same address, if they gave
// one), else by address. Whatever identify would refuse, or find only in
// the store, is left to identify.
func (c *call) identifyAmong(people []Person) bool {
	a := c.actor
	if a.System != "" {
		return false
	}
	for _, p := range people {
		switch {
		case a.ExternalID != "":
			if p.ExternalID == a.ExternalID && (a.Email == "" || a.Email == p.Email) {
				c.person, c.actor.Email = p, p.Email
				return true
			}
		case p.Email == a.Email:
			c.person = p
			return true
		}
	}
	return false
}

// Me returns the actor's own person: their stable id (Person.ID, which never
// changes, whatever their address), their address and name, and the host's
// id for them if attached. Someone the library does not know yet is
// ErrNotFound: they become known when they first register or a colleague
// registers them.
func (s *Service) Me(ctx context.Context, actor Actor) (_ Person, err error) {
	defer s.observe(&ctx, "Me").done(&err)
	var out Person
	err = s.view(ctx, actor, func(c *call) error {
		if err := authorize(actMe, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		if c.person.ID == "" {
			return notFound("the library does not know you yet: you become known when you first register, or a colleague registers you")
		}
		out = c.person
		return nil
	})
	return out, err
}

// ChangeEmail gives the person personID the address newEmail, normalised
// (R-PER-1), and returns them. They stay one person: their registrations,
// records, certificates and trails stay theirs, found by the new address
// from now on, while the old one is a stranger's (anyone who acts with it
// next is a new person). The person themselves may, and the operator.
// The host must have verified that the new address is the person's before
// it calls (R-PER-4): whoever holds the address acts as the person from now
// on. A host that knows the person by its id (Actor.ExternalID) calls it as
// them with the id alone when their address changes on its side.
//
// A bad address is a *ValidationError on "email"; an address another person
// holds is ErrConflict, and so is an erased person; the person's own
// address is no change. Anyone else gets ErrNotFound, as for a person
// nobody has. The change is in the platform's trail and in the trails of
// the centres where the person took up a registration, and an
// EventEmailChanged goes to both addresses, so that the old one hears of
// it. Events already in the outbox keep the address they were sent to.
func (s *Service) ChangeEmail(ctx context.Context, actor Actor, personID, newEmail string) (_ Person, err error) {
	defer s.observe(&ctx, "ChangeEmail").done(&err)
	var out Person
	err = s.update(ctx, actor, actChangeEmail, func(c *call) error {
		p, err := c.tx.Person(c.ctx, personID)
		if err != nil {
			return err
		}
		st := standing{operator: c.actor.Operator, owner: c.person.ID != "" && c.person.ID == p.ID}
		if err := authorize(actChangeEmail, st, subject{}); err != nil {
			return err
		}
		// Scope first, then the input (security.md).
		email, err := NormaliseEmail(newEmail)
		if err != nil {
			return err
		}
		if strings.HasSuffix(email, "@"+erasedDomain) {
			return invalid("email", FieldNotAllowed, nil, "enter an address that receives mail")
		}
		if p.Email == erasedEmail(p.ID) {
			return conflict(ReasonAlreadyErased, nil, "the person was erased")
		}
		out = p
		if p.Email == email {
			return nil
		}
		switch _, err := c.tx.PersonByEmail(c.ctx, email); {
		case err == nil:
			return conflict(ReasonEmailTaken, nil, "another person has that e-mail address")
		case !errors.Is(err, ErrNotFound):
			return err
		}
		old := p.Email
		p.Email = email
		if err := c.tx.UpdatePerson(c.ctx, p); err != nil {
			return err
		}
		if c.person.ID == p.ID {
			c.person = p // so that nothing later in the call writes the old address back
		}
		out = p
		// The platform's entry is the one erasure reads the person's
		// earlier addresses from (heldBefore): keep its wording.
		if err := c.audit("person.email", "person/"+p.ID, "", fmt.Sprintf("changed the e-mail address of person/%s from %s to %s", p.ID, old, email)); err != nil {
			return err
		}
		regs, err := c.tx.RegistrationsByPerson(c.ctx, p.ID)
		if err != nil {
			return err
		}
		// A centre that only invited the person hears nothing of them
		// until they take the place up (R-REG-13).
		told := map[string]bool{}
		for _, r := range regs {
			if !r.Accepted() || told[r.CentreID] {
				continue
			}
			told[r.CentreID] = true
			if err := c.audit("person.email", "person/"+p.ID, r.CentreID, fmt.Sprintf("the e-mail address of %s changed from %s to %s", p.Name, old, email)); err != nil {
				return err
			}
		}
		return c.event(EventEmailChanged, []string{old, email}, "", "person/"+p.ID,
			fmt.Sprintf("The e-mail address of %s for the Exams Officer Professional Standards changed from %s to %s.", p.Name, old, email))
	})
	return out, err
}
