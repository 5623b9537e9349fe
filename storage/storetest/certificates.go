package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var certificateTests = []test{
	{"RoundTrip", testCertificateRoundTrip},
	{"DuplicateID", func(t *testing.T, s standards.Store) {
		testCertificateDuplicate(t, s, func(c *standards.Certificate) { c.ID = id("k", 30) })
	}},
	{"DuplicateSerial", func(t *testing.T, s standards.Store) {
		testCertificateDuplicate(t, s, func(c *standards.Certificate) {
			c.Serial = certificate(30, standards.Record{}, centre(1), person(1), person(2)).Serial
		})
	}},
	{"DuplicateVerificationCode", func(t *testing.T, s standards.Store) {
		testCertificateDuplicate(t, s, func(c *standards.Certificate) {
			c.VerificationCode = certificate(30, standards.Record{}, centre(1), person(1), person(2)).VerificationCode
		})
	}},
	{"DuplicateRecord", func(t *testing.T, s standards.Store) {
		testCertificateDuplicate(t, s, func(c *standards.Certificate) { c.RecordID = id("e", 20) })
	}},
	{"EmptyRecordIDNotUnique", testCertificateEmptyRecordID},
	{"NotFound", testCertificateNotFound},
	{"Update", testCertificateUpdate},
	{"UpdateMissing", testCertificateUpdateMissing},
	{"UpdateFreesOldKeys", testCertificateUpdateKeys},
	{"UpdateToTakenSerial", func(t *testing.T, s standards.Store) {
		testCertificateUpdateConflict(t, s, func(c *standards.Certificate, other standards.Certificate) { c.Serial = other.Serial })
	}},
	{"UpdateToTakenVerificationCode", func(t *testing.T, s standards.Store) {
		testCertificateUpdateConflict(t, s, func(c *standards.Certificate, other standards.Certificate) {
			c.VerificationCode = other.VerificationCode
		})
	}},
	{"UpdateToTakenRecord", func(t *testing.T, s standards.Store) {
		testCertificateUpdateConflict(t, s, func(c *standards.Certificate, other standards.Certificate) { c.RecordID = other.RecordID })
	}},
	{"OrderByPerson", testCertificatesByPersonOrder},
	{"ListEmpty", testCertificatesEmpty},
}

// imported returns certificate n held by p for y, brought from elsewhere:
// it certifies no record.
func imported(n int, y standards.AcademicYear, c standards.Centre, p, by standards.Person) standards.Certificate {
	return certificate(n, standards.Record{Year: y}, c, p, by)
}

// assertCertificate checks that every lookup of want finds it.
func assertCertificate(t *testing.T, tx standards.Tx, want standards.Certificate, msg string) {
	t.Helper()
	ctx := t.Context()
	got, err := tx.Certificate(ctx, want.ID)
	assertFound(t, want, got, err, "Certificate, %s", msg)
	got, err = tx.CertificateByCode(ctx, want.VerificationCode)
	assertFound(t, want, got, err, "CertificateByCode, %s", msg)
	if want.RecordID != "" {
		got, err = tx.CertificateByRecord(ctx, want.RecordID)
		assertFound(t, want, got, err, "CertificateByRecord, %s", msg)
	}
}

func testCertificateRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	// Issued from a record; imported, for no record; and revoked.
	issued := certificate(30, recs[0], centre(1), person(1), person(2))
	old := imported(31, year-3, centre(2), person(1), person(3))
	gone := revoked(certificate(32, recs[1], centre(1), person(2), person(1)), person(4), 40)
	write(t, s, func(tx standards.Tx) {
		for _, c := range []standards.Certificate{issued, old, gone} {
			mustCreateCertificate(t, tx, c)
		}
	})

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Certificate{issued, old, gone} {
			assertCertificate(t, tx, want, want.ID)
		}
		list, err := tx.CertificatesByPerson(ctx, person(1).ID)
		assertFound(t, []standards.Certificate{issued, old}, list, err, "CertificatesByPerson(p1)")
		list, err = tx.CertificatesByPerson(ctx, person(2).ID)
		assertFound(t, []standards.Certificate{gone}, list, err, "CertificatesByPerson(p2)")
	})
}

// testCertificateDuplicate creates certificate 30 of record 20, then
// certificate 31 of record 21 that clash changes to share one of its
// unique keys, and checks that the second is refused and stored nowhere.
func testCertificateDuplicate(t *testing.T, s standards.Store, clash func(*standards.Certificate)) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	first := certificate(30, recs[0], centre(1), person(1), person(2))
	write(t, s, func(tx standards.Tx) { mustCreateCertificate(t, tx, first) })
	dup := certificate(31, recs[1], centre(1), person(2), person(1))
	clash(&dup)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.CreateCertificate(ctx, dup) })

	read(t, s, func(tx standards.Tx) {
		assertCertificate(t, tx, first, "the first certificate is unchanged")
		got, err := tx.Certificate(ctx, dup.ID)
		assertNotFoundOr(t, first, got, err, "Certificate(%s)", dup.ID)
		got, err = tx.CertificateByCode(ctx, dup.VerificationCode)
		assertNotFoundOr(t, first, got, err, "CertificateByCode(%s)", dup.VerificationCode)
		got, err = tx.CertificateByRecord(ctx, dup.RecordID)
		assertNotFoundOr(t, first, got, err, "CertificateByRecord(%s)", dup.RecordID)
		list, err := tx.CertificatesByPerson(ctx, dup.PersonID)
		assert.NoError(t, err)
		assert.Empty(t, list, "CertificatesByPerson of the duplicate's holder")
	})
}

func testCertificateEmptyRecordID(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	a := imported(30, year-2, centre(1), person(1), person(2))
	b := imported(31, year-1, centre(1), person(1), person(2))
	write(t, s, func(tx standards.Tx) { mustCreateCertificate(t, tx, a) })
	write(t, s, func(tx standards.Tx) { mustCreateCertificate(t, tx, b) })

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Certificate{a, b} {
			assertCertificate(t, tx, want, want.ID)
		}
		_, err := tx.CertificateByRecord(ctx, "")
		assert.ErrorIs(t, err, standards.ErrNotFound, "an empty record id names no certificate")
	})
}

func testCertificateNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	c := certificate(30, recs[0], centre(1), person(1), person(2))
	write(t, s, func(tx standards.Tx) { mustCreateCertificate(t, tx, c) })
	other := certificate(31, recs[1], centre(1), person(2), person(1))
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Certificate(ctx, other.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "Certificate")
		_, err = tx.CertificateByCode(ctx, other.VerificationCode)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CertificateByCode")
		_, err = tx.CertificateByCode(ctx, c.Serial)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CertificateByCode of a serial")
		_, err = tx.CertificateByRecord(ctx, other.RecordID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CertificateByRecord of a record with none")
	})
}

// testCertificateUpdate revokes a certificate, and checks every lookup sees
// it revoked.
func testCertificateUpdate(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	c := certificate(30, recs[0], centre(1), person(1), person(2))
	other := certificate(31, recs[2], centre(1), person(1), person(2))
	write(t, s, func(tx standards.Tx) {
		mustCreateCertificate(t, tx, c)
		mustCreateCertificate(t, tx, other)
	})
	gone := revoked(c, person(3), 50)

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateCertificate(ctx, gone)) })

	read(t, s, func(tx standards.Tx) {
		assertCertificate(t, tx, gone, "after revoking")
		assertCertificate(t, tx, other, "the other certificate")
		list, err := tx.CertificatesByPerson(ctx, person(1).ID)
		assertFound(t, []standards.Certificate{gone, other}, list, err, "CertificatesByPerson")
	})
}

func testCertificateUpdateMissing(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	c := certificate(30, recs[0], centre(1), person(1), person(2))
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.UpdateCertificate(ctx, c) })
	read(t, s, func(tx standards.Tx) {
		_, err := tx.Certificate(ctx, c.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not create the certificate")
		_, err = tx.CertificateByCode(ctx, c.VerificationCode)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not take the code")
		_, err = tx.CertificateByRecord(ctx, c.RecordID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the update did not take the record")
	})
}

// testCertificateUpdateKeys gives a certificate a new serial, code and
// record, and checks that its old ones are free for another.
func testCertificateUpdateKeys(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	old := certificate(30, recs[0], centre(1), person(1), person(2))
	write(t, s, func(tx standards.Tx) { mustCreateCertificate(t, tx, old) })
	moved := certificate(31, recs[2], centre(1), person(1), person(2))
	moved.ID = old.ID

	write(t, s, func(tx standards.Tx) { assert.NoError(t, tx.UpdateCertificate(ctx, moved)) })

	read(t, s, func(tx standards.Tx) {
		assertCertificate(t, tx, moved, "after the update")
		_, err := tx.CertificateByCode(ctx, old.VerificationCode)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CertificateByCode, the old code")
		_, err = tx.CertificateByRecord(ctx, old.RecordID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CertificateByRecord, the old record")
	})
	other := certificate(32, recs[0], centre(1), person(1), person(2))
	other.Serial, other.VerificationCode = old.Serial, old.VerificationCode
	write(t, s, func(tx standards.Tx) { mustCreateCertificate(t, tx, other) })
	read(t, s, func(tx standards.Tx) {
		assertCertificate(t, tx, other, "the old keys belong to the new certificate")
		assertCertificate(t, tx, moved, "the updated certificate is unchanged")
	})
}

// testCertificateUpdateConflict changes certificate 30 with clash to take a
// unique key of certificate 31, and checks that the update is refused.
func testCertificateUpdateConflict(t *testing.T, s standards.Store, clash func(c *standards.Certificate, other standards.Certificate)) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	a := certificate(30, recs[0], centre(1), person(1), person(2))
	b := certificate(31, recs[1], centre(1), person(2), person(1))
	write(t, s, func(tx standards.Tx) {
		mustCreateCertificate(t, tx, a)
		mustCreateCertificate(t, tx, b)
	})
	changed := revoked(a, person(3), 50)
	clash(&changed, b)

	assertConflict(t, s, func(tx standards.Tx) error { return tx.UpdateCertificate(ctx, changed) })

	read(t, s, func(tx standards.Tx) {
		for _, want := range []standards.Certificate{a, b} {
			assertCertificate(t, tx, want, want.ID+" is unchanged")
		}
	})
}

func testCertificatesByPersonOrder(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	// Made out of order: 34 and 30 share a year and an IssuedAt, so the ID
	// decides.
	c := func(n int, p standards.Person, y standards.AcademicYear, minute int) standards.Certificate {
		cert := imported(n, y, centre(1), p, person(4))
		cert.IssuedAt = at(minute)
		return cert
	}
	certs := []standards.Certificate{
		c(34, person(1), year, 50),
		c(31, person(1), year-1, 10),
		c(32, person(1), year+1, 5),
		c(33, person(1), year, 20),
		c(30, person(1), year, 50),
		c(35, person(1), year-1, 1),
		// Not listed: another person's.
		c(36, person(2), year, 1),
	}
	write(t, s, func(tx standards.Tx) {
		for _, cert := range certs {
			mustCreateCertificate(t, tx, cert)
		}
	})

	read(t, s, func(tx standards.Tx) {
		got, err := tx.CertificatesByPerson(ctx, person(1).ID)
		assert.NoError(t, err)
		assert.Equal(t, []string{
			id("k", 32),                           // 2026
			id("k", 33), id("k", 30), id("k", 34), // 2025
			id("k", 35), id("k", 31), // 2024
		}, keys(got, certificateID))
	})
}

func testCertificatesEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateCertificate(t, tx, imported(30, year, centre(1), person(1), person(2)))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CertificatesByPerson(ctx, person(2).ID)
		assert.NoError(t, err)
		assert.Empty(t, got, "a person with none")
	})
}

func certificateID(c standards.Certificate) string { return c.ID }
