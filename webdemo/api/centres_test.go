package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// fieldCodes is each invalid field of a problem with its code.
func fieldCodes(t *testing.T, res response) map[string]string {
	t.Helper()
	out := map[string]string{}
	errs, _ := res.json(t)["errors"].([]any)
	for _, e := range errs {
		fe := e.(map[string]any)
		out[fe["field"].(string)] = fe["code"].(string)
	}
	return out
}

// itemsOf is a page's items.
func itemsOf(t *testing.T, res response) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, it := range res.json(t)["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// TestANewCentresStartOverHTTP_RREG1_RREG2_RREG6: the whole of a new
// centre's start through a host key for that centre alone. A head of
// centre registers it and is its administrator at once (R-REG-1); an exams
// officer asks to join and waits (R-REG-2), which the administrator's
// to-do shows; the administrator approves them and takes them on as their
// overseer (R-REG-6); the roster shows both, the oversight on each side,
// and the audit trail names the host key beside each person.
func TestANewCentresStartOverHTTP_RREG1_RREG2_RREG6(t *testing.T) {
	f := newFixture(t)
	_, key, err := f.svc.IssueHostKey(t.Context(), operator, standards.HostKeyRequest{Name: "Oakfield MIS", Centres: []string{"67890"},
		ExpiresAt: day.Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	head := person{"Eops-Person-Email": "head@oakfield.sch.uk"}
	officer := person{"Eops-Person-Email": "exams@oakfield.sch.uk", "Eops-Person-External-Id": "oak-77"}

	unknown := f.call(t, http.MethodGet, "/centres/67890/years/2025", key, head, nil)
	assert.Equal(t, http.StatusNotFound, unknown.status, "nobody registered 67890 yet: %s", unknown.body)

	registered := f.call(t, http.MethodPost, "/centres", key, head, map[string]any{
		"centreNumber": "67890", "centreName": "Oakfield School", "year": 2025, "fullName": "Hana Head", "roles": []string{"SL"}})
	require.Equal(t, http.StatusCreated, registered.status, "%s", registered.body)
	adminReg := registered.json(t)
	assert.Equal(t, "approved", adminReg["status"], "the first to register a centre is approved at once (R-REG-1)")
	assert.Equal(t, true, adminReg["admin"], "and is its administrator")
	assert.Equal(t, "Hana Head", adminReg["name"])

	*f.clock = day.Add(time.Hour) // the roster lists registrations in the order they were made
	found := f.call(t, http.MethodGet, "/centres/67890/years/2025", key, officer, nil)
	require.Equal(t, http.StatusOK, found.status, "%s", found.body)
	assert.Equal(t, true, found.json(t)["registered"])
	assert.Equal(t, "Oakfield School", found.json(t)["name"])

	asked := f.call(t, http.MethodPost, "/centres/67890/years/2025/registrations", key, officer, map[string]any{
		"fullName": "Omar Officer", "roles": []string{"EO"}})
	require.Equal(t, http.StatusCreated, asked.status, "%s", asked.body)
	eoReg := asked.json(t)
	assert.Equal(t, "pending", eoReg["status"], "everyone else waits for an administrator (R-REG-2)")
	eoID := eoReg["registrationId"].(string)

	todo := f.call(t, http.MethodGet, "/me/to-do", key, head, nil)
	require.Equal(t, http.StatusOK, todo.status, "%s", todo.body)
	items := todo.json(t)["items"].([]any)
	require.NotEmpty(t, items)
	assert.Equal(t, "registrations_waiting", items[0].(map[string]any)["code"])
	assert.Equal(t, "administrator", items[0].(map[string]any)["role"])

	approved := f.call(t, http.MethodPost, "/centres/67890/registrations/"+eoID+"/approve", key, head, nil)
	require.Equal(t, http.StatusOK, approved.status, "%s", approved.body)
	assert.Equal(t, "approved", approved.json(t)["status"])
	assert.NotEmpty(t, approved.json(t)["recordId"], "an approved exams officer has a record")

	assigned := f.call(t, http.MethodPost, "/centres/67890/years/2025/oversights", key, head, map[string]any{
		"examsOfficerRegistrationId": eoID, "overseerRegistrationId": adminReg["registrationId"]})
	require.Equal(t, http.StatusCreated, assigned.status, "%s", assigned.body)

	roster := f.call(t, http.MethodGet, "/centres/67890/years/2025/members", key, officer, nil)
	require.Equal(t, http.StatusOK, roster.status, "%s", roster.body)
	members := itemsOf(t, roster)
	require.Len(t, members, 2)
	assert.Equal(t, "Hana Head", members[0]["name"])
	assert.Equal(t, []any{eoID}, members[0]["oversees"])
	assert.Equal(t, "Omar Officer", members[1]["name"])
	assert.Equal(t, []any{adminReg["registrationId"]}, members[1]["overseers"])
	assert.NotContains(t, roster.json(t), "next", "one page")

	trail := f.call(t, http.MethodGet, "/centres/67890/audit", key, head, nil)
	require.Equal(t, http.StatusOK, trail.status, "%s", trail.body)
	var actions []string
	for _, e := range itemsOf(t, trail) {
		actions = append(actions, e["action"].(string))
		assert.Equal(t, "host key Oakfield MIS", e["via"], "%v", e)
	}
	assert.Equal(t, []string{"overseer.assign", "registration.approve", "record.open", "registration.request", "centre.register"}, actions, "newest first")

	other := f.call(t, http.MethodGet, "/centres/12345/years/2025/members", key, head, nil)
	assert.Equal(t, http.StatusNotFound, other.status, "the key reaches Oakfield alone")
}

// TestRegisteringACentreNeedsTheKeyToReachIt: a key for Riverside cannot
// register another centre; nothing is made.
func TestRegisteringACentreNeedsTheKeyToReachIt(t *testing.T) {
	f := newFixture(t)
	body := map[string]any{"centreNumber": "67890", "centreName": "Oakfield School", "year": 2025, "fullName": "Hana Head", "roles": []string{"SL"}}
	res := f.call(t, http.MethodPost, "/centres", f.riverside, byEmail(admin), body)
	assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
	_, err := f.svc.FindCentre(t.Context(), admin, "67890", year)
	assert.ErrorIs(t, err, standards.ErrNotFound, "nothing registered")
}

// TestRegisteringACentreNamesEveryBadField_RCEN1: the library's checks,
// each field named.
func TestRegisteringACentreNamesEveryBadField_RCEN1(t *testing.T) {
	f := newFixture(t)
	res := f.call(t, http.MethodPost, "/centres", f.all, byEmail(admin), map[string]any{
		"centreNumber": "123", "centreName": " ", "year": 1999, "fullName": "", "roles": []string{}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, "%s", res.body)
	fields := fieldCodes(t, res)
	assert.Equal(t, string(standards.FieldInvalidFormat), fields["centreNumber"], "%v", fields)
	for _, f := range []string{"centreName", "fullName", "roles", "year"} {
		assert.Contains(t, fields, f, "every bad field is named at once")
	}

	res = f.call(t, http.MethodPost, "/centres", f.all, byEmail(admin), map[string]any{
		"centreNumber": "67890", "centreName": " ", "year": 2025, "fullName": "", "roles": []string{"XX"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, "%s", res.body)
	fields = fieldCodes(t, res)
	for _, f := range []string{"centreName", "fullName", "roles"} {
		assert.Contains(t, fields, f)
	}
}

// TestRegisteringARegisteredCentreIsAConflict_RREG1: a centre registered
// for the year is joined, not registered again.
func TestRegisteringARegisteredCentreIsAConflict_RREG1(t *testing.T) {
	f := newFixture(t)
	res := f.call(t, http.MethodPost, "/centres", f.riverside, byEmail(sl), map[string]any{
		"centreNumber": "12345", "centreName": "Riverside Academy", "year": 2025, "fullName": sl.Name, "roles": []string{"SL"}})
	assert.Equal(t, http.StatusConflict, res.status, "%s", res.body)
	assert.Equal(t, string(standards.ReasonCentreAlreadyRegistered), res.json(t)["reason"])
}

// TestFindingACentre_RCEN1: anyone finds a centre by number, in any case,
// with whether it is registered for the year; out of the key's reach it is
// not found, as an unknown number is.
func TestFindingACentre_RCEN1(t *testing.T) {
	f := newFixture(t)
	this := f.call(t, http.MethodGet, "/centres/12345/years/2025", f.riverside, byEmail(other), nil)
	require.Equal(t, http.StatusOK, this.status, "%s", this.body)
	assert.Equal(t, true, this.json(t)["registered"])
	assert.Equal(t, "Riverside Academy", this.json(t)["name"])
	next := f.call(t, http.MethodGet, "/centres/12345/years/2026", f.riverside, byEmail(other), nil)
	require.Equal(t, http.StatusOK, next.status)
	assert.Equal(t, false, next.json(t)["registered"])

	unknown := f.call(t, http.MethodGet, "/centres/99999/years/2025", f.all, byEmail(other), nil)
	require.Equal(t, http.StatusNotFound, unknown.status)
	outside := f.call(t, http.MethodGet, "/centres/12345/years/2025", f.hillside, byEmail(other), nil)
	assert.Equal(t, http.StatusNotFound, outside.status)
	assert.Equal(t, string(unknown.body), string(outside.body), "no hint of what exists")

	bad := f.call(t, http.MethodGet, "/centres/12-45/years/2025", f.all, byEmail(other), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%s", bad.body)
	assert.Contains(t, fieldCodes(t, bad), "centreNumber")
	badYear := f.call(t, http.MethodGet, "/centres/12345/years/1999", f.all, byEmail(other), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, badYear.status, "%s", badYear.body)
	assert.Contains(t, fieldCodes(t, badYear), "year")
}

// TestRenamingACentre_RREG12: only an administrator of the current year
// renames it.
func TestRenamingACentre_RREG12(t *testing.T) {
	f := newFixture(t)
	bySL := f.call(t, http.MethodPost, "/centres/12345/rename", f.riverside, byEmail(sl), map[string]any{"name": "Riverside High"})
	assert.Equal(t, http.StatusForbidden, bySL.status, "%s", bySL.body)
	outside := f.call(t, http.MethodPost, "/centres/12345/rename", f.hillside, byEmail(admin), map[string]any{"name": "Riverside High"})
	assert.Equal(t, http.StatusNotFound, outside.status, "%s", outside.body)
	empty := f.call(t, http.MethodPost, "/centres/12345/rename", f.riverside, byEmail(admin), map[string]any{"name": " "})
	assert.Equal(t, http.StatusUnprocessableEntity, empty.status, "%s", empty.body)
	assert.Contains(t, fieldCodes(t, empty), "name")

	renamed := f.call(t, http.MethodPost, "/centres/12345/rename", f.riverside, byEmail(admin), map[string]any{"name": "Riverside High"})
	require.Equal(t, http.StatusOK, renamed.status, "%s", renamed.body)
	assert.Equal(t, "Riverside High", renamed.json(t)["name"])
	assert.Equal(t, "12345", renamed.json(t)["number"])
}

// TestAskingToJoin_RREG2: the request waits; asking again while it waits
// is a conflict; a centre not registered for the year, or out of the
// key's reach, is not found; the roles are checked.
func TestAskingToJoin_RREG2(t *testing.T) {
	f := newFixture(t)
	newcomer := byEmail(standards.Actor{Email: "lm@riverside.sch.uk"})
	body := map[string]any{"fullName": "Lee Manager", "roles": []string{"LM"}}
	asked := f.call(t, http.MethodPost, "/centres/12345/years/2025/registrations", f.riverside, newcomer, body)
	require.Equal(t, http.StatusCreated, asked.status, "%s", asked.body)
	assert.Equal(t, "pending", asked.json(t)["status"])
	assert.Equal(t, []any{"LM"}, asked.json(t)["roles"])

	again := f.call(t, http.MethodPost, "/centres/12345/years/2025/registrations", f.riverside, newcomer, body)
	assert.Equal(t, http.StatusConflict, again.status, "%s", again.body)
	assert.Equal(t, string(standards.ReasonAlreadyAskedToJoin), again.json(t)["reason"])

	notYet := f.call(t, http.MethodPost, "/centres/12345/years/2026/registrations", f.riverside, newcomer, body)
	assert.Equal(t, http.StatusNotFound, notYet.status, "not registered for 2026: %s", notYet.body)
	outside := f.call(t, http.MethodPost, "/centres/12345/years/2025/registrations", f.hillside, byEmail(standards.Actor{Email: "x@riverside.sch.uk"}), body)
	assert.Equal(t, http.StatusNotFound, outside.status, "%s", outside.body)
	badRoles := f.call(t, http.MethodPost, "/centres/12345/years/2025/registrations", f.riverside, byEmail(standards.Actor{Email: "y@riverside.sch.uk"}),
		map[string]any{"fullName": "Y", "roles": []string{"HEAD"}})
	assert.Equal(t, http.StatusUnprocessableEntity, badRoles.status, "%s", badRoles.body)
	assert.Equal(t, string(standards.FieldNotInList), fieldCodes(t, badRoles)["roles"])
}

// TestACentresDashboard_RREG6: an administrator sees every exams officer
// with their progress and flags, an overseer those they oversee, an exams
// officer nothing (403).
func TestACentresDashboard_RREG6(t *testing.T) {
	f := newFixture(t)
	dash := f.call(t, http.MethodGet, "/centres/12345/years/2025/dashboard", f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, dash.status, "%s", dash.body)
	d := dash.json(t)
	assert.Equal(t, "2025/26", d["yearLabel"])
	eos := d["examsOfficers"].([]any)
	require.Len(t, eos, 1)
	entry := eos[0].(map[string]any)
	assert.Equal(t, f.record, entry["recordId"])
	assert.Equal(t, eo.Name, entry["examsOfficer"].(map[string]any)["name"])
	assert.Len(t, entry["overseers"], 1)
	assert.Len(t, entry["areas"], 3)
	assert.NotEmpty(t, entry["flags"], "a new record has flags (no targets agreed, statement not signed)")

	bySL := f.call(t, http.MethodGet, "/centres/12345/years/2025/dashboard", f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, bySL.status)
	assert.Len(t, bySL.json(t)["examsOfficers"], 1, "the exams officer the senior leader oversees")
	byEO := f.call(t, http.MethodGet, "/centres/12345/years/2025/dashboard", f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusForbidden, byEO.status, "%s", byEO.body)
	outside := f.call(t, http.MethodGet, "/centres/12345/years/2025/dashboard", f.hillside, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, outside.status)
	badYear := f.call(t, http.MethodGet, "/centres/12345/years/3000/dashboard", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, badYear.status, "%s", badYear.body)
	assert.Contains(t, fieldCodes(t, badYear), "year")
}

// TestWhatNeedsDoingStaysWithinTheKeysReach: the administrator's waiting
// registration is on their to-do through a key for Riverside, and not
// through a key for Hillside.
func TestWhatNeedsDoingStaysWithinTheKeysReach(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.RequestToJoin(t.Context(), standards.Actor{Email: "lm@riverside.sch.uk"},
		standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: "Lee Manager", Roles: standards.Roles{standards.RoleLM}})
	require.NoError(t, err)
	mine := f.call(t, http.MethodGet, "/me/to-do", f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, mine.status, "%s", mine.body)
	var codes []string
	for _, it := range mine.json(t)["items"].([]any) {
		codes = append(codes, it.(map[string]any)["code"].(string))
	}
	assert.Contains(t, codes, string(standards.ToDoRegistrationsWaiting))
	assert.Positive(t, mine.json(t)["count"])

	elsewhere := f.call(t, http.MethodGet, "/me/to-do", f.hillside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, elsewhere.status)
	assert.Empty(t, elsewhere.json(t)["items"], "nothing of Riverside's through Hillside's key")
	assert.Equal(t, 0.0, elsewhere.json(t)["count"])
}

// TestATrustLeadsToDoNeedsAKeyForAllCentres: a trust lead's items span the
// trust's centres, so a key for named centres does not show them, and a
// key for all centres does.
func TestATrustLeadsToDoNeedsAKeyForAllCentres(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	trust, err := f.svc.CreateTrust(ctx, operator, "River Trust")
	require.NoError(t, err)
	lead := standards.Actor{Email: "lead@rivertrust.org.uk"}
	_, err = f.svc.AppointTrustLead(ctx, operator, trust.ID, lead.Email, "Lena Lead")
	require.NoError(t, err)
	req, err := f.svc.InviteCentre(ctx, lead, trust.ID, "12345")
	require.NoError(t, err)
	_, err = f.svc.AcceptTrustRequest(ctx, admin, req.ID)
	require.NoError(t, err)
	mine, err := f.svc.WhatNeedsDoing(ctx, lead)
	require.NoError(t, err)
	require.NotEmpty(t, mine.Of(standards.ToDoTrustLead), "Riverside's exams officer has flags that ask for something")

	all := f.call(t, http.MethodGet, "/me/to-do", f.all, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, all.status, "%s", all.body)
	items := all.json(t)["items"].([]any)
	require.NotEmpty(t, items)
	item := items[0].(map[string]any)
	assert.Equal(t, "trust_lead", item["role"])
	assert.Equal(t, "River Trust", item["trustName"])
	named := f.call(t, http.MethodGet, "/me/to-do", f.riverside, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, named.status)
	assert.Empty(t, named.json(t)["items"])
}
