package standards

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Certificate is the annual certificate of the Exams Officer Professional
// Standards (R-CRT-1).
type Certificate struct {
	ID string
	// Serial is the human-readable number printed on the certificate,
	// unique: EOPS-2526-XXXX-XXXX.
	Serial string
	// VerificationCode lets anyone verify the certificate (R-CRT-2): 100
	// random bits, not derivable from the serial. Written in groups of four
	// for people; ParseVerificationCode reads it back.
	VerificationCode string
	// RecordID is the record it certifies; empty for an imported certificate.
	RecordID     string
	PersonID     string
	HolderName   string
	CentreID     string
	CentreName   string
	CentreNumber CentreNumber
	Year         AcademicYear
	IssuedAt     time.Time
	// ClaimedBy is the overseer who claimed it, as a person id, and
	// ClaimedByName their name at the time.
	ClaimedBy     string
	ClaimedByName string
	// RevokedAt, RevokedBy and RevokeReason record a revocation by the
	// operator (R-CRT-3). RevokedBy is the operator's person id, or "" when
	// the operator acted without ever registering; the audit trail names
	// them by e-mail either way.
	RevokedAt    time.Time
	RevokedBy    string
	RevokeReason string
}

// Revoked reports whether the operator revoked the certificate.
func (c Certificate) Revoked() bool { return !c.RevokedAt.IsZero() }

// CertificateStatus is what verification says of a certificate.
type CertificateStatus string

// The statuses verification gives: a certificate stands, or the operator
// revoked it.
const (
	CertificateValid   CertificateStatus = "valid"
	CertificateRevoked CertificateStatus = "revoked"
)

// Verification is everything verification reveals (R-CRT-2): no ids, no
// e-mail, nothing of the record.
type Verification struct {
	Status       CertificateStatus
	HolderName   string
	CentreName   string
	CentreNumber CentreNumber
	Year         AcademicYear
	IssuedAt     time.Time
	RevokedAt    time.Time
}

// codeAlphabet is Crockford's base32 in upper case: no I, L, O or U, so a
// code read aloud or typed is hard to get wrong.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// randomCode returns n characters of codeAlphabet, 5 random bits each.
func randomCode(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b)
}

// verificationCodeLength is 20 characters: 100 random bits.
const verificationCodeLength = 20

func newVerificationCode() string { return groupsOfFour(randomCode(verificationCodeLength)) }

// newSerial makes a serial number for year: EOPS-2526-XXXX-XXXX, with 40
// random bits so that serials do not reveal how many were issued.
func newSerial(year AcademicYear) string {
	return fmt.Sprintf("EOPS-%02d%02d-%s", int(year)%100, (int(year)+1)%100, groupsOfFour(randomCode(8)))
}

func groupsOfFour(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseVerificationCode reads a code as a person may type it: any case,
// with or without dashes and spaces, O for 0 and I or L for 1. Anything
// else is a *ValidationError on "code".
func ParseVerificationCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case '-', ' ', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if !strings.ContainsRune(codeAlphabet, r) {
			return "", invalid("code", FieldInvalidFormat, params("example", "ABCD-EFGH-JKMN-PQRS-TVWX"), "a verification code has 20 letters and digits, as printed on the certificate")
		}
		b.WriteRune(r)
	}
	if b.Len() != verificationCodeLength {
		return "", invalid("code", FieldInvalidFormat, params("example", "ABCD-EFGH-JKMN-PQRS-TVWX"), "a verification code has 20 letters and digits, as printed on the certificate")
	}
	return groupsOfFour(b.String()), nil
}

// claimFacts gathers what eligibility depends on, for the actor as
// claimant.
func (c *call) claimFacts(r onRecord, confirm Confirmations) (ClaimFacts, error) {
	f := ClaimFacts{
		Registration: r.eo, ClaimantID: c.person.ID, ClaimantOverseer: r.st.overseer,
		Now: c.now, Grace: c.svc.grace, Confirmations: confirm,
	}
	if c.seen != nil {
		// The record was read with these parts (recordInScope, sheetParts).
		sheet, err := c.recordSheet(r.record.ID, RecordTargets|RecordSignatures|RecordMeetings|RecordCertificate)
		f.Targets, f.Signatures, f.Meetings, f.Certified = sheet.Targets, sheet.Signatures, sheet.Meetings, sheet.Certificate.ID != ""
		return f, err
	}
	var err error
	id := r.record.ID
	if f.Targets, err = c.tx.Targets(c.ctx, id); err != nil {
		return f, err
	}
	if f.Signatures, err = c.tx.Signatures(c.ctx, id); err != nil {
		return f, err
	}
	if f.Meetings, err = c.tx.Meetings(c.ctx, id); err != nil {
		return f, err
	}
	switch _, err := c.tx.CertificateByRecord(c.ctx, id); {
	case err == nil:
		f.Certified = true
	case !errors.Is(err, ErrNotFound):
		return f, err
	}
	return f, nil
}

// ClaimEligibility lists every condition a claim by the actor would not yet
// meet (R-CLM-1), for a checklist beside the claim panel; an empty list
// means the claim may be made. Anyone who may see the record may ask.
func (s *Service) ClaimEligibility(ctx context.Context, actor Actor, recordID string, confirm Confirmations) (_ []Unmet, err error) {
	defer s.observe(&ctx, "ClaimEligibility").done(&err)
	var out []Unmet
	err = s.recordView(ctx, actor, recordID, func(c *call, sheet RecordSheet) error {
		r, err := c.onRecord(actViewRecord, sheet.Record, subject{})
		if err != nil {
			return err
		}
		f, err := c.claimFacts(r, confirm)
		if err != nil {
			return err
		}
		out = Eligibility(f)
		return nil
	})
	return out, err
}

// Claim claims the exams officer's certificate, as an overseer confirming
// completion in each of the three key areas (R-CLM-1). If any condition is
// unmet, the error is a *NotEligibleError (wrapping ErrNotEligible) listing
// every one. Otherwise the record is closed and the certificate issued in one
// transaction (R-CLM-2), and the exams officer and the claimant are told.
func (s *Service) Claim(ctx context.Context, actor Actor, recordID string, confirm Confirmations) (_ Certificate, err error) {
	defer s.observe(&ctx, "Claim").done(&err)
	var cert Certificate
	err = s.update(ctx, actor, actClaim, func(c *call) error {
		var (
			r      onRecord
			holder Person
		)
		err := c.sharingReads(func() (err error) {
			if r, err = c.recordInScope(actClaim, recordID, subject{}); err != nil {
				return err
			}
			f, err := c.claimFacts(r, confirm)
			if err != nil {
				return err
			}
			if unmet := Eligibility(f); len(unmet) > 0 {
				return &NotEligibleError{Unmet: unmet}
			}
			holder, err = c.eoPerson(r)
			return err
		})
		if err != nil {
			return err
		}
		r.record.ClosedAt = c.now
		if err := c.touch(&r); err != nil {
			return err
		}
		cert = Certificate{
			ID: c.newID(), Serial: newSerial(r.record.Year), VerificationCode: newVerificationCode(),
			RecordID: r.record.ID, PersonID: holder.ID, HolderName: holder.Name,
			CentreID: r.centre.ID, CentreName: r.centre.Name, CentreNumber: r.centre.Number, Year: r.record.Year,
			IssuedAt: c.now, ClaimedBy: c.person.ID, ClaimedByName: c.person.Name,
		}
		if err := c.tx.CreateCertificate(c.ctx, cert); err != nil {
			return err
		}
		if err := c.tallyCertificate(Certificate{}, cert); err != nil {
			return err
		}
		summary := fmt.Sprintf("claimed certificate %s for %s, %s", cert.Serial, cert.HolderName, cert.Year)
		if err := c.audit("certificate.issue", "certificate/"+cert.ID, r.record.CentreID, summary); err != nil {
			return err
		}
		return c.event(EventCertificateIssued, []string{holder.Email, c.person.Email}, r.record.CentreID,
			"certificate/"+cert.ID, fmt.Sprintf("the Exams Officer Professional Standards certificate %s was issued to %s for %s at %s",
				cert.Serial, cert.HolderName, cert.Year, cert.CentreName))
	})
	return cert, err
}

// Verify tells anyone what a certificate's verification code proves
// (R-CRT-2): holder, centre, year, date and whether it stands or was
// revoked, and nothing else. An unknown code is ErrNotFound; a code that is
// not shaped like one is a *ValidationError on "code". It is a public call
// with no actor.
func (s *Service) Verify(ctx context.Context, code string) (_ Verification, err error) {
	defer s.observe(&ctx, "Verify").done(&err)
	code, err = ParseVerificationCode(code)
	if err != nil {
		return Verification{}, err
	}
	var v Verification
	err = s.storeViewOneRead(ctx, func(tx Tx) error {
		cert, err := tx.CertificateByCode(ctx, code)
		if errors.Is(err, ErrNotFound) {
			return notFound("no certificate has this verification code")
		} else if err != nil {
			return err
		}
		v = Verification{
			Status: CertificateValid, HolderName: cert.HolderName, CentreName: cert.CentreName,
			CentreNumber: cert.CentreNumber, Year: cert.Year, IssuedAt: cert.IssuedAt,
		}
		if cert.Revoked() {
			v.Status, v.RevokedAt = CertificateRevoked, cert.RevokedAt
		}
		return nil
	})
	return v, err
}

// certificateInScope loads a certificate with the actor's standing at its
// centre and year, and authorises act; an overseer of the holder's record
// counts as such.
func (c *call) certificateInScope(act action, id string) (Certificate, error) {
	cert, err := c.tx.Certificate(c.ctx, id)
	if err != nil {
		return cert, err
	}
	if cert.RecordID != "" {
		rec, err := c.tx.Record(c.ctx, cert.RecordID)
		if err != nil {
			return cert, err
		}
		_, err = c.onRecord(act, rec, subject{})
		return cert, err
	}
	// An imported certificate (R-REG-8) has no record: its holder and the
	// operator see it.
	st := standing{operator: c.actor.Operator, owner: c.person.ID != "" && c.person.ID == cert.PersonID}
	return cert, authorize(act, st, subject{})
}

// Certificate returns a certificate in full to its holder, the overseers and
// admins of the centre that year, and the operator.
func (s *Service) Certificate(ctx context.Context, actor Actor, certificateID string) (_ Certificate, err error) {
	defer s.observe(&ctx, "Certificate").done(&err)
	var cert Certificate
	err = s.view(ctx, actor, func(c *call) error {
		var err error
		cert, err = c.certificateInScope(actViewCertificate, certificateID)
		return err
	})
	return cert, err
}

// RevokeCertificate revokes a certificate issued in error, with a reason:
// only the operator may (R-CRT-3). The record stays closed; verification
// shows the revocation.
func (s *Service) RevokeCertificate(ctx context.Context, actor Actor, certificateID, reason string) (_ Certificate, err error) {
	defer s.observe(&ctx, "RevokeCertificate").done(&err)
	reason, err = checkReason(reason)
	if err != nil {
		return Certificate{}, err
	}
	var cert Certificate
	err = s.update(ctx, actor, actRevokeCertificate, func(c *call) error {
		var err error
		if cert, err = c.certificateInScope(actRevokeCertificate, certificateID); err != nil {
			return err
		}
		if cert.Revoked() {
			return conflict(ReasonAlreadyRevoked, nil, "the certificate was already revoked")
		}
		old := cert
		cert.RevokedAt, cert.RevokedBy, cert.RevokeReason = c.now, c.person.ID, reason
		if err := c.tx.UpdateCertificate(c.ctx, cert); err != nil {
			return err
		}
		if err := c.tallyCertificate(old, cert); err != nil {
			return err
		}
		if err := c.audit("certificate.revoke", "certificate/"+cert.ID, cert.CentreID,
			fmt.Sprintf("revoked certificate %s: %s", cert.Serial, reason)); err != nil {
			return err
		}
		to, err := c.emails(cert.PersonID)
		if err != nil {
			return err
		}
		return c.event(EventCertificateRevoked, to, cert.CentreID, "certificate/"+cert.ID,
			fmt.Sprintf("certificate %s for %s was revoked: %s", cert.Serial, cert.Year, reason))
	})
	return cert, err
}

// CertificateStore keeps certificates.
type CertificateStore interface {
	// CreateCertificate stores a certificate; ID, Serial and
	// VerificationCode are each unique, and so is a non-empty RecordID.
	CreateCertificate(ctx context.Context, c Certificate) error
	// UpdateCertificate replaces the certificate with c.ID (to revoke it).
	UpdateCertificate(ctx context.Context, c Certificate) error
	Certificate(ctx context.Context, id string) (Certificate, error)
	CertificateByCode(ctx context.Context, code string) (Certificate, error)
	// CertificateByRecord finds a record's certificate; "" finds nothing.
	CertificateByRecord(ctx context.Context, recordID string) (Certificate, error)
	// CertificatesByPerson lists a person's certificates, newest year
	// first, then by IssuedAt and ID.
	CertificatesByPerson(ctx context.Context, personID string) ([]Certificate, error)
}
