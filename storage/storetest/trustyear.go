package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

var trustYearTests = []test{
	{"CentreYearsByTrust", testCentreYearsByTrust},
	{"RegistrationsByTrust", testRegistrationsByTrust},
	{"OversightsByTrust", testOversightsByTrust},
	{"RecordsByTrust", testRecordsByTrust},
	{"TargetsByTrust", testTargetsByTrust},
	{"LastMeetingsByTrust", testLastMeetingsByTrust},
	{"SupportActionsByTrust", testSupportActionsByTrust},
	{"SignaturesByTrust", testSignaturesByTrust},
	{"ListEmpty", testTrustYearEmpty},
}

var nationalTests = []test{
	{"CentreYearsByYear", testCentreYearsByYear},
	{"RegistrationsByYear", testRegistrationsByYear},
	{"CertificatesByYear", testCertificatesByYear},
}

// seedTrustYear is seedRecords with centres 1 and 3 in trust 1 and centre
// 2 in trust 2, and at centre 3 registration 16 of person 3 for year,
// requested before all others, with record 24, created before all others.
// It returns the registrations and records of seedRecords with those
// appended.
func seedTrustYear(t *testing.T, s standards.Store) ([]standards.Registration, []standards.Record) {
	t.Helper()
	regs, recs := seedRecords(t, s)
	reg := decided(registration(16, centre(3), person(3), year), 1, person(3))
	reg.RequestedAt = at(0)
	rec := record(24, reg)
	rec.CreatedAt = at(0)
	write(t, s, func(tx standards.Tx) {
		for n, tr := range map[int]standards.Trust{1: trust(1), 2: trust(2), 3: trust(1)} {
			c := centre(n)
			c.TrustID = tr.ID
			assert.NoError(t, tx.UpdateCentre(t.Context(), c))
		}
		mustCreateRegistration(t, tx, reg)
		mustCreateRecord(t, tx, rec)
	})
	return append(regs, reg), append(recs, rec)
}

func testCentreYearsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedTrustYear(t, s)
	c3 := standards.CentreYear{CentreID: centre(3).ID, Year: year, RegisteredAt: at(1), RegisteredBy: person(3).ID}
	c1 := standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(2), RegisteredBy: person(1).ID}
	write(t, s, func(tx standards.Tx) {
		for _, cy := range []standards.CentreYear{c3, c1,
			{CentreID: centre(1).ID, Year: year - 1, RegisteredAt: at(3), RegisteredBy: person(1).ID},
			{CentreID: centre(2).ID, Year: year, RegisteredAt: at(4), RegisteredBy: person(2).ID}} {
			mustCreateCentreYear(t, tx, cy)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := centreYearsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.CentreYear{c1, c3}, got, err)
	})
}

func testRegistrationsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, _ := seedTrustYear(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := registrationsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.Registration{regs[0], regs[1], regs[2], regs[3], regs[6]}, got, err, "by centre first")
		got, err = registrationsByTrust(ctx, tx, trust(2).ID, year)
		assertFound(t, []standards.Registration{regs[5]}, got, err)
	})
}

func testOversightsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, _ := seedTrustYear(t, s)
	late := oversight(regs[0], regs[1], person(1), 12)
	early := oversight(regs[2], regs[1], person(1), 11)
	other := oversight(regs[6], regs[6], person(3), 10)
	write(t, s, func(tx standards.Tx) {
		for _, o := range []standards.Oversight{late, early, other, oversight(regs[5], regs[5], person(2), 9)} {
			mustCreateOversight(t, tx, o)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := oversightsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.Oversight{early, late, other}, got, err)
	})
}

func testRecordsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedTrustYear(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := recordsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.Record{recs[0], recs[1], recs[4]}, got, err, "by centre first")
		got, err = recordsByTrust(ctx, tx, trust(1).ID, year-1)
		assertFound(t, []standards.Record{recs[2]}, got, err, "the year before")
	})
}

// Each ...ByTrust test of a record's rows puts rows on all five records of
// seedTrustYear, the later-created first on record 20, and expects those of
// 20, 21 and 24, by record first.

func testTargetsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedTrustYear(t, s)
	late, other, early, third := target(32, recs[0]), target(31, recs[1]), target(30, recs[0]), target(35, recs[4])
	write(t, s, func(tx standards.Tx) {
		for _, tg := range []standards.Target{late, other, early, third, target(33, recs[2]), target(34, recs[3])} {
			mustCreateTarget(t, tx, tg)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := targetsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.Target{early, late, other, third}, got, err)
	})
}

func testLastMeetingsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedTrustYear(t, s)
	write(t, s, func(tx standards.Tx) {
		for _, m := range append(centreMeetings(recs, regs), meeting(45, recs[4], regs[6:], person(3))) {
			mustCreateMeeting(t, tx, m)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := lastMeetingsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.LastMeeting{
			{RecordID: recs[0].ID, Date: day(46)}, {RecordID: recs[1].ID, Date: day(41)}, {RecordID: recs[4].ID, Date: day(45)},
		}, got, err)
	})
}

func testSupportActionsByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedTrustYear(t, s)
	ms := []standards.Meeting{meeting(40, recs[0], regs[:2], person(1)), meeting(41, recs[1], regs[:2], person(1)),
		meeting(42, recs[2], regs[:1], person(1)), meeting(43, recs[3], regs[5:6], person(2)), meeting(44, recs[4], regs[6:], person(3))}
	late, other, early := supportAction(52, recs[0], ms[0], regs[1]), supportAction(51, recs[1], ms[1], regs[0]), supportAction(50, recs[0], ms[0], regs[1])
	third := supportAction(55, recs[4], ms[4], regs[6])
	write(t, s, func(tx standards.Tx) {
		for _, m := range ms {
			mustCreateMeeting(t, tx, m)
		}
		for _, a := range []standards.SupportAction{late, other, early, third, supportAction(53, recs[2], ms[2], regs[0]), supportAction(54, recs[3], ms[3], regs[5])} {
			mustCreateSupportAction(t, tx, a)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := supportActionsByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.SupportAction{early, late, other, third}, got, err)
	})
}

func testSignaturesByTrust(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedTrustYear(t, s)
	st := statement(year, 0, person(1), 1)
	counter := signature(recs[0], standards.SideOverseer, person(2), st, 62)
	other := signature(recs[1], standards.SideEO, person(2), st, 61)
	own := signature(recs[0], standards.SideEO, person(1), st, 60)
	third := signature(recs[4], standards.SideEO, person(3), st, 65)
	write(t, s, func(tx standards.Tx) {
		for _, sg := range []standards.Signature{counter, other, own, third,
			signature(recs[2], standards.SideEO, person(1), st, 63), signature(recs[3], standards.SideEO, person(2), st, 64)} {
			mustCreateSignature(t, tx, sg)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := signaturesByTrust(ctx, tx, trust(1).ID, year)
		assertFound(t, []standards.Signature{own, counter, other, third}, got, err)
	})
}

func testTrustYearEmpty(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedTrustYear(t, s)
	read(t, s, func(tx standards.Tx) {
		const none = "t-none"
		cys, err := centreYearsByTrust(ctx, tx, trust(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, cys, "CentreYearsByTrust")
		regs, err := registrationsByTrust(ctx, tx, none, year)
		assert.NoError(t, err)
		assert.Empty(t, regs, "RegistrationsByTrust")
		os, err := oversightsByTrust(ctx, tx, trust(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, os, "OversightsByTrust")
		recs, err := recordsByTrust(ctx, tx, trust(2).ID, year+1)
		assert.NoError(t, err)
		assert.Empty(t, recs, "RecordsByTrust")
		targets, err := targetsByTrust(ctx, tx, trust(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, targets, "TargetsByTrust")
		meetings, err := lastMeetingsByTrust(ctx, tx, trust(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, meetings, "LastMeetingsByTrust")
		actions, err := supportActionsByTrust(ctx, tx, trust(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, actions, "SupportActionsByTrust")
		sigs, err := signaturesByTrust(ctx, tx, trust(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, sigs, "SignaturesByTrust")
	})
}

func testCentreYearsByYear(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	c3 := standards.CentreYear{CentreID: centre(3).ID, Year: year, RegisteredAt: at(1), RegisteredBy: person(3).ID}
	c1 := standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(2), RegisteredBy: person(1).ID}
	earlier := standards.CentreYear{CentreID: centre(2).ID, Year: year - 1, RegisteredAt: at(3), RegisteredBy: person(2).ID}
	write(t, s, func(tx standards.Tx) {
		for _, cy := range []standards.CentreYear{c3, c1, earlier} {
			mustCreateCentreYear(t, tx, cy)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CentreYearsByYear(ctx, year)
		assertFound(t, []standards.CentreYear{c1, c3}, got, err)
		got, err = tx.CentreYearsByYear(ctx, year+1)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func testRegistrationsByYear(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, _ := seedTrustYear(t, s)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RegistrationsByYear(ctx, year)
		assertFound(t, []standards.Registration{regs[0], regs[1], regs[2], regs[3], regs[5], regs[6]}, got, err, "by centre first")
		got, err = tx.RegistrationsByYear(ctx, year-1)
		assertFound(t, []standards.Registration{regs[4]}, got, err)
		got, err = tx.RegistrationsByYear(ctx, year+1)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}

func testCertificatesByYear(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedRecords(t, s)
	late := certificate(32, recs[0], centre(1), person(1), person(2))
	gone := revoked(certificate(30, recs[1], centre(1), person(2), person(1)), person(4), 40)
	early := imported(31, year, centre(2), person(3), person(4))
	early.IssuedAt = at(1)
	write(t, s, func(tx standards.Tx) {
		for _, c := range []standards.Certificate{late, gone, early, certificate(33, recs[2], centre(1), person(1), person(2))} {
			mustCreateCertificate(t, tx, c)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CertificatesByYear(ctx, year)
		assertFound(t, []standards.Certificate{early, gone, late}, got, err, "imported and revoked ones too, by IssuedAt")
		got, err = tx.CertificatesByYear(ctx, year+1)
		assert.NoError(t, err)
		assert.Empty(t, got)
	})
}
