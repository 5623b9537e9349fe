package standards

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A person's certification history follows them across years and centres
// (R-PER-2, R-REG-7); targets not achieved last year can be carried into
// this year's record (R-TGT-6); and certificates from an earlier platform can
// be imported (R-REG-8).

// standingTowards is the actor's standing towards a person's history: the
// person themselves, the operator, or an approved admin or overseer of a
// centre where the person is registered this academic year (or, before
// they are, next year).
func (c *call) standingTowards(personID string) (standing, error) {
	st := standing{operator: c.actor.Operator, owner: c.person.ID != "" && c.person.ID == personID}
	if c.person.ID == "" || st.owner {
		return st, nil
	}
	theirs, err := c.tx.RegistrationsByPerson(c.ctx, personID)
	if err != nil {
		return st, err
	}
	now := YearOf(c.now)
	for _, r := range theirs {
		if r.Year != now && r.Year != now+1 {
			continue
		}
		if !r.Accepted() || (r.Status != StatusApproved && r.Status != StatusPending) {
			// An invitation the person has not taken up, or a
			// registration they left or that was refused, shows the
			// centre nothing of theirs (R-REG-13); their own request to
			// join shows it to those who decide it.
			continue
		}
		mine, err := c.tx.RegistrationOf(c.ctx, r.CentreID, c.person.ID, r.Year)
		if errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return st, err
		}
		if mine.IsAdmin() || (mine.Approved() && mine.Roles.Overseer()) {
			st.watchesPerson = true
		}
	}
	return st, nil
}

// CertificationHistory lists a person's certificates from every centre and
// year, newest first, imported ones too (R-REG-7). The person sees their
// own; the admins and overseers of a centre where they are registered this
// year see them, and nothing else of another centre; so does the operator.
func (s *Service) CertificationHistory(ctx context.Context, actor Actor, personID string) (_ []Certificate, err error) {
	defer s.observe(&ctx, "CertificationHistory").done(&err)
	var out []Certificate
	err = s.view(ctx, actor, func(c *call) error {
		if _, err := c.tx.Person(c.ctx, personID); err != nil {
			return err
		}
		st, err := c.standingTowards(personID)
		if err != nil {
			return err
		}
		if err := authorize(actViewHistory, st, subject{}); err != nil {
			return err
		}
		out, err = c.tx.CertificatesByPerson(c.ctx, personID)
		return err
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

// ImportStatus is what became of one row of a legacy import.
type ImportStatus string

// What became of a legacy import row: its certificate was imported, was
// already present from an earlier import, or the row was invalid.
const (
	ImportImported ImportStatus = "imported"
	ImportPresent  ImportStatus = "already present"
	ImportInvalid  ImportStatus = "invalid"
)

// ImportOutcome reports one row of a legacy import.
type ImportOutcome struct {
	// Line is the row's line in the file, counting a header, from 1.
	Line   int
	Serial string
	Status ImportStatus
	// Err says why an invalid row was refused.
	Err error
}

// MaxImportRows caps one legacy import file.
const MaxImportRows = 100000

// ImportCertificates imports certification history from an earlier platform
// (R-REG-8): a CSV file with the columns email, full name, centre number,
// academic year, date certified (2006-01-02), certificate number; a first
// row starting "email" is a header. Each row succeeds or fails on its own,
// in its own transaction; importing a certificate number already present
// changes nothing, so importing a file twice is harmless. An imported
// certificate belongs to the person with that e-mail, who is recorded if
// new and so finds it when they first register; it gets a verification
// code of its own. Only the operator imports, or a host's job as
// SystemActor (say, SystemActor("import")). progress, if not nil, is told
// how many rows are done after each one, for a progress bar.
func (s *Service) ImportCertificates(ctx context.Context, actor Actor, file io.Reader, progress func(done int)) (_ []ImportOutcome, err error) {
	defer s.observe(&ctx, "ImportCertificates").done(&err)
	if err := s.mayImport(ctx, actor); err != nil {
		return nil, err
	}
	var out []ImportOutcome
	err = eachCSVRow(file, MaxImportRows, func(line int, rec []string) error {
		out = append(out, s.importRow(ctx, actor, line, rec))
		if progress != nil {
			progress(len(out))
		}
		return nil
	})
	return out, err
}

// mayImport decides whether actor may import history: the operator may,
// and a system job (SystemActor), whose right is its own and needs no read.
func (s *Service) mayImport(ctx context.Context, actor Actor) error {
	if actor.System != "" {
		actor, err := checkActor(actor)
		if err != nil {
			return err
		}
		return systemMay(actor, actImportHistory)
	}
	return s.view(ctx, actor, func(c *call) error {
		return authorize(actImportHistory, standing{operator: c.actor.Operator}, subject{})
	})
}

// legacyCertificate is one valid row of a legacy import.
type legacyCertificate struct {
	email, name, serial string
	centre              CentreNumber
	year                AcademicYear
	certified           time.Time
}

func parseLegacyRow(rec []string) (legacyCertificate, error) {
	if len(rec) != 6 {
		return legacyCertificate{}, invalid("file", FieldWrongColumns, params("got", strconv.Itoa(len(rec)), "want", "6"), "want 6 columns: email, full name, centre number, academic year, date certified, certificate number; got %d", len(rec))
	}
	var v validation
	var l legacyCertificate
	var err error
	l.email, err = NormaliseEmail(rec[0])
	v.add("email", err)
	l.name, err = cleanName(rec[1])
	v.add("full_name", err)
	l.centre, err = ParseCentreNumber(rec[2])
	v.add("centre_number", err)
	l.year, err = ParseAcademicYear(rec[3])
	v.add("year", err)
	l.certified, err = time.Parse("2006-01-02", strings.TrimSpace(rec[4]))
	v.check(err == nil, "date_certified", FieldInvalidFormat, params("example", "2006-01-02"), "write the date as 2006-01-02")
	l.serial = strings.TrimSpace(rec[5])
	// Not only the controls below space: DEL and the C1 controls print no
	// better, and bytes that are not UTF-8 a PostgreSQL text column refuses.
	serialCode, serialParams := FieldControlCharacters, map[string]string(nil)
	switch {
	case l.serial == "":
		serialCode = FieldRequired
	case utf8.RuneCountInString(l.serial) > 32:
		serialCode, serialParams = FieldTooLong, params("max", "32")
	}
	v.check(l.serial != "" && utf8.RuneCountInString(l.serial) <= 32 && utf8.ValidString(l.serial) && !strings.ContainsFunc(l.serial, unicode.IsControl),
		"certificate_number", serialCode, serialParams, "a certificate number has 1 to 32 characters, none of them control characters")
	return l, v.err()
}

func (s *Service) importRow(ctx context.Context, actor Actor, line int, rec []string) ImportOutcome {
	o := ImportOutcome{Line: line}
	if len(rec) >= 6 {
		o.Serial = strings.TrimSpace(rec[5])
	}
	l, err := parseLegacyRow(rec)
	if err != nil {
		o.Status, o.Err = ImportInvalid, err
		return o
	}
	// The serial's uniqueness in the store makes a second import of the
	// same certificate a conflict, which rolls the row back: nothing changes.
	err = s.update(ctx, actor, actImportHistory, func(c *call) error {
		p, err := c.personByEmail(l.email, l.name)
		if err != nil {
			return err
		}
		cert := Certificate{
			ID: c.newID(), Serial: l.serial, VerificationCode: newVerificationCode(), PersonID: p.ID, HolderName: l.name,
			CentreNumber: l.centre, CentreName: "centre " + string(l.centre), Year: l.year, IssuedAt: l.certified,
			ClaimedByName: "imported from the earlier platform",
		}
		if centre, err := c.tx.CentreByNumber(c.ctx, l.centre); err == nil {
			cert.CentreID, cert.CentreName = centre.ID, centre.Name
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := c.tx.CreateCertificate(c.ctx, cert); err != nil {
			return err
		}
		return c.audit("certificate.import", "certificate/"+cert.ID, cert.CentreID,
			fmt.Sprintf("imported certificate %s of %s for %s", cert.Serial, l.email, l.year))
	})
	switch {
	case errors.Is(err, ErrConflict):
		o.Status = ImportPresent
	case err != nil:
		o.Status, o.Err = ImportInvalid, err
	default:
		o.Status = ImportImported
	}
	return o
}
