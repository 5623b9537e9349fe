package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// fields is the field → code of a 422's errors.
func fields(t *testing.T, r response) map[string]string {
	t.Helper()
	out := map[string]string{}
	errs, _ := r.json(t)["errors"].([]any)
	for _, e := range errs {
		fe := e.(map[string]any)
		out[fe["field"].(string)] = fe["code"].(string)
	}
	return out
}

// TestAStarterTemplateIsAnOverseersToApply (R-TGT-1, R-TGT-2): the senior
// leader applies a template of the year's catalogue and its targets are
// proposed; the exams officer may not; an unknown template names the
// field; a key for another centre finds no record.
func TestAStarterTemplateIsAnOverseersToApply(t *testing.T) {
	f := newFixture(t)
	at := "/records/" + f.record + "/apply-template"
	tmpl := f.svc.Catalogue(year).Templates[0]

	applied := f.call(t, http.MethodPost, at, f.riverside, byEmail(sl), map[string]any{"templateId": tmpl.ID})
	require.Equal(t, http.StatusCreated, applied.status, "%s", applied.body)
	targets := applied.json(t)["targets"].([]any)
	assert.Len(t, targets, len(tmpl.Targets))
	assert.Equal(t, "proposed", targets[0].(map[string]any)["state"])
	assert.Equal(t, "overseer", targets[0].(map[string]any)["proposedBy"])

	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), map[string]any{"templateId": tmpl.ID}).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, at, f.hillside, byEmail(sl), map[string]any{"templateId": tmpl.ID}).status)
	unknown := f.call(t, http.MethodPost, at, f.riverside, byEmail(sl), map[string]any{"templateId": "no-such-template"})
	require.Equal(t, http.StatusUnprocessableEntity, unknown.status, "%s", unknown.body)
	assert.Equal(t, string(standards.FieldNotInList), fields(t, unknown)["templateId"])
}

// TestLastYearsTargetsAreCarriedForward (R-TGT-6): a year on, the exams
// officer carries last year's unfinished target into the new record, once;
// a senior leader who oversees nobody there may not; a key for another
// centre finds no record.
func TestLastYearsTargetsAreCarriedForward(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	f.agreedTarget(t, standards.AreaKnowledge, "Learn the ICE")
	*f.clock = time.Date(2026, time.September, 10, 9, 0, 0, 0, time.UTC)
	_, err := f.svc.RegisterCentre(ctx, admin, standards.CentreRegistration{Year: 2026, CentreNumber: "12345", CentreName: "Riverside Academy",
		FullName: admin.Name, Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	centre, err := f.svc.MyRegistrations(ctx, admin)
	require.NoError(t, err)
	_, err = f.svc.RegisterColleague(ctx, admin, standards.Colleague{CentreID: centre[0].Centre.ID, Year: 2026, Email: eo.Email, FullName: eo.Name,
		Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	mine, err := f.svc.MyRegistrations(ctx, eo)
	require.NoError(t, err)
	record := mine[0].RecordID
	require.NotEqual(t, f.record, record)
	at := "/records/" + record + "/carry-forward"

	tr := f.call(t, http.MethodGet, "/records/"+record, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, tr.status, "%s", tr.body)
	assert.Equal(t, float64(2025), tr.json(t)["carryForwardFrom"], "the tracker says what could be carried")

	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodPost, at, f.all, byEmail(admin), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, at, f.hillside, byEmail(eo), nil).status)
	carried := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusCreated, carried.status, "%s", carried.body)
	targets := carried.json(t)["targets"].([]any)
	require.Len(t, targets, 1)
	assert.Equal(t, "Learn the ICE", targets[0].(map[string]any)["title"])
	assert.Equal(t, "proposed", targets[0].(map[string]any)["state"])
	again := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusCreated, again.status, "%s", again.body)
	assert.Empty(t, again.json(t)["targets"], "carrying twice adds nothing")
}

// TestCPDIsDeletedOnlyFromItsOwnRecordByTheExamsOfficer (R-CPD-1): the
// exams officer deletes an entry of their log; the overseer may not; an
// entry named under another record, or through a key for another centre,
// is not found.
func TestCPDIsDeletedOnlyFromItsOwnRecordByTheExamsOfficer(t *testing.T) {
	f := newFixture(t)
	e, err := f.svc.LogCPD(t.Context(), eo, f.record, standards.CPDInput{Kind: standards.CPDWebinar, Title: "AA update", Date: day, Hours: 1})
	require.NoError(t, err)
	at := "/records/" + f.record + "/cpd/" + e.ID

	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodDelete, at, f.riverside, byEmail(sl), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodDelete, at, f.hillside, byEmail(eo), nil).status)
	theirs, err := f.svc.MyRegistrations(t.Context(), other)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodDelete, "/records/"+theirs[0].RecordID+"/cpd/"+e.ID, f.all, byEmail(other), nil).status)
	bad := f.call(t, http.MethodDelete, at, f.riverside, person{"Eops-Person-Email": eo.Email, "If-Match": "seven"}, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%s", bad.body)
	assert.Equal(t, string(standards.FieldInvalidFormat), fields(t, bad)["If-Match"])

	deleted := f.call(t, http.MethodDelete, at, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusNoContent, deleted.status, "%s", deleted.body)
	assert.Empty(t, f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(eo), nil).json(t)["cpd"])
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodDelete, at, f.riverside, byEmail(eo), nil).status, "gone")
}

// TestASupportActionIsMarkedDoneOnce (R-MTG-2): the exams officer marks
// support arranged at a meeting done, once; the centre's admin, who
// oversees nobody, may not; another record's path or centre finds nothing.
func TestASupportActionIsMarkedDoneOnce(t *testing.T) {
	f := newFixture(t)
	eoReg, slReg := f.registrations(t)
	_, err := f.svc.RecordMeeting(t.Context(), sl, f.record, standards.MeetingInput{Kind: standards.MeetingTargetSetting, Date: day,
		Attendees: []string{eoReg, slReg}, Support: []standards.SupportInput{{Description: "Training day", OwnerRegistrationID: slReg, Due: day.AddDate(0, 2, 0)}}})
	require.NoError(t, err)
	tr, err := f.svc.Tracker(t.Context(), eo, f.record)
	require.NoError(t, err)
	at := "/records/" + f.record + "/support-actions/" + tr.Actions[0].ID + "/done"

	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodPost, at, f.riverside, byEmail(admin), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, at, f.hillside, byEmail(eo), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, "/records/"+f.record+"/support-actions/01NOSUCHACTION00000000000/done", f.riverside, byEmail(eo), nil).status)
	done := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, done.status, "%s", done.body)
	assert.Equal(t, "done", done.json(t)["state"])
	assert.NotEmpty(t, done.json(t)["doneAt"])
	again := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusConflict, again.status, "%s", again.body)
}

// TestPrivateNotesAreTheOverseersAlone (R-MTG-5): the overseer keeps a
// note, which the tracker shows them and never the exams officer; the
// exams officer may not write one; an empty note names the field.
func TestPrivateNotesAreTheOverseersAlone(t *testing.T) {
	f := newFixture(t)
	at := "/records/" + f.record + "/notes"
	kept := f.call(t, http.MethodPost, at, f.riverside, byEmail(sl), map[string]any{"text": "Check in weekly."})
	require.Equal(t, http.StatusCreated, kept.status, "%s", kept.body)
	assert.Equal(t, "Check in weekly.", kept.json(t)["text"])

	assert.Len(t, f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(sl), nil).json(t)["notes"], 1)
	assert.Empty(t, f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(eo), nil).json(t)["notes"], "never the exams officer's to see")
	assert.Len(t, f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(admin), nil).json(t)["notes"], 1, "the centre's admin")

	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), map[string]any{"text": "Mine"}).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, at, f.hillside, byEmail(sl), map[string]any{"text": "X"}).status)
	empty := f.call(t, http.MethodPost, at, f.riverside, byEmail(sl), map[string]any{"text": "  "})
	require.Equal(t, http.StatusUnprocessableEntity, empty.status, "%s", empty.body)
	assert.Equal(t, string(standards.FieldRequired), fields(t, empty)["text"])
}

// TestARecordsFlagsAreForThoseWhoSeeIt: the exams officer sees what needs
// attention; a person of another centre, and a key for another centre,
// find no record.
func TestARecordsFlagsAreForThoseWhoSeeIt(t *testing.T) {
	f := newFixture(t)
	at := "/records/" + f.record + "/flags"
	flags := f.call(t, http.MethodGet, at, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, flags.status, "%s", flags.body)
	var codes []string
	for _, x := range flags.json(t)["flags"].([]any) {
		codes = append(codes, x.(map[string]any)["code"].(string))
	}
	assert.Contains(t, codes, string(standards.FlagStatementNotSigned))
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, at, f.all, byEmail(sl), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodGet, at, f.riverside, byEmail(other), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodGet, at, f.hillside, byEmail(eo), nil).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodGet, "/records/01NOSUCHRECORD00000000000/flags", f.all, byEmail(eo), nil).status)
}

// TestTheStatementAndTheCatalogueArePublicData (R-VA-1, R-TGT-1): any
// person a key names reads the year's statement and catalogue; a year the
// platform does not serve names the field. (Neither has a person it does
// not allow, nor a centre to be out of reach of.)
func TestTheStatementAndTheCatalogueArePublicData(t *testing.T) {
	f := newFixture(t)
	st := f.call(t, http.MethodGet, "/statements/2025", f.hillside, byEmail(other), nil)
	require.Equal(t, http.StatusOK, st.status, "%s", st.body)
	assert.Equal(t, float64(0), st.json(t)["version"], "the shipped text")
	assert.NotEmpty(t, st.json(t)["text"])
	assert.Len(t, st.json(t)["hash"], 64)
	tr, err := f.svc.Tracker(t.Context(), eo, f.record)
	require.NoError(t, err)
	assert.Equal(t, tr.Statement.Hash(), st.json(t)["hash"], "the text a signature would record")

	cat := f.call(t, http.MethodGet, "/catalogue/2025", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, cat.status, "%s", cat.body)
	assert.Len(t, cat.json(t)["items"], len(f.svc.Catalogue(year).Items))
	assert.NotEmpty(t, cat.json(t)["templates"])

	for _, path := range []string{"/statements/1990", "/catalogue/1990"} {
		res := f.call(t, http.MethodGet, path, f.riverside, byEmail(eo), nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", path, res.body)
		assert.Equal(t, string(standards.FieldOutOfRange), fields(t, res)["year"])
	}
	assert.Equal(t, http.StatusBadRequest, f.call(t, http.MethodGet, "/catalogue/next", f.riverside, byEmail(eo), nil).status)
}

// withHistory claims the exams officer's certificate for 2025 and imports
// two from an earlier platform, for 2023 and 2024, at Riverside, and one
// for 2022 at Hillside.
func (f *fixture) withHistory(t *testing.T) standards.Certificate {
	t.Helper()
	f.readyToClaim(t)
	cert, err := f.svc.Claim(t.Context(), sl, f.record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	require.NoError(t, err)
	out, err := f.svc.ImportCertificates(t.Context(), operator, strings.NewReader(
		eo.Email+",Eve Officer,12345,2023/24,2024-07-01,NAEO-2\n"+
			eo.Email+",Eve Officer,12345,2024/25,2025-07-01,NAEO-3\n"+
			eo.Email+",Eve Officer,54321,2022/23,2023-07-01,NAEO-1\n"), nil)
	require.NoError(t, err)
	require.Len(t, out, 3)
	return cert
}

// TestCertificatesArePagedNewestYearFirst (R-REG-7, R-REG-8): the exams
// officer's own certificates, claimed and imported, a page at a time,
// newest year first, of the centres the key reaches.
func TestCertificatesArePagedNewestYearFirst(t *testing.T) {
	f := newFixture(t)
	f.withHistory(t)
	var years []any
	next := ""
	for range 5 {
		path := "/me/certificates?limit=1"
		if next != "" {
			path += "&cursor=" + next
		}
		page := f.call(t, http.MethodGet, path, f.all, byEmail(eo), nil)
		require.Equal(t, http.StatusOK, page.status, "%s", page.body)
		items := page.json(t)["items"].([]any)
		require.Len(t, items, 1)
		years = append(years, items[0].(map[string]any)["year"])
		n, ok := page.json(t)["next"].(string)
		if !ok {
			break
		}
		next = n
	}
	assert.Equal(t, []any{float64(2025), float64(2024), float64(2023), float64(2022)}, years)

	riverside := f.call(t, http.MethodGet, "/me/certificates", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, riverside.status)
	assert.Len(t, riverside.json(t)["items"], 3, "not Hillside's, through Riverside's key")
	assert.Nil(t, riverside.json(t)["next"])

	tooMany := f.call(t, http.MethodGet, "/me/certificates?limit=500", f.all, byEmail(eo), nil)
	require.Equal(t, http.StatusUnprocessableEntity, tooMany.status)
	assert.Equal(t, string(standards.FieldOutOfRange), fields(t, tooMany)["limit"])
	badCursor := f.call(t, http.MethodGet, "/me/certificates?cursor=%21%21", f.all, byEmail(eo), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, badCursor.status)
}

// TestACertificationHistoryIsForThoseWhoWatchThePerson (R-REG-7): the
// exams officer's overseer reads their history; a person of another
// centre does not find them; through a key for named centres only those
// centres' certificates show, and an actor with no registration at any
// of them finds nothing.
func TestACertificationHistoryIsForThoseWhoWatchThePerson(t *testing.T) {
	f := newFixture(t)
	cert := f.withHistory(t)
	at := "/people/" + cert.PersonID + "/certificates"

	all := f.call(t, http.MethodGet, at, f.all, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, all.status, "%s", all.body)
	assert.Len(t, all.json(t)["items"], 4)
	riverside := f.call(t, http.MethodGet, at, f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, riverside.status, "%s", riverside.body)
	assert.Len(t, riverside.json(t)["items"], 3)

	missing := f.call(t, http.MethodGet, "/people/01NOSUCHPERSON00000000000/certificates", f.all, byEmail(sl), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	for _, res := range []response{
		f.call(t, http.MethodGet, at, f.all, byEmail(other), nil),
		f.call(t, http.MethodGet, at, f.hillside, byEmail(sl), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body))
	}
	assert.Equal(t, http.StatusUnprocessableEntity, f.call(t, http.MethodGet, at+"?limit=0", f.all, byEmail(sl), nil).status)
}

// TestAnyoneVerifiesACertificateWithoutAKey (R-CRT-2): the code proves
// holder, centre, year, date and status, and nothing else; a revoked
// certificate says so; an unknown code is 404 and a malformed one names
// the field.
func TestAnyoneVerifiesACertificateWithoutAKey(t *testing.T) {
	f := newFixture(t)
	f.readyToClaim(t)
	cert, err := f.svc.Claim(t.Context(), sl, f.record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	require.NoError(t, err)
	code := strings.ToLower(strings.ReplaceAll(cert.VerificationCode, "-", ""))

	valid := f.call(t, http.MethodGet, "/verify?code="+code, "", nil, nil)
	require.Equal(t, http.StatusOK, valid.status, "%s", valid.body)
	v := valid.json(t)
	assert.Equal(t, "valid", v["status"])
	assert.Equal(t, eo.Name, v["holderName"])
	assert.Equal(t, "2025/26", v["yearLabel"])
	for _, leak := range []string{cert.ID, cert.PersonID, cert.RecordID, eo.Email, cert.Serial} {
		assert.NotContains(t, string(valid.body), leak, "nothing but what R-CRT-2 lists")
	}

	_, err = f.svc.RevokeCertificate(t.Context(), operator, cert.ID, "Issued in error")
	require.NoError(t, err)
	revoked := f.call(t, http.MethodGet, "/verify?code="+cert.VerificationCode, f.hillside, byEmail(other), nil)
	require.Equal(t, http.StatusOK, revoked.status, "a key changes nothing: %s", revoked.body)
	assert.Equal(t, "revoked", revoked.json(t)["status"])
	assert.NotEmpty(t, revoked.json(t)["revokedAt"])

	unknown := f.call(t, http.MethodGet, "/verify?code=AAAA-AAAA-AAAA-AAAA-AAAA", "", nil, nil)
	assert.Equal(t, http.StatusNotFound, unknown.status, "%s", unknown.body)
	malformed := f.call(t, http.MethodGet, "/verify?code=not-a-code", "", nil, nil)
	require.Equal(t, http.StatusUnprocessableEntity, malformed.status, "%s", malformed.body)
	assert.Equal(t, string(standards.FieldInvalidFormat), fields(t, malformed)["code"])
	none := f.call(t, http.MethodGet, "/verify", "", nil, nil)
	assert.Equal(t, http.StatusBadRequest, none.status, "%s", none.body)

	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "http://eops.example/api/v1/me", nil)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "only verifying is open")
}
