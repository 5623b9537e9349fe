package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var (
	lead    = standards.Actor{Email: "lead@valley.org.uk", Name: "Lee Lead"}
	westAdm = standards.Actor{Email: "wes@westside.sch.uk", Name: "Wes West"}
)

// trusts is the fixture with the Valley Learning Trust, led by lead:
// Riverside (12345) and Westside (11111) are in it, and Hillside (54321)
// has asked to join.
type trusts struct {
	*fixture
	trust                       standards.Trust
	riversideID, hillsideID     string
	westsideID, hillsideRequest string
}

func newTrusts(t *testing.T) *trusts {
	t.Helper()
	f := newFixture(t)
	ctx := t.Context()
	tr := &trusts{fixture: f}
	var err error
	tr.trust, err = f.svc.CreateTrust(ctx, operator, "Valley Learning Trust")
	require.NoError(t, err)
	_, err = f.svc.AppointTrustLead(ctx, operator, tr.trust.ID, lead.Email, lead.Name)
	require.NoError(t, err)
	_, err = f.svc.RegisterCentre(ctx, westAdm, standards.CentreRegistration{Year: year, CentreNumber: "11111",
		CentreName: "Westside School", FullName: westAdm.Name, Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	for _, n := range []struct {
		number string
		admin  standards.Actor
		id     *string
	}{{"12345", admin, &tr.riversideID}, {"11111", westAdm, &tr.westsideID}} {
		inv, err := f.svc.InviteCentre(ctx, lead, tr.trust.ID, standards.CentreNumber(n.number))
		require.NoError(t, err)
		c, err := f.svc.AcceptTrustRequest(ctx, n.admin, inv.ID)
		require.NoError(t, err)
		*n.id = c.ID
	}
	hill, err := f.svc.FindCentre(ctx, other, "54321", year)
	require.NoError(t, err)
	tr.hillsideID = hill.ID
	ask, err := f.svc.AskToJoinTrust(ctx, other, tr.trust.ID, hill.ID)
	require.NoError(t, err)
	tr.hillsideRequest = ask.ID
	return tr
}

func numbersOf(t *testing.T, list any) []string {
	t.Helper()
	var out []string
	for _, x := range list.([]any) {
		m := x.(map[string]any)
		if c, ok := m["centre"]; ok {
			m = c.(map[string]any)
		}
		out = append(out, m["number"].(string))
	}
	return out
}

// TestR_TRU_2_ACentreJoinsAndLeavesATrustOverTheAPI: a lead invites a
// centre and its admin accepts; a centre asks and a lead accepts; either
// side declines; the centre leaves. The lead sees the trust and its
// dashboard (R-TRU-1, R-TRU-2).
func TestR_TRU_2_ACentreJoinsAndLeavesATrustOverTheAPI(t *testing.T) {
	tr := newTrusts(t)
	ctx := t.Context()
	// Riverside leaves, so that it can be invited again over HTTP.
	left := tr.call(t, http.MethodPost, "/centres/12345/trust/leave", tr.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, left.status, "%s", left.body)
	assert.NotContains(t, left.json(t), "trustId")
	assert.Equal(t, "12345", left.json(t)["centre"].(map[string]any)["number"])

	invited := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/invitations", tr.all, byEmail(lead), map[string]any{"centreNumber": " 12345 "})
	require.Equal(t, http.StatusCreated, invited.status, "%s", invited.body)
	assert.Equal(t, "trust", invited.json(t)["from"])
	assert.Equal(t, "12345", invited.json(t)["centre"].(map[string]any)["number"], "a request names its centre by number")
	request := invited.json(t)["id"].(string)

	listed := tr.call(t, http.MethodGet, "/centres/12345/trust-requests", tr.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, listed.status, "%s", listed.body)
	items := listed.json(t)["items"].([]any)
	require.Len(t, items, 1)
	assert.Equal(t, request, items[0].(map[string]any)["id"])
	assert.Equal(t, []string{"12345"}, numbersOf(t, items))

	own := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+request+"/accept", tr.all, byEmail(lead), nil)
	assert.Equal(t, http.StatusForbidden, own.status, "the side that invited does not accept: %s", own.body)
	joined := tr.call(t, http.MethodPost, "/centres/12345/trust-requests/"+request+"/accept", tr.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, joined.status, "%s", joined.body)
	assert.Equal(t, tr.trust.ID, joined.json(t)["trustId"])

	view := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID, tr.all, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, view.status, "%s", view.body)
	v := view.json(t)
	assert.Equal(t, []string{"11111", "12345"}, numbersOf(t, v["centres"]))
	assert.Equal(t, []string{"54321"}, numbersOf(t, v["requests"]), "the request names its centre")
	assert.Equal(t, lead.Email, v["leads"].([]any)[0].(map[string]any)["email"])

	accepted := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/accept", tr.all, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, accepted.status, "%s", accepted.body)
	assert.Equal(t, "54321", accepted.json(t)["centre"].(map[string]any)["number"])

	board := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard?year=2025", tr.all, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, board.status, "%s", board.body)
	lines := board.json(t)["centres"].([]any)
	assert.Equal(t, []string{"11111", "12345", "54321"}, numbersOf(t, lines))
	assert.EqualValues(t, 1, lines[1].(map[string]any)["examsOfficers"], "Riverside's exams officer, counted, not named")

	// Either side declines: Hillside leaves and asks again, then withdraws;
	// the trust invites Westside's neighbour and withdraws too.
	_, err := tr.svc.LeaveTrust(ctx, other, tr.hillsideID)
	require.NoError(t, err)
	asked := tr.call(t, http.MethodPost, "/centres/54321/trust-requests", tr.hillside, byEmail(other), map[string]any{"trustId": tr.trust.ID})
	require.Equal(t, http.StatusCreated, asked.status, "%s", asked.body)
	assert.Equal(t, "centre", asked.json(t)["from"])
	assert.Equal(t, "54321", asked.json(t)["centre"].(map[string]any)["number"])
	withdrawn := tr.call(t, http.MethodPost, "/centres/54321/trust-requests/"+asked.json(t)["id"].(string)+"/decline", tr.hillside, byEmail(other), nil)
	assert.Equal(t, http.StatusNoContent, withdrawn.status, "%s", withdrawn.body)
	again := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/invitations", tr.all, byEmail(lead), map[string]any{"centreNumber": "54321"})
	require.Equal(t, http.StatusCreated, again.status, "%s", again.body)
	declined := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+again.json(t)["id"].(string)+"/decline", tr.all, byEmail(lead), nil)
	assert.Equal(t, http.StatusNoContent, declined.status, "%s", declined.body)
	none := tr.call(t, http.MethodGet, "/centres/54321/trust-requests", tr.hillside, byEmail(other), nil)
	assert.Empty(t, none.json(t)["items"])

	twice := tr.call(t, http.MethodPost, "/centres/54321/trust/leave", tr.hillside, byEmail(other), nil)
	assert.Equal(t, http.StatusConflict, twice.status, "not in a trust: %s", twice.body)
	assert.Equal(t, "not_in_trust", twice.json(t)["reason"])
}

// TestR_TRU_1_OnlyLeadsSeeATrustAndOnlyAdminsAnswerForACentre: anyone but
// a lead is told nothing of a trust; a centre's member who is not its
// admin may not ask, answer or leave for it.
func TestR_TRU_1_OnlyLeadsSeeATrustAndOnlyAdminsAnswerForACentre(t *testing.T) {
	tr := newTrusts(t)
	missing := tr.call(t, http.MethodGet, "/trusts/01nosuchtrust0000000000000", tr.all, byEmail(lead), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	for _, res := range []response{
		tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID, tr.all, byEmail(admin), nil),
		tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard?year=2025", tr.all, byEmail(admin), nil),
		tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/invitations", tr.all, byEmail(admin), map[string]any{"centreNumber": "54321"}),
		tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/accept", tr.all, byEmail(other), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body), "no hint that the trust exists")
	}
	for _, res := range []response{
		tr.call(t, http.MethodPost, "/centres/12345/trust/leave", tr.riverside, byEmail(eo), nil),
		tr.call(t, http.MethodGet, "/centres/12345/trust-requests", tr.riverside, byEmail(sl), nil),
		tr.call(t, http.MethodPost, "/centres/12345/trust-requests", tr.riverside, byEmail(eo), map[string]any{"trustId": tr.trust.ID}),
	} {
		assert.Equal(t, http.StatusForbidden, res.status, "a member, not an admin: %s", res.body)
		assert.Equal(t, "forbidden", res.json(t)["code"])
	}
	led := tr.call(t, http.MethodGet, "/trusts", tr.all, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, led.status, "%s", led.body)
	assert.Empty(t, led.json(t)["items"], "an admin leads no trust")
}

// TestAKeyForNamedCentresSeesATrustOnlyThroughThem: a key for Riverside
// shows the trust with Riverside alone (not Westside, not Hillside's
// request), its dashboard with Riverside's line alone; a key for Hillside,
// which is not in the trust, finds no trust; a centre, request or
// invitation outside the key is not found, as one that does not exist.
func TestAKeyForNamedCentresSeesATrustOnlyThroughThem(t *testing.T) {
	tr := newTrusts(t)
	view := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID, tr.riverside, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, view.status, "%s", view.body)
	assert.Equal(t, []string{"12345"}, numbersOf(t, view.json(t)["centres"]))
	assert.Empty(t, view.json(t)["requests"])
	board := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard?year=2025", tr.riverside, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, board.status, "%s", board.body)
	assert.Equal(t, []string{"12345"}, numbersOf(t, board.json(t)["centres"]))
	led := tr.call(t, http.MethodGet, "/trusts", tr.riverside, byEmail(lead), nil)
	assert.Len(t, led.json(t)["items"], 1)

	// Hillside's key reaches the trust only through Hillside's request.
	viaRequest := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID, tr.hillside, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, viaRequest.status, "%s", viaRequest.body)
	assert.Empty(t, viaRequest.json(t)["centres"])
	assert.Equal(t, []string{"54321"}, numbersOf(t, viaRequest.json(t)["requests"]))

	unknown := tr.call(t, http.MethodGet, "/trusts/01nosuchtrust0000000000000", tr.riverside, byEmail(lead), nil)
	noCentre := tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/invitations", tr.riverside, byEmail(lead), map[string]any{"centreNumber": "99999"})
	require.Equal(t, http.StatusNotFound, noCentre.status, "%s", noCentre.body)
	for name, res := range map[string]response{
		"another centre, invited":          tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/invitations", tr.riverside, byEmail(lead), map[string]any{"centreNumber": "54321"}),
		"another centre's request":         tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/requests/"+tr.hillsideRequest+"/accept", tr.riverside, byEmail(lead), nil),
		"another centre's request list":    tr.call(t, http.MethodGet, "/centres/54321/trust-requests", tr.riverside, byEmail(other), nil),
		"another centre's request, as it":  tr.call(t, http.MethodPost, "/centres/54321/trust-requests/"+tr.hillsideRequest+"/decline", tr.riverside, byEmail(other), nil),
		"another centre leaves":            tr.call(t, http.MethodPost, "/centres/11111/trust/leave", tr.riverside, byEmail(lead), nil),
		"another centre asks":              tr.call(t, http.MethodPost, "/centres/54321/trust-requests", tr.riverside, byEmail(other), map[string]any{"trustId": tr.trust.ID}),
		"a request under the wrong centre": tr.call(t, http.MethodPost, "/centres/12345/trust-requests/"+tr.hillsideRequest+"/accept", tr.riverside, byEmail(admin), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s: %s", name, res.body)
		assert.Equal(t, string(unknown.body), string(res.body), "%s: no hint of what exists", name)
	}
	// The Hillside key does not reach the trust's centres, so a lead
	// using it sees no dashboard line of theirs.
	hillBoard := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard?year=2025", tr.hillside, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, hillBoard.status, "%s", hillBoard.body)
	assert.Empty(t, hillBoard.json(t)["centres"])

	after, err := tr.svc.Trust(t.Context(), lead, tr.trust.ID)
	require.NoError(t, err)
	assert.Len(t, after.Centres, 2, "nothing changed")
	assert.Len(t, after.Requests, 1, "nothing changed")
}

// TestTrustInputIsCheckedNamingTheField: a bad centre number, no trust,
// a year out of range or unreadable, a bad page size: 422 (400 for what
// cannot be read), naming the field.
func TestTrustInputIsCheckedNamingTheField(t *testing.T) {
	tr := newTrusts(t)
	field := func(res response) string {
		t.Helper()
		return res.json(t)["errors"].([]any)[0].(map[string]any)["field"].(string)
	}
	for want, res := range map[string]response{
		"centreNumber": tr.call(t, http.MethodPost, "/trusts/"+tr.trust.ID+"/invitations", tr.all, byEmail(lead), map[string]any{"centreNumber": "12-45"}),
		"trustId":      tr.call(t, http.MethodPost, "/centres/54321/trust-requests", tr.all, byEmail(other), map[string]any{"trustId": " "}),
		"year":         tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard?year=1990", tr.all, byEmail(lead), nil),
		"limit":        tr.call(t, http.MethodGet, "/trusts?limit=0", tr.all, byEmail(lead), nil),
		"cursor":       tr.call(t, http.MethodGet, "/centres/54321/trust-requests?cursor=%21%21", tr.all, byEmail(other), nil),
		// A centre is named by its number in the trusts' operations too.
		"centreNumber ": tr.call(t, http.MethodPost, "/centres/12-45/trust/leave", tr.all, byEmail(admin), nil),
	} {
		want = strings.TrimSpace(want)
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", want, res.body)
		assert.Equal(t, want, field(res), "%s", res.body)
	}
	nobodys := tr.call(t, http.MethodPost, "/centres/99999/trust/leave", tr.all, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, nobodys.status, "a number no centre has: %s", nobodys.body)
	unreadable := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard?year=soon", tr.all, byEmail(lead), nil)
	assert.Equal(t, http.StatusBadRequest, unreadable.status, "%s", unreadable.body)
	noYear := tr.call(t, http.MethodGet, "/trusts/"+tr.trust.ID+"/dashboard", tr.all, byEmail(lead), nil)
	assert.Equal(t, http.StatusBadRequest, noYear.status, "%s", noYear.body)
}

// TestTheTrustsALeadLeadsArePaged: by name, a page at a time, each once.
func TestTheTrustsALeadLeadsArePaged(t *testing.T) {
	tr := newTrusts(t)
	for _, name := range []string{"Alder Trust", "Birch Trust", "Cedar Trust"} {
		x, err := tr.svc.CreateTrust(t.Context(), operator, name)
		require.NoError(t, err)
		_, err = tr.svc.AppointTrustLead(t.Context(), operator, x.ID, lead.Email, lead.Name)
		require.NoError(t, err)
	}
	var names []string
	cursor := ""
	for range 5 {
		res := tr.call(t, http.MethodGet, "/trusts?limit=2"+cursor, tr.all, byEmail(lead), nil)
		require.Equal(t, http.StatusOK, res.status, "%s", res.body)
		page := res.json(t)
		for _, x := range page["items"].([]any) {
			names = append(names, x.(map[string]any)["name"].(string))
		}
		next, ok := page["next"].(string)
		if !ok {
			break
		}
		cursor = "&cursor=" + next
	}
	assert.Equal(t, []string{"Alder Trust", "Birch Trust", "Cedar Trust", "Valley Learning Trust"}, names)
}

// TestATrustLeadIsInReachOfAKeyForTheTrustsCentres: a lead registered at
// no centre is found, with a key for one of the trust's centres, by GET
// /me and the people operations; with a key for none of them, not found.
// Their name, which Westside sees too, changes only through a key that
// reaches all the trust's centres
// (TestAKeyChangesNoAddressOrNameOfSomeoneBeyondIt_RPER1).
func TestATrustLeadIsInReachOfAKeyForTheTrustsCentres(t *testing.T) {
	tr := newTrusts(t)
	me := tr.call(t, http.MethodGet, "/me", tr.riverside, byEmail(lead), nil)
	require.Equal(t, http.StatusOK, me.status, "%s", me.body)
	assert.Empty(t, me.json(t)["registrations"])
	partly := tr.call(t, http.MethodPost, "/me/name", tr.riverside, byEmail(lead), map[string]any{"fullName": "Lee Leader"})
	assert.Equal(t, http.StatusNotFound, partly.status, "Westside is beyond Riverside's key: %s", partly.body)
	named := tr.call(t, http.MethodPost, "/me/name", tr.all, byEmail(lead), map[string]any{"fullName": "Lee Leader"})
	assert.Equal(t, http.StatusOK, named.status, "%s", named.body)

	// Hillside's key reaches the trust through Hillside's request alone:
	// once it is withdrawn, the lead is outside that key.
	via := tr.call(t, http.MethodGet, "/me", tr.hillside, byEmail(lead), nil)
	assert.Equal(t, http.StatusOK, via.status, "%s", via.body)
	require.NoError(t, tr.svc.DeclineTrustRequest(t.Context(), other, tr.hillsideRequest))
	outside := tr.call(t, http.MethodGet, "/me", tr.hillside, byEmail(lead), nil)
	assert.Equal(t, http.StatusNotFound, outside.status, "%s", outside.body)
	nameOutside := tr.call(t, http.MethodPost, "/me/name", tr.hillside, byEmail(lead), map[string]any{"fullName": "Lee Else"})
	assert.Equal(t, http.StatusNotFound, nameOutside.status, "%s", nameOutside.body)
}
