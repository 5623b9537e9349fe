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

// ImportStatus is what became of one row of a legacy import.
type ImportStatus string

// ImportOutcome reports one row of a legacy import.
type ImportOutcome struct {
	// Line is the row's line in the file, counting a header, from 1.
	Line   int
	Serial string
	Status ImportStatus
	// Err says why an invalid row was refused.
	Err error
}

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

// What became of a legacy import row: its certificate was imported, was
// already present from an earlier import, or the row was invalid.
const (
	ImportImported ImportStatus = "imported"
	ImportPresent  ImportStatus = "already present"
	ImportInvalid  ImportStatus = "invalid"
)

// MaxImportRows caps one legacy import file.
const MaxImportRows = 100000
