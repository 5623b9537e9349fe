package standards

import (
	"crypto/rand"
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
