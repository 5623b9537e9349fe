package api_test

// Findings of a review of the JSON API as an attacker holding a host key
// for one centre would use it (issue 22): a host names whichever person it
// likes, so a person's standing at a centre the key does not reach must
// never show through it. Each test fails without the fix it came with.

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// hillsideRegistration is a's registration at Hillside.
func hillsideRegistration(t *testing.T, f *fixture, a standards.Actor) string {
	t.Helper()
	mine, err := f.svc.MyRegistrations(t.Context(), a)
	require.NoError(t, err)
	for _, o := range mine {
		if o.Centre.Number == "54321" {
			return o.Registration.ID
		}
	}
	t.Fatalf("%s has no registration at Hillside", a.Email)
	return ""
}

// TestAnotherCentresRegistrationRefusedByTheLibraryIsNotFound_RREG3:
// someone waiting to join Hillside may not see its members (R-REG-3), so
// the library answers 403 for Hillside's registrations. Through Riverside's
// key, named under Riverside, such a registration is 404 like one nobody
// has, alone and in a list of decisions: the 403 said that the id is a
// registration at a centre beyond the key. Through a key for every centre
// the 403 stands (TestOneRegistrationUnderItsCentre_RREG3).
func TestAnotherCentresRegistrationRefusedByTheLibraryIsNotFound_RREG3(t *testing.T) {
	f := newFixture(t)
	wes := standards.Actor{Email: "wes@hillside.sch.uk"}
	_, err := f.svc.RequestToJoin(t.Context(), wes, standards.JoinRequest{Year: year, CentreNumber: "54321", FullName: "Wes Waiting",
		Roles: standards.Roles{standards.RoleLM}})
	require.NoError(t, err)
	theirs := hillsideRegistration(t, f, other)
	const nobody = "01NOSUCHREGISTRATION00000"
	at := "/centres/12345/registrations/"

	missing := f.call(t, http.MethodGet, at+nobody, f.riverside, byEmail(wes), nil)
	require.Equal(t, http.StatusNotFound, missing.status, "%s", missing.body)
	for _, res := range []response{
		f.call(t, http.MethodGet, at+theirs, f.riverside, byEmail(wes), nil),
		f.call(t, http.MethodPost, at+theirs+"/approve", f.riverside, byEmail(wes), nil),
		f.call(t, http.MethodPost, at+theirs+"/grant-admin", f.riverside, byEmail(wes), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body), "no hint that the id is a registration elsewhere")
	}

	decided := f.call(t, http.MethodPost, at+"decisions", f.riverside, byEmail(wes), map[string]any{"decisions": []any{
		map[string]any{"registrationId": theirs, "decision": "approve"},
		map[string]any{"registrationId": nobody, "decision": "approve"},
	}})
	require.Equal(t, http.StatusOK, decided.status, "%s", decided.body)
	outcomes := decided.json(t)["outcomes"].([]any)
	require.Len(t, outcomes, 2)
	assert.Equal(t, outcomes[1].(map[string]any)["problem"], outcomes[0].(map[string]any)["problem"],
		"Hillside's registration and one nobody has: the same outcome")

	everywhere := f.call(t, http.MethodGet, at+theirs, f.all, byEmail(wes), nil)
	assert.Equal(t, http.StatusForbidden, everywhere.status, "a key for every centre reaches Hillside: the library's 403 stands: %s", everywhere.body)
}

// TestAHistoryWatchedFromBeyondTheKeyIsNotFound_RREG7: Hillside's admin
// watches Hillside's exams officer (R-REG-7). Asking, as that admin, to
// join Riverside gives them a registration Riverside's key reaches; the
// exams officer's history read through that key must then not answer an
// empty page where an unknown person is 404, or the key learns who is at
// Hillside. The admin's own history, empty, stays theirs to read.
func TestAHistoryWatchedFromBeyondTheKeyIsNotFound_RREG7(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	hal := standards.Actor{Email: "hal@hillside.sch.uk"}
	r, err := f.svc.RequestToJoin(ctx, hal, standards.JoinRequest{Year: year, CentreNumber: "54321", FullName: "Hal Hill",
		Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	_, err = f.svc.ApproveRegistration(ctx, other, r.ID)
	require.NoError(t, err)
	halPerson, err := f.svc.Me(ctx, hal)
	require.NoError(t, err)
	_, err = f.svc.RequestToJoin(ctx, other, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: other.Name,
		Roles: standards.Roles{standards.RoleLM}})
	require.NoError(t, err)

	missing := f.call(t, http.MethodGet, "/people/01NOSUCHPERSON00000000000/certificates", f.riverside, byEmail(other), nil)
	require.Equal(t, http.StatusNotFound, missing.status, "%s", missing.body)
	watched := f.call(t, http.MethodGet, "/people/"+halPerson.ID+"/certificates", f.riverside, byEmail(other), nil)
	assert.Equal(t, http.StatusNotFound, watched.status, "%s", watched.body)
	assert.Equal(t, string(missing.body), string(watched.body), "Hillside's exams officer is not found through Riverside's key")

	through := f.call(t, http.MethodGet, "/people/"+halPerson.ID+"/certificates", f.hillside, byEmail(other), nil)
	assert.Equal(t, http.StatusOK, through.status, "through Hillside's own key the admin reads it: %s", through.body)
	own, err := f.svc.Me(ctx, other)
	require.NoError(t, err)
	mine := f.call(t, http.MethodGet, "/people/"+own.ID+"/certificates", f.riverside, byEmail(other), nil)
	assert.Equal(t, http.StatusOK, mine.status, "%s", mine.body)
	assert.JSONEq(t, `{"items":[]}`, string(mine.body))
}

// TestAKeyActsForATrustOnlyThroughOneOfItsCentres_RTRU2: Hillside has
// asked to join the Valley Learning Trust (Riverside and Westside). A key
// for Hillside sees the trust through that request, but may not act as
// its lead, whom it does not reach: accepting the request as the lead
// would put Hillside into the other centres' trust with no lead's say,
// on the word of Hillside's host alone. Nor may a key for Riverside
// invite Riverside, as the lead of a trust of Hillside's alone, into it.
// Each is 404, as a trust nobody made, and nothing changes.
func TestAKeyActsForATrustOnlyThroughOneOfItsCentres_RTRU2(t *testing.T) {
	tr := newTrusts(t)
	ctx := t.Context()
	unknown := tr.call(t, http.MethodPost, "/trusts/01nosuchtrust0000000000000/requests/"+tr.hillsideRequest+"/accept", tr.hillside, byEmail(lead), nil)
	require.Equal(t, http.StatusNotFound, unknown.status, "%s", unknown.body)
	for name, res := range map[string]response{
		"accept as the lead":  tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/accept", tr.hillside, byEmail(lead), nil),
		"decline as the lead": tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/decline", tr.hillside, byEmail(lead), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s: %s", name, res.body)
		assert.Equal(t, string(unknown.body), string(res.body), "%s: no hint of what exists", name)
	}
	view, err := tr.svc.Trust(ctx, lead, tr.trust.ID)
	require.NoError(t, err)
	assert.Len(t, view.Centres, 2, "Hillside did not join")
	assert.Len(t, view.Requests, 1, "its request is still open")

	hill, err := tr.svc.CreateTrust(ctx, operator, "Hill Trust")
	require.NoError(t, err)
	hillLead := standards.Actor{Email: "lia@hilltrust.example", Name: "Lia Lead"}
	_, err = tr.svc.AppointTrustLead(ctx, operator, hill.ID, hillLead.Email, hillLead.Name)
	require.NoError(t, err)
	tr.trustOf(t, hillLead, hill.ID, "54321", other)
	invite := map[string]any{"centreNumber": "54321"}
	noTrust := tr.call(t, http.MethodPost, "/trusts/01nosuchtrust0000000000000/invitations", tr.riverside, byEmail(hillLead), invite)
	require.Equal(t, http.StatusNotFound, noTrust.status, "%s", noTrust.body)
	invite["centreNumber"] = "12345"
	into := tr.call(t, http.MethodPost, "/trusts/"+hill.ID+"/invitations", tr.riverside, byEmail(hillLead), invite)
	assert.Equal(t, http.StatusNotFound, into.status, "%s", into.body)
	assert.Equal(t, string(noTrust.body), string(into.body))
	hv, err := tr.svc.Trust(ctx, hillLead, hill.ID)
	require.NoError(t, err)
	assert.Empty(t, hv.Requests, "no invitation was made")

	// Through a key for every centre, the lead does the trust's part.
	asLead := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/decline", tr.riverside, byEmail(lead), nil)
	assert.Equal(t, http.StatusNotFound, asLead.status, "Hillside's request is beyond Riverside's key: %s", asLead.body)
	viaAll := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/decline", tr.all, byEmail(lead), nil)
	assert.Equal(t, http.StatusNoContent, viaAll.status, "%s", viaAll.body)
}

// trustOf puts the centre numbered n into the trust: its lead invites
// it, its admin accepts.
func (tr *trusts) trustOf(t *testing.T, lead standards.Actor, trustID string, n standards.CentreNumber, admin standards.Actor) {
	t.Helper()
	inv, err := tr.svc.InviteCentre(t.Context(), lead, trustID, n)
	require.NoError(t, err)
	_, err = tr.svc.AcceptTrustRequest(t.Context(), admin, inv.ID)
	require.NoError(t, err)
}

// TestAKeyChangesNoAddressOrNameOfSomeoneBeyondIt_RPER1: a person's
// address and name are theirs at every centre (R-PER-1, R-PER-3). Through
// a key for Riverside, a host that names Hillside's admin can bring them
// within the key (a request to join Riverside, in their name) and would
// then give them an address of its own: Hillside's admin, and everything
// they may do at Hillside, would be found by the host's address from then
// on, wherever anyone signs in with it. A key changes the address or name
// only of someone who stands nowhere beyond it: else 404, as someone
// nobody knows, and nothing changes.
func TestAKeyChangesNoAddressOrNameOfSomeoneBeyondIt_RPER1(t *testing.T) {
	f := newFixture(t)
	olu := byEmail(other)
	joined := f.call(t, http.MethodPost, "/centres/12345/years/2025/registrations", f.riverside, olu,
		map[string]any{"fullName": "Olu Other", "roles": []string{"LM"}})
	require.Equal(t, http.StatusCreated, joined.status, "anyone may ask to join: %s", joined.body)
	me := f.call(t, http.MethodGet, "/me", f.riverside, olu, nil)
	require.Equal(t, http.StatusOK, me.status, "%s", me.body)
	id := me.json(t)["person"].(map[string]any)["id"].(string)

	nobody := f.call(t, http.MethodPost, "/me/name", f.riverside, byEmail(standards.Actor{Email: "nobody@nowhere.example"}), map[string]any{"fullName": "Mallory"})
	require.Equal(t, http.StatusNotFound, nobody.status, "%s", nobody.body)
	for name, res := range map[string]response{
		"address": f.call(t, http.MethodPost, "/people/"+id+"/email", f.riverside, olu, map[string]any{"email": "mallory@evil.example"}),
		"name":    f.call(t, http.MethodPost, "/me/name", f.riverside, olu, map[string]any{"fullName": "Mallory"}),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s: %s", name, res.body)
		assert.Equal(t, string(nobody.body), string(res.body), "%s: as someone nobody knows", name)
	}
	after, err := f.svc.Me(t.Context(), other)
	require.NoError(t, err)
	assert.Equal(t, id, after.ID, "Hillside's admin keeps their address")
	assert.Equal(t, "Olu Other", after.Name)

	// Now standing at Riverside too, they are beyond Hillside's key as
	// well; through a key for every centre they change them.
	hill := f.call(t, http.MethodPost, "/me/name", f.hillside, olu, map[string]any{"fullName": "Olu Otherton"})
	assert.Equal(t, http.StatusNotFound, hill.status, "%s", hill.body)
	renamed := f.call(t, http.MethodPost, "/me/name", f.all, olu, map[string]any{"fullName": "Olu Otherton"})
	assert.Equal(t, http.StatusOK, renamed.status, "%s", renamed.body)
	moved := f.call(t, http.MethodPost, "/people/"+id+"/email", f.all, olu, map[string]any{"email": "olu@hillside.example"})
	assert.Equal(t, http.StatusOK, moved.status, "%s", moved.body)
}

// TestAnotherPersonsReplayOfAnIdempotencyKeyIsRefused: the same host key,
// Idempotency-Key, path and body, naming another person, is not the first
// person's answer replayed (it would show them the first one's target):
// 422 naming the header, and nothing acts.
func TestAnotherPersonsReplayOfAnIdempotencyKeyIsRefused(t *testing.T) {
	f := newFixture(t)
	body := map[string]any{"area": "knowledge", "title": "Learn the JCQ rules"}
	at := "/records/" + f.record + "/targets"
	first := f.call(t, http.MethodPost, at, f.riverside, person{"Eops-Person-Email": eo.Email, "Idempotency-Key": "k-1"}, body)
	require.Equal(t, http.StatusCreated, first.status, "%s", first.body)
	for name, who := range map[string]person{
		"another person":                  {"Eops-Person-Email": sl.Email, "Idempotency-Key": "k-1"},
		"the same person by another name": {"Eops-Person-External-Id": eo.ExternalID, "Idempotency-Key": "k-1"},
	} {
		res := f.call(t, http.MethodPost, at, f.riverside, who, body)
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", name, res.body)
		assert.Empty(t, res.header.Get("Idempotent-Replayed"), name)
		assert.NotContains(t, string(res.body), "Learn the JCQ rules", name)
	}
	assert.Equal(t, 1, f.targetCount(t), "nothing acted")
}

// TestAKeyGivesNoHostIDToSomeoneBeyondIt_RPER4: the library gives a
// person the host's id for them at their first change made with it, and
// every host shares one space of ids (standards.Actor). Through a key for
// Riverside, a host naming Hillside's admin by address and an id of its
// own, in a request to join Riverside, would make that id theirs: then
// Hillside's host, naming them by its own id, is refused as naming two
// people. Such a change is 404, as someone nobody knows, and the admin
// keeps no id; by address alone the request is made as ever. Someone
// within the key, and any key for every centre, gives the id.
func TestAKeyGivesNoHostIDToSomeoneBeyondIt_RPER4(t *testing.T) {
	f := newFixture(t)
	join := map[string]any{"fullName": "Olu Other", "roles": []string{"LM"}}
	at := "/centres/12345/years/2025/registrations"
	nobody := f.call(t, http.MethodPost, "/me/name", f.riverside, byEmail(standards.Actor{Email: "nobody@nowhere.example"}), map[string]any{"fullName": "Mallory"})
	require.Equal(t, http.StatusNotFound, nobody.status)
	withID := f.call(t, http.MethodPost, at, f.riverside, person{"Eops-Person-Email": other.Email, "Eops-Person-External-Id": "mallory-1"}, join)
	assert.Equal(t, http.StatusNotFound, withID.status, "%s", withID.body)
	assert.Equal(t, string(nobody.body), string(withID.body))
	olu, err := f.svc.Me(t.Context(), other)
	require.NoError(t, err)
	assert.Empty(t, olu.ExternalID, "no id was given")
	_, err = f.svc.Me(t.Context(), standards.Actor{Email: other.Email, ExternalID: "hill-77"})
	assert.NoError(t, err, "Hillside's host may still give its own")

	byAddress := f.call(t, http.MethodPost, at, f.riverside, byEmail(other), join)
	assert.Equal(t, http.StatusCreated, byAddress.status, "%s", byAddress.body)

	within := f.call(t, http.MethodPost, "/me/name", f.riverside, person{"Eops-Person-Email": sl.Email, "Eops-Person-External-Id": "staff-7"},
		map[string]any{"fullName": sl.Name})
	require.Equal(t, http.StatusOK, within.status, "%s", within.body)
	assert.Equal(t, "staff-7", within.json(t)["externalId"], "Riverside's own member takes Riverside's id")
	everywhere := f.call(t, http.MethodPost, "/me/name", f.all, person{"Eops-Person-Email": other.Email, "Eops-Person-External-Id": "hill-77"},
		map[string]any{"fullName": other.Name})
	require.Equal(t, http.StatusOK, everywhere.status, "%s", everywhere.body)
	assert.Equal(t, "hill-77", everywhere.json(t)["externalId"])
}
