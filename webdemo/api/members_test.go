package api_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// registrationOf is a person's registration at Riverside.
func registrationOf(t *testing.T, f *fixture, a standards.Actor) string {
	t.Helper()
	mine, err := f.svc.MyRegistrations(t.Context(), a)
	require.NoError(t, err)
	for _, o := range mine {
		if o.Centre.Number == "12345" {
			return o.Registration.ID
		}
	}
	t.Fatalf("%s has no registration at Riverside", a.Email)
	return ""
}

// asks makes a pending request to join Riverside, a minute after the one
// before, so that the roster's order is the order they were made.
func asks(t *testing.T, f *fixture, email, name string, role standards.Role) string {
	t.Helper()
	*f.clock = f.clock.Add(time.Minute)
	r, err := f.svc.RequestToJoin(t.Context(), standards.Actor{Email: email},
		standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: name, Roles: standards.Roles{role}})
	require.NoError(t, err)
	return r.ID
}

// TestTheRosterIsPagedAndShowsWhatEachMaySee_RREG3: an administrator sees
// the pending request too, a page at a time, in the order the
// registrations were made, neither repeating nor skipping; an approved
// member sees approved members only; someone not at the centre, or a key
// that does not reach it, gets 404; a bad limit or cursor is 422.
func TestTheRosterIsPagedAndShowsWhatEachMaySee_RREG3(t *testing.T) {
	f := newFixture(t)
	asks(t, f, "lm@riverside.sch.uk", "Lee Manager", standards.RoleLM)
	members := "/centres/12345/years/2025/members"

	var names []string
	next := ""
	for pages := 0; pages < 5; pages++ {
		path := members + "?limit=2"
		if next != "" {
			path += "&cursor=" + url.QueryEscape(next)
		}
		res := f.call(t, http.MethodGet, path, f.riverside, byEmail(admin), nil)
		require.Equal(t, http.StatusOK, res.status, "%s", res.body)
		for _, m := range itemsOf(t, res) {
			names = append(names, m["name"].(string))
		}
		n, ok := res.json(t)["next"].(string)
		if !ok {
			break
		}
		next = n
	}
	c, err := f.svc.FindCentre(t.Context(), admin, "12345", year)
	require.NoError(t, err)
	roster, err := f.svc.Roster(t.Context(), admin, c.ID, year)
	require.NoError(t, err)
	var want []string
	for _, m := range roster.Members {
		want = append(want, m.Person.Name)
	}
	assert.Len(t, want, 4)
	assert.Equal(t, want, names, "every registration once, in the library's order (the order made, then by id)")
	assert.Equal(t, "Lee Manager", names[3], "the newest last")

	bySL := f.call(t, http.MethodGet, members, f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, bySL.status)
	assert.Len(t, itemsOf(t, bySL), 3, "a member does not see the request waiting (R-REG-3)")

	stranger := f.call(t, http.MethodGet, members, f.all, byEmail(other), nil)
	assert.Equal(t, http.StatusNotFound, stranger.status, "%s", stranger.body)
	outside := f.call(t, http.MethodGet, members, f.hillside, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, outside.status)

	badLimit := f.call(t, http.MethodGet, members+"?limit=0", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, badLimit.status, "%s", badLimit.body)
	assert.Equal(t, string(standards.FieldOutOfRange), fieldCodes(t, badLimit)["limit"])
	badCursor := f.call(t, http.MethodGet, members+"?cursor=!!", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, badCursor.status, "%s", badCursor.body)
	assert.Contains(t, fieldCodes(t, badCursor), "cursor")
}

// TestOneRegistrationUnderItsCentre_RREG3: a registration is read under
// its own centre's number only.
func TestOneRegistrationUnderItsCentre_RREG3(t *testing.T) {
	f := newFixture(t)
	id := registrationOf(t, f, eo)
	res := f.call(t, http.MethodGet, "/centres/12345/registrations/"+id, f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	assert.Equal(t, f.record, res.json(t)["recordId"])
	assert.Len(t, res.json(t)["overseers"], 1)

	asks(t, f, "lm@riverside.sch.uk", "Lee Manager", standards.RoleLM)
	waiting := f.call(t, http.MethodGet, "/centres/12345/registrations/"+id, f.riverside, person{"Eops-Person-Email": "lm@riverside.sch.uk"}, nil)
	assert.Equal(t, http.StatusForbidden, waiting.status, "someone waiting to join sees only their own (R-REG-3): %s", waiting.body)

	missing := f.call(t, http.MethodGet, "/centres/12345/registrations/01NOSUCHREGISTRATION00000", f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	for _, other := range []response{
		f.call(t, http.MethodGet, "/centres/54321/registrations/"+id, f.all, byEmail(admin), nil),
		f.call(t, http.MethodGet, "/centres/12345/registrations/"+id, f.hillside, byEmail(sl), nil),
		f.call(t, http.MethodGet, "/centres/12345/registrations/"+id, f.riverside, byEmail(other), nil),
	} {
		assert.Equal(t, http.StatusNotFound, other.status, "%s", other.body)
		assert.Equal(t, string(missing.body), string(other.body))
	}
}

// TestApprovingAndRejecting_RREG2: only an administrator decides; a
// rejection needs a reason; a decided registration is not decided again;
// a key that does not reach the centre decides nothing.
func TestApprovingAndRejecting_RREG2(t *testing.T) {
	f := newFixture(t)
	lm := asks(t, f, "lm@riverside.sch.uk", "Lee Manager", standards.RoleLM)
	eo2 := asks(t, f, "eo2@riverside.sch.uk", "Ed Second", standards.RoleEO)
	at := "/centres/12345/registrations/"

	bySL := f.call(t, http.MethodPost, at+lm+"/approve", f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusForbidden, bySL.status, "%s", bySL.body)
	outside := f.call(t, http.MethodPost, at+lm+"/approve", f.hillside, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, outside.status, "%s", outside.body)
	wrongCentre := f.call(t, http.MethodPost, "/centres/54321/registrations/"+lm+"/approve", f.all, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, wrongCentre.status, "under another centre's number: %s", wrongCentre.body)

	approved := f.call(t, http.MethodPost, at+lm+"/approve", f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, approved.status, "%s", approved.body)
	assert.Equal(t, "approved", approved.json(t)["status"])
	twice := f.call(t, http.MethodPost, at+lm+"/approve", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusConflict, twice.status)
	assert.Equal(t, string(standards.ReasonNotPending), twice.json(t)["reason"])

	noReason := f.call(t, http.MethodPost, at+eo2+"/reject", f.riverside, byEmail(admin), map[string]any{"reason": " "})
	assert.Equal(t, http.StatusUnprocessableEntity, noReason.status, "%s", noReason.body)
	assert.Equal(t, string(standards.FieldRequired), fieldCodes(t, noReason)["reason"])
	rejected := f.call(t, http.MethodPost, at+eo2+"/reject", f.riverside, byEmail(admin), map[string]any{"reason": "Not on our staff list"})
	require.Equal(t, http.StatusOK, rejected.status, "%s", rejected.body)
	assert.Equal(t, "rejected", rejected.json(t)["status"])
	assert.Equal(t, "Not on our staff list", rejected.json(t)["rejectReason"])
}

// TestDecidingManyAtOnce_RREG11: each decision stands on its own, with its
// own outcome in the order sent: one approved, one refused for want of a
// reason, one of another centre not found.
func TestDecidingManyAtOnce_RREG11(t *testing.T) {
	f := newFixture(t)
	lm := asks(t, f, "lm@riverside.sch.uk", "Lee Manager", standards.RoleLM)
	eo2 := asks(t, f, "eo2@riverside.sch.uk", "Ed Second", standards.RoleEO)
	theirs, err := f.svc.RequestToJoin(t.Context(), standards.Actor{Email: "h@hillside.sch.uk"},
		standards.JoinRequest{Year: year, CentreNumber: "54321", FullName: "Hal", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	res := f.call(t, http.MethodPost, "/centres/12345/registrations/decisions", f.riverside, byEmail(admin), map[string]any{"decisions": []any{
		map[string]any{"registrationId": lm, "decision": "approve"},
		map[string]any{"registrationId": eo2, "decision": "reject"},
		map[string]any{"registrationId": theirs.ID, "decision": "approve"},
	}})
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	outcomes := res.json(t)["outcomes"].([]any)
	require.Len(t, outcomes, 3)
	first, second, third := outcomes[0].(map[string]any), outcomes[1].(map[string]any), outcomes[2].(map[string]any)
	assert.Equal(t, "approved", first["status"])
	assert.NotContains(t, first, "problem")
	assert.Equal(t, 2.0, second["line"])
	assert.Equal(t, eo2, second["registrationId"])
	assert.Equal(t, "invalid", second["problem"].(map[string]any)["code"], "a rejection needs a reason")
	assert.Equal(t, "not_found", third["problem"].(map[string]any)["code"], "Hillside's is not Riverside's to decide")

	r, err := f.svc.Member(t.Context(), other, theirs.ID)
	require.NoError(t, err)
	assert.Equal(t, standards.RegistrationPending, r.Registration.Status, "nothing decided at Hillside")

	outside := f.call(t, http.MethodPost, "/centres/12345/registrations/decisions", f.hillside, byEmail(admin),
		map[string]any{"decisions": []any{map[string]any{"registrationId": eo2, "decision": "approve"}}})
	assert.Equal(t, http.StatusNotFound, outside.status)
	bySL := f.call(t, http.MethodPost, "/centres/12345/registrations/decisions", f.riverside, byEmail(sl),
		map[string]any{"decisions": []any{map[string]any{"registrationId": eo2, "decision": "approve"}}})
	require.Equal(t, http.StatusOK, bySL.status, "%s", bySL.body)
	assert.Equal(t, "forbidden", bySL.json(t)["outcomes"].([]any)[0].(map[string]any)["problem"].(map[string]any)["code"],
		"each decision is authorised on its own")
	badDecision := f.call(t, http.MethodPost, "/centres/12345/registrations/decisions", f.riverside, byEmail(admin),
		map[string]any{"decisions": []any{map[string]any{"registrationId": eo2, "decision": "maybe"}}})
	require.Equal(t, http.StatusOK, badDecision.status, "%s", badDecision.body)
	problem := badDecision.json(t)["outcomes"].([]any)[0].(map[string]any)["problem"].(map[string]any)
	assert.Equal(t, "decision", problem["errors"].([]any)[0].(map[string]any)["field"])
}

// TestGrantingAndRevokingTheAdminRight_RREG4: an administrator grants the
// right to an approved member and revokes it; the last administrator
// keeps it; nobody else grants it.
func TestGrantingAndRevokingTheAdminRight_RREG4(t *testing.T) {
	f := newFixture(t)
	slReg, adminReg := registrationOf(t, f, sl), registrationOf(t, f, admin)
	at := "/centres/12345/registrations/"

	byEO := f.call(t, http.MethodPost, at+slReg+"/grant-admin", f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusForbidden, byEO.status, "%s", byEO.body)
	outside := f.call(t, http.MethodPost, at+slReg+"/grant-admin", f.hillside, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, outside.status)
	last := f.call(t, http.MethodPost, at+adminReg+"/revoke-admin", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusConflict, last.status, "%s", last.body)
	assert.Equal(t, string(standards.ReasonLastAdmin), last.json(t)["reason"])

	granted := f.call(t, http.MethodPost, at+slReg+"/grant-admin", f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, granted.status, "%s", granted.body)
	assert.Equal(t, true, granted.json(t)["admin"])
	again := f.call(t, http.MethodPost, at+slReg+"/grant-admin", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusConflict, again.status)

	revoked := f.call(t, http.MethodPost, at+adminReg+"/revoke-admin", f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, revoked.status, "%s", revoked.body)
	assert.Equal(t, false, revoked.json(t)["admin"])
}

// TestLeavingACentre_RREG5: a member leaves on their own; nobody leaves for
// another; the last administrator cannot leave (R-REG-4).
func TestLeavingACentre_RREG5(t *testing.T) {
	f := newFixture(t)
	eoReg, adminReg := registrationOf(t, f, eo), registrationOf(t, f, admin)
	at := "/centres/12345/registrations/"

	bySL := f.call(t, http.MethodPost, at+eoReg+"/leave", f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusForbidden, bySL.status, "%s", bySL.body)
	lastAdmin := f.call(t, http.MethodPost, at+adminReg+"/leave", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusConflict, lastAdmin.status, "%s", lastAdmin.body)
	outside := f.call(t, http.MethodPost, at+eoReg+"/leave", f.hillside, byEmail(eo), nil)
	assert.Equal(t, http.StatusNotFound, outside.status)

	left := f.call(t, http.MethodPost, at+eoReg+"/leave", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, left.status, "%s", left.body)
	assert.Equal(t, "left", left.json(t)["status"])
	assert.NotEmpty(t, left.json(t)["leftAt"])
	assert.Equal(t, f.record, left.json(t)["recordId"], "the record stays")
}

// TestRegisteringAColleague_RREG10_RREG13: a senior leader registers a
// colleague, approved at once; the centre sees the name typed until the
// colleague acts; an exams officer may not; a bad address is named.
func TestRegisteringAColleague_RREG10_RREG13(t *testing.T) {
	f := newFixture(t)
	colleagues := "/centres/12345/years/2025/colleagues"
	body := map[string]any{"email": "Lee@Riverside.sch.uk", "fullName": "Lee Manager", "roles": []string{"LM"}}

	byEO := f.call(t, http.MethodPost, colleagues, f.riverside, byEmail(eo), body)
	assert.Equal(t, http.StatusForbidden, byEO.status, "%s", byEO.body)
	outside := f.call(t, http.MethodPost, colleagues, f.hillside, byEmail(sl), body)
	assert.Equal(t, http.StatusNotFound, outside.status)
	bad := f.call(t, http.MethodPost, colleagues, f.riverside, byEmail(sl), map[string]any{"email": "not an address", "fullName": "X", "roles": []string{"LM"}})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%s", bad.body)
	assert.Contains(t, fieldCodes(t, bad), "email")

	res := f.call(t, http.MethodPost, colleagues, f.riverside, byEmail(sl), body)
	require.Equal(t, http.StatusCreated, res.status, "%s", res.body)
	m := res.json(t)
	assert.Equal(t, "approved", m["status"])
	assert.Equal(t, false, m["accepted"], "an invitation is not consent (R-REG-13)")
	assert.Equal(t, "lee@riverside.sch.uk", m["email"])
	assert.Equal(t, "Lee Manager", m["name"])
}

// TestRegisteringManyColleagues_RREG11: each colleague on their own, one
// outcome each in order; an empty list is named; an exams officer may not.
func TestRegisteringManyColleagues_RREG11(t *testing.T) {
	f := newFixture(t)
	bulk := "/centres/12345/years/2025/colleagues/bulk"
	res := f.call(t, http.MethodPost, bulk, f.riverside, byEmail(admin), map[string]any{"colleagues": []any{
		map[string]any{"email": "lee@riverside.sch.uk", "fullName": "Lee Manager", "roles": []string{"LM"}},
		map[string]any{"email": "not an address", "fullName": "Nobody", "roles": []string{"EO"}},
		map[string]any{"email": "two@riverside.sch.uk", "fullName": "Two, Roles", "roles": []string{"EO", "SL"}},
		map[string]any{"email": "sep@riverside.sch.uk", "fullName": "Sep", "roles": []string{"EO;SL"}},
		map[string]any{"email": eo.Email, "fullName": eo.Name, "roles": []string{"EO"}},
	}})
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	var got []string
	for i, o := range res.json(t)["outcomes"].([]any) {
		out := o.(map[string]any)
		assert.Equal(t, float64(i+1), out["line"])
		if p, ok := out["problem"].(map[string]any); ok {
			got = append(got, p["code"].(string))
		} else {
			got = append(got, out["status"].(string))
		}
	}
	assert.Equal(t, []string{"approved", "invalid", "approved", "invalid", "conflict"}, got,
		"a role with a separator in it is not two roles; a member already registered is a conflict")

	empty := f.call(t, http.MethodPost, bulk, f.riverside, byEmail(admin), map[string]any{"colleagues": []any{}})
	assert.Equal(t, http.StatusUnprocessableEntity, empty.status, "%s", empty.body)
	assert.Contains(t, fieldCodes(t, empty), "colleagues")
	byEO := f.call(t, http.MethodPost, bulk, f.riverside, byEmail(eo), map[string]any{"colleagues": []any{}})
	assert.Equal(t, http.StatusForbidden, byEO.status, "%s", byEO.body)
	outside := f.call(t, http.MethodPost, bulk, f.hillside, byEmail(admin), map[string]any{"colleagues": []any{}})
	assert.Equal(t, http.StatusNotFound, outside.status)
}

// TestAssigningAndRemovingAnOverseer_RREG6: an exams officer cannot
// oversee themselves (422, naming the field) nor assign anyone (403); the
// overseer steps back (204), after which there is nothing to remove
// (404); another centre's number, or a key that does not reach it, finds
// nothing.
func TestAssigningAndRemovingAnOverseer_RREG6(t *testing.T) {
	f := newFixture(t)
	eoReg, slReg, adminReg := registrationOf(t, f, eo), registrationOf(t, f, sl), registrationOf(t, f, admin)
	oversights := "/centres/12345/years/2025/oversights"

	self := f.call(t, http.MethodPost, oversights, f.riverside, byEmail(admin), map[string]any{
		"examsOfficerRegistrationId": eoReg, "overseerRegistrationId": eoReg})
	assert.Equal(t, http.StatusUnprocessableEntity, self.status, "%s", self.body)
	assert.Contains(t, fieldCodes(t, self), "overseerRegistrationId")
	byEO := f.call(t, http.MethodPost, oversights, f.riverside, byEmail(eo), map[string]any{
		"examsOfficerRegistrationId": eoReg, "overseerRegistrationId": adminReg})
	assert.Equal(t, http.StatusForbidden, byEO.status, "%s", byEO.body)
	outside := f.call(t, http.MethodPost, oversights, f.hillside, byEmail(admin), map[string]any{
		"examsOfficerRegistrationId": eoReg, "overseerRegistrationId": adminReg})
	assert.Equal(t, http.StatusNotFound, outside.status)
	otherYear := f.call(t, http.MethodPost, "/centres/12345/years/2026/oversights", f.riverside, byEmail(admin), map[string]any{
		"examsOfficerRegistrationId": eoReg, "overseerRegistrationId": adminReg})
	assert.Equal(t, http.StatusNotFound, otherYear.status, "the registration is 2025's")

	assigned := f.call(t, http.MethodPost, oversights, f.riverside, byEmail(admin), map[string]any{
		"examsOfficerRegistrationId": eoReg, "overseerRegistrationId": adminReg})
	require.Equal(t, http.StatusCreated, assigned.status, "%s", assigned.body)
	assert.Equal(t, 2025.0, assigned.json(t)["year"])

	pair := oversights + "/" + eoReg + "/" + slReg
	byEOToo := f.call(t, http.MethodDelete, pair, f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusForbidden, byEOToo.status, "%s", byEOToo.body)
	removed := f.call(t, http.MethodDelete, pair, f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusNoContent, removed.status, "%s", removed.body)
	gone := f.call(t, http.MethodDelete, pair, f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusNotFound, gone.status, "%s", gone.body)

	m, err := f.svc.Member(t.Context(), admin, eoReg)
	require.NoError(t, err)
	assert.Equal(t, []string{adminReg}, m.Overseers)
}
