package certpdf_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/certpdf"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// testTracker is a claimed record as the service would return it to an
// overseer: with a private note that must not reach the exams manual.
func testTracker() standards.Tracker {
	eo := standards.Member{
		Registration: standards.Registration{ID: "reg-eo"},
		Person:       standards.Person{ID: "person-1", Name: "Siân O'Brien-Müller"},
	}
	sl := standards.Member{
		Registration: standards.Registration{ID: "reg-sl"},
		Person:       standards.Person{ID: "person-2", Name: "Olu Overseer"},
	}
	return standards.Tracker{
		Record:       standards.Record{ID: "rec-1", Year: 2025, CreatedAt: day(2025, 9, 8), ClosedAt: day(2026, 3, 14)},
		Centre:       standards.Centre{ID: "centre-1", Number: "12345", Name: "Riverside Academy"},
		ExamsOfficer: eo,
		Overseers:    []standards.Member{sl},
		Areas: []standards.AreaProgress{
			{Area: standards.AreaKnowledge, Achieved: 1, Total: 1, Complete: true},
			{Area: standards.AreaSkills, Achieved: 1, Total: 1, Complete: true},
			{Area: standards.AreaValues, Achieved: 2, Total: 2, Complete: true},
		},
		Targets: []standards.Target{
			{ID: "t-1", Area: standards.AreaKnowledge, Title: "Question paper security", SuccessMeasure: "Secure storage audit passed",
				State: standards.TargetAchieved, Rating: standards.RatingGreen, Due: day(2026, 1, 31)},
			{ID: "t-2", Area: standards.AreaSkills, Title: "Time management", State: standards.TargetAchieved},
		},
		History: []standards.TargetChange{
			{TargetID: "t-1", At: day(2025, 9, 15), By: "person-2", To: standards.TargetProposed},
			{TargetID: "t-1", At: day(2026, 2, 2), By: "person-2", From: standards.TargetInProgress, To: standards.TargetAchieved, Comment: "audit passed"},
		},
		CPD: []standards.CPDEntry{
			{ID: "c-1", Kind: standards.CPDTrainingEvent, Title: "NAEO annual conference", Date: day(2025, 11, 20), Hours: 6.5, Verified: true,
				Reflection: "Learnt the new access arrangements rules"},
		},
		CPDTotals: standards.CPDTotals{Hours: 6.5, ByKind: map[standards.CPDKind]float64{standards.CPDTrainingEvent: 6.5}},
		Meetings: []standards.Meeting{
			{ID: "m-1", Kind: standards.MeetingProgressReview, Date: day(2026, 2, 2), Attendees: []string{"reg-eo", "reg-sl"},
				Notes:   "Good progress on security",
				Updates: []standards.TargetUpdate{{TargetID: "t-1", State: standards.TargetAchieved, Rating: standards.RatingGreen, Comment: "audit passed"}}},
		},
		Actions: []standards.SupportAction{
			{ID: "a-1", MeetingID: "m-1", Description: "Shadow the exams officer at Hillside", OwnerRegistrationID: "reg-sl", Due: day(2026, 3, 1), State: standards.ActionDone},
		},
		Notes:     []standards.PrivateNote{{ID: "n-1", Text: "PRIVATE: ask HR about cover"}},
		Statement: standards.Statement{Year: 2025, Text: "I will uphold the integrity and security of examinations."},
		Signatures: []standards.Signature{
			{Side: standards.SideEO, PersonID: "person-1", At: day(2025, 10, 1), StatementVersion: 0},
			{Side: standards.SideOverseer, PersonID: "person-2", At: day(2025, 10, 2), StatementVersion: 0},
		},
		Certificate: testCertificate(),
	}
}

func renderRecord(t *testing.T, tr standards.Tracker) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, certpdf.RenderRecord(&buf, tr, verifyURL))
	return buf.Bytes()
}

func TestR_CRT_4_RecordWithCertificateAsOnePDF(t *testing.T) {
	t.Parallel()
	pdf := renderRecord(t, testTracker())
	pages := len(pageObject.FindAll(pdf, -1))
	assert.GreaterOrEqual(t, pages, 2, "the certificate, then the record")
	assert.Contains(t, string(pdf), "/MediaBox [0 0 841.89 595.28]", "the certificate page is landscape")
	assert.Contains(t, string(pdf), "/MediaBox [0 0 595.28 841.89]", "the record's pages are portrait")

	all := strings.Join(texts(t, pdf), "\n")
	for _, want := range []string{
		"EOPS-2526-7K3M-Q9XB", "Siân O'Brien-Müller", verifyURL, // the certificate
		"Standards record 2025/26", "Riverside Academy (centre 12345)", "Overseen by Olu Overseer",
		"Question paper security", "Success measure: Secure storage audit passed", "due 31 January 2026",
		"Time management",
		"in progress to achieved", "audit passed", // a target's history
		"2 February 2026: progress review", "Present: Siân O'Brien-Müller, Olu Overseer", "Good progress on security",
		"Shadow the exams officer at Hillside",
		"NAEO annual conference", "6.5 hours", "content verified", "Learnt the new access arrangements rules",
		"I will uphold the integrity",
		"Signed by the exams officer", "Countersigned by an overseer",
	} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, "PRIVATE", "overseers' private notes stay out of the exams manual (R-MTG-5)")
	for _, leak := range []string{"rec-1", "reg-eo", "person-1", "t-1"} {
		assert.NotContains(t, all, leak, "no internal ids in the exams manual")
	}
}

func TestR_CRT_4_RecordWithoutCertificate(t *testing.T) {
	t.Parallel()
	tr := testTracker()
	tr.Certificate = standards.Certificate{}
	tr.Record.ClosedAt = time.Time{}
	pdf := renderRecord(t, tr)
	assert.Len(t, pageObject.FindAll(pdf, -1), 1)
	assert.Regexp(t, `/Type /Page\n/Parent \d+ 0 R\n/MediaBox \[0 0 595.28 841.89\]`, string(pdf), "one portrait page, no certificate")
	all := strings.Join(texts(t, pdf), "\n")
	assert.Contains(t, all, "Not yet certified")
	assert.NotContains(t, all, "EOPS-")
}

func TestR_CRT_4_RecordManyPages(t *testing.T) {
	t.Parallel()
	tr := testTracker()
	for range 80 {
		tr.CPD = append(tr.CPD, tr.CPD[0])
	}
	pdf := renderRecord(t, tr)
	assert.Greater(t, len(pageObject.FindAll(pdf, -1)), 3, "a long log flows onto more pages")
	assert.Contains(t, strings.Join(texts(t, pdf), "\n"), "page 3")
}

func TestR_CRT_4_RecordRefuses(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	tr := testTracker()
	tr.ExamsOfficer.Person.Name = ""
	assert.Error(t, certpdf.RenderRecord(&buf, tr, verifyURL), "no exams officer")
	assert.Error(t, certpdf.RenderRecord(&buf, testTracker(), ""), "a certificate needs its verification address")
}
