package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api"
)

// TestR_PER_3_APersonCorrectsTheirNameOverTheAPI: the name the person
// gives replaces the one typed for them; a blank one is 422 naming
// fullName; outside the key's reach the person is not found.
func TestR_PER_3_APersonCorrectsTheirNameOverTheAPI(t *testing.T) {
	f := newFixture(t)
	named := f.call(t, http.MethodPost, "/me/name", f.riverside, byEmail(eo), map[string]any{"fullName": "Eve O'Fficer"})
	require.Equal(t, http.StatusOK, named.status, "%s", named.body)
	assert.Equal(t, "Eve O'Fficer", named.json(t)["name"])
	me, err := f.svc.Me(t.Context(), standards.Actor{Email: eo.Email})
	require.NoError(t, err)
	assert.Equal(t, "Eve O'Fficer", me.Name)

	blank := f.call(t, http.MethodPost, "/me/name", f.riverside, byEmail(eo), map[string]any{"fullName": "  "})
	require.Equal(t, http.StatusUnprocessableEntity, blank.status, "%s", blank.body)
	assert.Equal(t, "fullName", blank.json(t)["errors"].([]any)[0].(map[string]any)["field"])

	nobody := f.call(t, http.MethodGet, "/people?email=nobody@example.org", f.hillside, byEmail(other), nil)
	require.Equal(t, http.StatusNotFound, nobody.status)
	outside := f.call(t, http.MethodPost, "/me/name", f.hillside, byEmail(eo), map[string]any{"fullName": "Someone Else"})
	assert.Equal(t, http.StatusNotFound, outside.status, "%s", outside.body)
	assert.Equal(t, string(nobody.body), string(outside.body), "no hint that the person exists")
}

// TestAPersonFindsAndExportsOnlyThemselves: FindPerson and ExportPerson
// answer the person about themselves; anyone else is not found, as
// nobody. A key for named centres exports only what is at its centres.
func TestAPersonFindsAndExportsOnlyThemselves(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	// Eve has also asked to join Hillside: her registration there is
	// outside the Riverside key's reach.
	_, err := f.svc.RequestToJoin(ctx, eo, standards.JoinRequest{Year: year, CentreNumber: "54321", FullName: eo.Name, Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	found := f.call(t, http.MethodGet, "/people?email=EO@riverside.sch.uk", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, found.status, "%s", found.body)
	id := found.json(t)["id"].(string)
	assert.Equal(t, "staff-1042", found.json(t)["externalId"])

	nobody := f.call(t, http.MethodGet, "/people?email=nobody@example.org", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusNotFound, nobody.status)
	someoneElse := f.call(t, http.MethodGet, "/people?email="+sl.Email, f.riverside, byEmail(eo), nil)
	assert.Equal(t, string(nobody.body), string(someoneElse.body), "another's address is not found, as nobody's")
	bad := f.call(t, http.MethodGet, "/people?email=not-an-address", f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%s", bad.body)
	assert.Equal(t, "email", bad.json(t)["errors"].([]any)[0].(map[string]any)["field"])

	all := f.call(t, http.MethodGet, "/people/"+id+"/export", f.all, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, all.status, "%s", all.body)
	assert.Len(t, all.json(t)["Registrations"], 2, "both centres, with a key for every centre")
	assert.Equal(t, eo.Email, all.json(t)["Person"].(map[string]any)["Email"])
	mine := f.call(t, http.MethodGet, "/people/"+id+"/export", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, mine.status, "%s", mine.body)
	regs := mine.json(t)["Registrations"].([]any)
	require.Len(t, regs, 1, "Hillside is outside the Riverside key's reach")
	assert.Len(t, mine.json(t)["Records"], 1)

	theirs := f.call(t, http.MethodGet, "/people/"+id+"/export", f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusNotFound, theirs.status, "another's data, even a colleague's: %s", theirs.body)
	assert.Equal(t, string(nobody.body), string(theirs.body))
}

// TestR_PER_1_APersonChangesTheirAddressOverTheAPI: the person stays one
// person under the new address; another's address is 409, a bad one 422,
// another person's id 404.
func TestR_PER_1_APersonChangesTheirAddressOverTheAPI(t *testing.T) {
	f := newFixture(t)
	me := f.call(t, http.MethodGet, "/me", f.riverside, byEmail(eo), nil)
	id := me.json(t)["person"].(map[string]any)["id"].(string)
	at := "/people/" + id + "/email"

	taken := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), map[string]any{"email": sl.Email})
	assert.Equal(t, http.StatusConflict, taken.status, "%s", taken.body)
	assert.Equal(t, "email_taken", taken.json(t)["reason"])
	bad := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), map[string]any{"email": "nope"})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%s", bad.body)
	assert.Equal(t, "email", bad.json(t)["errors"].([]any)[0].(map[string]any)["field"])
	notMine := f.call(t, http.MethodPost, at, f.riverside, byEmail(sl), map[string]any{"email": "sam@elsewhere.example"})
	assert.Equal(t, http.StatusNotFound, notMine.status, "%s", notMine.body)

	changed := f.call(t, http.MethodPost, at, f.riverside, byEmail(eo), map[string]any{"email": "Eve.Officer@Riverside.sch.uk"})
	require.Equal(t, http.StatusOK, changed.status, "%s", changed.body)
	assert.Equal(t, "eve.officer@riverside.sch.uk", changed.json(t)["email"])
	after := f.call(t, http.MethodGet, "/me", f.riverside, person{api.HeaderPersonEmail: "eve.officer@riverside.sch.uk"}, nil)
	require.Equal(t, http.StatusOK, after.status, "%s", after.body)
	assert.Equal(t, id, after.json(t)["person"].(map[string]any)["id"], "one person, found by the new address")
	assert.Equal(t, f.record, after.json(t)["registrations"].([]any)[0].(map[string]any)["recordId"])
}
