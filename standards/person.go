package standards

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Person is one human across all years and centres (R-PER-1). Their
// certification history belongs to them, not to a centre (R-PER-2).
type Person struct {
	// ID is the library's id for the person: it never changes, whatever
	// their address (Service.Me reads the actor's own).
	ID string
	// Email is the person's address, normalised by NormaliseEmail, unique:
	// it finds them when the host passes no id of its own, and it changes
	// only through Service.ChangeEmail.
	Email string
	Name  string
	// OwnName says the name is the person's own: one they gave, or the host
	// gave for them as they acted. A name a colleague typed when registering
	// them is provisional until then (R-PER-3).
	OwnName bool
	// ExternalID is the host's own id for the person, if it attached one,
	// unique: it finds them before their address (Actor).
	ExternalID string
	CreatedAt  time.Time
}

const maxEmailLength = 254 // RFC 5321's limit on a forward path

// NormaliseEmail trims and lower-cases an e-mail address and checks that it
// is a single bare address; anything else is a *ValidationError on "email".
func NormaliseEmail(s string) (string, error) {
	// Bytes that are not UTF-8 are refused before lower-casing, which would
	// turn each into U+FFFD and so make different inputs one identity.
	if !utf8.ValidString(s) {
		return "", invalid("email", FieldInvalidFormat, params("example", "name@school.org.uk"), "enter an e-mail address like name@school.org.uk")
	}
	e := strings.ToLower(strings.TrimSpace(s))
	if e == "" {
		return "", invalid("email", FieldRequired, nil, "enter an e-mail address")
	}
	if len(e) > maxEmailLength {
		return "", invalid("email", FieldTooLong, params("max", strconv.Itoa(maxEmailLength)), "an e-mail address has at most %d characters", maxEmailLength)
	}
	addr, err := mail.ParseAddress(e)
	local, domain, ok := strings.Cut(e, "@")
	if err != nil || addr.Address != e || !ok || local == "" || domain == "" || strings.ContainsAny(e, " <>\"") {
		return "", invalid("email", FieldInvalidFormat, params("example", "name@school.org.uk"), "enter an e-mail address like name@school.org.uk")
	}
	// net/mail lets through the C1 control characters of UTF-8 addresses
	// (RFC 6532), and the invisible format characters (zero-width spaces,
	// the bidi overrides): an identity shown on pages and in exports must
	// not hold them, or one address could read as another's.
	if strings.IndexFunc(e, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
		return "", invalid("email", FieldControlCharacters, nil, "an e-mail address cannot contain control or invisible characters")
	}
	return e, nil
}

// cleanName trims a name and checks it is 1 to 200 characters of printable
// text: the rule for people's, centres' and trusts' names (R-CEN-2).
func cleanName(s string) (string, error) { return cleanLine(s, "name") }

// cleanTitle is cleanName for a target's or an activity's title, whose
// problems say "title".
func cleanTitle(s string) (string, error) { return cleanLine(s, "title") }

// cleanLine trims a one-line text, a name or a title (what), and checks
// it is there, at most MaxNameLength characters, with no control
// characters.
func cleanLine(s, what string) (string, error) {
	n := strings.TrimSpace(s)
	if n == "" {
		return "", invalid(what, FieldRequired, nil, "enter a %s", what)
	}
	if utf8.RuneCountInString(n) > MaxNameLength {
		return "", invalid(what, FieldTooLong, params("max", strconv.Itoa(MaxNameLength)), "a %s has at most %d characters", what, MaxNameLength)
	}
	if !utf8.ValidString(n) || strings.IndexFunc(n, func(r rune) bool { return unicode.IsControl(r) || isBidiControl(r) }) >= 0 {
		return "", invalid(what, FieldControlCharacters, nil, "a %s cannot contain control characters", what)
	}
	return n, nil
}

// isBidiControl reports the invisible characters that reorder the text
// around them, the embeddings, overrides and isolates (U+202A to U+202E,
// U+2066 to U+2069): in a name or a target's title they could make it read
// on a page, a certificate or a CSV as something other than what is
// stored. The direction marks (U+200E, U+200F, U+061C) reorder nothing
// past themselves and may come with a name written right to left, so they
// stay.
func isBidiControl(r rune) bool { return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 }

// cleanText trims free text and checks it is at most max characters with
// no control characters but line breaks and tabs.
func cleanText(s string, max int) (string, error) {
	t := strings.TrimSpace(s)
	if utf8.RuneCountInString(t) > max {
		return "", invalid("text", FieldTooLong, params("max", strconv.Itoa(max)), "at most %d characters", max)
	}
	if !utf8.ValidString(t) || strings.IndexFunc(t, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' || isBidiControl(r)
	}) >= 0 {
		return "", invalid("text", FieldControlCharacters, nil, "cannot contain control characters")
	}
	return t, nil
}

// PersonKey is how a host names the person reading a view before the
// library knows who they are: their address, the host's id for them, or
// both, as an Actor gives them. The zero key names nobody.
type PersonKey struct {
	Email      string
	ExternalID string
}

// PersonSheet is a person with their history, read at once: every
// registration they hold, at every centre and year, with its centre and
// standards record, and every certificate of theirs; and whoever the
// reader's key names, with the registrations they hold at the same
// centres, which say whether the reader may see that history.
type PersonSheet struct {
	Person Person
	// Registrations are in the order of RegistrationsByPerson.
	Registrations []Registration
	// Centres are those Registrations name, each once, by ID.
	Centres []Centre
	// Records are the person's standards records, by ID.
	Records []Record
	// Certificates are in the order of CertificatesByPerson.
	Certificates []Certificate
	// Readers are the people the reader's key names, each once, in order
	// of ID: the one whose address it is and the one who holds its id
	// (two, when those differ, which the Service refuses).
	Readers []Person
	// Viewer are the registrations Readers hold at the centres of
	// Registrations, by person in the order of Readers, each person's in
	// the order of RegistrationsByPerson.
	Viewer []Registration
}

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
func (s *Service) CorrectMyName(ctx context.Context, actor Actor, fullName string) (_ Person, err error) {
	defer s.observe(&ctx, "CorrectMyName").done(&err)
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
func (s *Service) FindPerson(ctx context.Context, actor Actor, email string) (_ Person, err error) {
	defer s.observe(&ctx, "FindPerson").done(&err)
	email, err = NormaliseEmail(email)
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
func (s *Service) ExportPerson(ctx context.Context, actor Actor, personID string) (_ PersonExport, err error) {
	defer s.observe(&ctx, "ExportPerson").done(&err)
	var out PersonExport
	err = s.update(ctx, actor, actExportPerson, func(c *call) error {
		out = PersonExport{} // a run again after ErrTransient starts afresh
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
			sheet, err := c.tx.RecordSheet(c.ctx, rec.ID, RecordTargets|RecordHistory|RecordCPD|RecordMeetings|RecordActions|RecordSignatures)
			if err != nil {
				return err
			}
			x := RecordExport{Record: rec, Targets: sheet.Targets, History: sheet.History, CPD: sheet.CPD,
				Meetings: sheet.Meetings, Actions: sheet.Actions, Signatures: sheet.Signatures}
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

// erasedEmail is the address an erased person is left with: one that
// receives no mail, and that nobody can be given before the erasure, since
// it holds the person's own id.
func erasedEmail(personID string) string { return "erased-" + personID + "@" + erasedDomain }

// redaction gives the texts that find an erased person in the trails, and
// the rewrite of a summary found: each whole occurrence of their address or
// of a name they went by, not inside a longer word or address (so that
// "Ann Lee" leaves "Ann Leeson" be), reads AnErasedPerson. A name shorter
// than minRedactedName is not searched for.
func redaction(email string, names []string) ([]string, func(string) string) {
	mentions := []string{email}
	for _, n := range names {
		if utf8.RuneCountInString(n) >= minRedactedName && n != ErasedName && !slices.Contains(mentions, n) {
			mentions = append(mentions, n)
		}
	}
	// Longest first, so that a name inside another is not replaced first.
	slices.SortFunc(mentions, func(a, b string) int { return len(b) - len(a) })
	return mentions, func(summary string) string {
		for _, m := range mentions {
			summary = replaceWhole(summary, m, AnErasedPerson)
		}
		return summary
	}
}

// replaceWhole replaces each occurrence of old in s that is not part of a
// longer word or address.
func replaceWhole(s, old, new string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(old):])
		if i > 0 && wordRune(before) || i+len(old) < len(s) && wordRune(after) {
			b.WriteString(s[:i+len(old)])
		} else {
			b.WriteString(s[:i])
			b.WriteString(new)
		}
		s = s[i+len(old):]
	}
}

// wordRune is a rune that continues a word or an e-mail address.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("@._+-", r)
}

// heldBefore reads, from the platform's trail, the names a person has gone
// by (the one they were first recorded under and each they gave since) and
// the e-mail addresses they had before their present one (ChangeEmail).
func (c *call) heldBefore(personID string) (names, emails []string, err error) {
	changed := "changed the e-mail address of person/" + personID + " from "
	var before int64
	for {
		page, err := c.tx.AuditByCentre(c.ctx, "", before, MaxPage)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range page {
			if e.Subject != "person/"+personID {
				continue
			}
			if n, ok := strings.CutPrefix(e.Summary, "recorded "); ok && e.Action == "person.create" {
				names = append(names, n)
			}
			if n, ok := strings.CutPrefix(e.Summary, "gave their name as "); ok && e.Action == "person.name" {
				names = append(names, n)
			}
			// Addresses hold no spaces (NormaliseEmail), so " to " ends
			// the old one.
			if rest, ok := strings.CutPrefix(e.Summary, changed); ok && e.Action == "person.email" {
				if old, _, ok := strings.Cut(rest, " to "); ok {
					emails = append(emails, old)
				}
			}
		}
		if len(page) < MaxPage {
			return names, emails, nil
		}
		before = page[len(page)-1].Seq
	}
}

// unnameClaimant takes an erased person's name off the certificates they
// claimed as an overseer, in the years they were registered.
func (c *call) unnameClaimant(personID string, regs []Registration) error {
	var years []AcademicYear
	for _, r := range regs {
		if r.Roles.Overseer() && !slices.Contains(years, r.Year) {
			years = append(years, r.Year)
		}
	}
	for _, y := range years {
		certs, err := c.tx.CertificatesByYear(c.ctx, y)
		if err != nil {
			return err
		}
		for _, cert := range certs {
			if cert.ClaimedBy != personID || cert.ClaimedByName == ErasedName {
				continue
			}
			cert.ClaimedByName = ErasedName
			if err := c.tx.UpdateCertificate(c.ctx, cert); err != nil {
				return err
			}
		}
	}
	return nil
}

// ErasePerson erases a person: their name and e-mail address are replaced,
// their host id dropped, and their certificates revoked with the reason
// "holder erased" and stripped of the name. Their registrations, records
// and the audit trails stay, as anonymous history, so that the figures still
// add up: every entry they made, and every summary that named them by
// address or name, reads AnErasedPerson instead. The erasure itself is in
// the platform's trail (PlatformTrail). Only the operator may.
func (s *Service) ErasePerson(ctx context.Context, actor Actor, personID string) (err error) {
	defer s.observe(&ctx, "ErasePerson").done(&err)
	return s.update(ctx, actor, actErasePerson, func(c *call) error {
		if err := authorize(actErasePerson, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		p, err := c.tx.Person(c.ctx, personID)
		if err != nil {
			return err
		}
		if p.Email == erasedEmail(p.ID) {
			return conflict(ReasonAlreadyErased, nil, "the person was already erased")
		}
		red := Redaction{PersonID: p.ID, Email: p.Email, As: AnErasedPerson, CentreIDs: []string{""}}
		names := []string{p.Name}
		p.Name, p.Email, p.ExternalID = ErasedName, erasedEmail(p.ID), ""
		if err := c.tx.UpdatePerson(c.ctx, p); err != nil {
			return err
		}
		regs, err := c.tx.RegistrationsByPerson(c.ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if !slices.Contains(red.CentreIDs, r.CentreID) {
				red.CentreIDs = append(red.CentreIDs, r.CentreID)
			}
			if r.InvitedName == "" && r.InvitedEmail == "" {
				continue
			}
			if r.InvitedName != "" {
				names = append(names, r.InvitedName)
				r.InvitedName = ErasedName
			}
			if r.InvitedEmail != "" {
				r.InvitedEmail = p.Email // the erased address
			}
			if err := c.tx.UpdateRegistration(c.ctx, r); err != nil {
				return err
			}
		}
		earlier, oldEmails, err := c.heldBefore(p.ID)
		if err != nil {
			return err
		}
		// The addresses they had before are found like names, in
		// summaries and as the actor of entries made before they were a
		// known person (their first, say).
		red.Mentions, red.Rewrite = redaction(red.Email, slices.Concat(names, earlier, oldEmails))
		if err := c.tx.RedactAudit(c.ctx, red); err != nil {
			return err
		}
		for _, old := range oldEmails {
			if err := c.tx.RedactAudit(c.ctx, Redaction{PersonID: p.ID, Email: old, As: AnErasedPerson, Rewrite: red.Rewrite}); err != nil {
				return err
			}
		}
		if err := c.unnameClaimant(p.ID, regs); err != nil {
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
		if c.person.ID == p.ID {
			// The operator erased the very person the call names (an
			// operator key names whom it likes): the erasure's own entry,
			// written after the trails were redacted, must not bring their
			// address back as its actor.
			c.actor.Email = AnErasedPerson
		}
		return c.audit("person.erase", "person/"+p.ID, "",
			fmt.Sprintf("erased person/%s; %d certificates revoked", p.ID, len(certs)))
	})
}

// PersonStore keeps people.
type PersonStore interface {
	// CreatePerson stores a new person; ID, Email and a non-empty ExternalID
	// are each unique.
	CreatePerson(ctx context.Context, p Person) error
	// UpdatePerson replaces the person with p.ID.
	UpdatePerson(ctx context.Context, p Person) error
	Person(ctx context.Context, id string) (Person, error)
	PersonByEmail(ctx context.Context, email string) (Person, error)
	PersonByExternalID(ctx context.Context, externalID string) (Person, error)
	// People returns the people with the given ids, in the order of ids,
	// skipping ids that match nobody (a repeated id gives the person again).
	People(ctx context.Context, ids []string) ([]Person, error)

	// PersonSheet reads a person with their history (see PersonSheet), and
	// the people reader names with their registrations at the person's
	// centres (the zero key names none), or returns ErrNotFound when there
	// is no such person. A store that can should read it in one statement.
	PersonSheet(ctx context.Context, personID string, reader PersonKey) (PersonSheet, error)
}
