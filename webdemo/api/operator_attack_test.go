package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// everyEntry is every entry of every trail: the platform's and both
// centres', read from the store as they are kept.
func everyEntry(t *testing.T, f *fixture) []standards.AuditEntry {
	t.Helper()
	var out []standards.AuditEntry
	require.NoError(t, f.store.View(t.Context(), func(tx standards.Tx) error {
		ids := []string{""}
		for _, n := range []standards.CentreNumber{"12345", "54321"} {
			c, err := tx.CentreByNumber(t.Context(), n)
			if err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		for _, id := range ids {
			es, err := tx.AuditByCentre(t.Context(), id, 0, standards.MaxPage)
			if err != nil {
				return err
			}
			out = append(out, es...)
		}
		return nil
	}))
	return out
}

// TestEveryOperatorActThroughAKeyIsAuditedWithThePersonAndTheKey: each of
// the operator's commands through an operator key leaves at least one
// entry, and every entry it leaves names the person, the operator right
// and the key (R-AUD-1), not only the trust's creation.
func TestEveryOperatorActThroughAKeyIsAuditedWithThePersonAndTheKey(t *testing.T) {
	t.Parallel()
	for name, c := range operatorCases {
		if c.method == http.MethodGet {
			continue // a read leaves no entry
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ops := f.operatorKey(t)
			path := c.path(f, t)
			before := map[int64]bool{}
			for _, e := range everyEntry(t, f) {
				before[e.Seq] = true
			}
			res := f.call(t, c.method, path, ops, byEmail(operator), c.body)
			require.Equal(t, c.status, res.status, "%s", res.body)
			var added []standards.AuditEntry
			for _, e := range everyEntry(t, f) {
				if !before[e.Seq] {
					added = append(added, e)
				}
			}
			require.NotEmpty(t, added, "the act is in a trail")
			for _, e := range added {
				assert.Equal(t, operator.Email, e.Actor, "%s: the person named", e.Action)
				assert.True(t, e.Operator, "%s: as the operator", e.Action)
				assert.Equal(t, "host key Ops tools", e.Via, "%s: through the key", e.Action)
			}
		})
	}
}

// TestAnOperatorKeyErasingThePersonItNamesLeavesNoAddressOfTheirs: an
// operator key names whom it likes, so it can erase the very person its
// call names (the operator's own person among them). Erasure promises
// that the person's address and name live on in no trail (docs/security.md);
// the erasure's own entry, written after the trails were redacted, must
// not bring the address back as its actor.
func TestAnOperatorKeyErasingThePersonItNamesLeavesNoAddressOfTheirs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	victim := f.personOf(t, other)
	res := f.call(t, http.MethodDelete, "/people/"+victim, ops, byEmail(other), nil)
	require.Equal(t, http.StatusNoContent, res.status, "%s", res.body)

	var erasure *standards.AuditEntry
	for _, e := range everyEntry(t, f) {
		assert.NotContains(t, e.Actor, other.Email, "%s #%d names the erased person's address as its actor", e.Action, e.Seq)
		assert.NotContains(t, e.Summary, other.Email, "%s #%d", e.Action, e.Seq)
		assert.NotContains(t, e.Summary, other.Name, "%s #%d", e.Action, e.Seq)
		if e.Action == "person.erase" {
			erasure = &e
		}
	}
	require.NotNil(t, erasure, "the erasure itself stays in the platform's trail")
	assert.True(t, erasure.Operator)
	assert.Equal(t, "host key Ops tools", erasure.Via, "the erasure names the key it came through")
}

// TestAnOrdinaryKeyLearnsNothingOfAnotherCentresIDs: the operator's acts
// on a centre's registrations, through an ordinary key naming someone of
// another centre, answer a real id exactly as one nobody has.
func TestAnOrdinaryKeyLearnsNothingOfAnotherCentresIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for name, c := range operatorCases {
		if c.nobodys == "" {
			continue
		}
		path := c.path(f, t)
		for _, key := range []string{f.all, f.hillside} {
			real := f.call(t, c.method, path, key, byEmail(other), c.body)
			none := f.call(t, c.method, c.nobodys, key, byEmail(other), c.body)
			assert.Equal(t, string(none.body), string(real.body), "%s: a real id is told apart from one nobody has", name)
			assert.Equal(t, none.status, real.status, name)
		}
	}
}

// TestAnOperatorKeyCachedIsRefusedOnceRevokedOrExpired: the API keeps the
// keys it found (kept.go); an operator key so kept is refused at the next
// call once revoked, and once its 90 days are over with nothing committed
// since it was found.
func TestAnOperatorKeyCachedIsRefusedOnceRevokedOrExpired(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	k, secret, err := f.svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: "Ops revoked", Operator: true,
		AllCentres: true, ExpiresAt: f.clock.Add(standards.MaxOperatorKeyLife)})
	require.NoError(t, err)
	ops := f.operatorKey(t)
	for range 2 {
		require.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/figures/2025", secret, byEmail(operator), nil).status)
		require.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/figures/2025", ops, byEmail(operator), nil).status)
	}
	_, err = f.svc.RevokeHostKey(ctx, operator, k.ID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/figures/2025", secret, byEmail(operator), nil).status, "revoked")
	require.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/figures/2025", ops, byEmail(operator), nil).status)
	*f.clock = f.clock.Add(standards.MaxOperatorKeyLife)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/figures/2025", ops, byEmail(operator), nil).status, "expired, nothing committed since")
}

// TestAnOperatorKeyManagesNoKeys: no path issues, lists or revokes keys,
// an operator key's call neither.
func TestAnOperatorKeyManagesNoKeys(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	before, err := f.svc.HostKeys(t.Context(), operator)
	require.NoError(t, err)
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/host-keys"}, {http.MethodPost, "/host-keys"}, {http.MethodGet, "/hostkeys"}, {http.MethodPost, "/keys"},
		{http.MethodDelete, "/host-keys/" + before[0].ID}, {http.MethodPost, "/host-keys/" + before[0].ID + "/revoke"},
	} {
		res := f.call(t, c.method, c.path, ops, byEmail(operator), map[string]any{"name": "Minted", "operator": true, "allCentres": true})
		assert.Equal(t, http.StatusNotFound, res.status, "%s %s: %s", c.method, c.path, res.body)
	}
	after, err := f.svc.HostKeys(t.Context(), operator)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// TestImportCertificatesTakesEachFieldAsWritten: the rows the API writes
// as CSV for the library are read back field for field: commas, quotes,
// line breaks and a spreadsheet's formula prefixes in a field neither
// split a row, nor join two, nor shift an outcome onto another row; a row
// whose address is "email" is a row, not a header skipped.
func TestImportCertificatesTakesEachFieldAsWritten(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	row := func(email, name, serial string) map[string]any {
		return map[string]any{"email": email, "fullName": name, "centreNumber": "12345", "year": 2023,
			"dateCertified": "2024-07-15", "certificateNumber": serial}
	}
	rows := []any{
		row("email", "Header Row", "H-1"),
		row("a@riverside.sch.uk", `O'Brien, "Bee"`, `=HYPERLINK("x")`),
		row("b@riverside.sch.uk", "Two\nLines", "B-1"),
		row("c@riverside.sch.uk", "+Plus -Minus @At", "@SUM(1,2)"),
		row("d@riverside.sch.uk", "Dee\r\nx@y.example,Eve,12345,2023/24,2024-07-15,INJECTED", "D-1"),
		row("e@riverside.sch.uk", " Leading Space", "-1+2"),
	}
	res := f.call(t, http.MethodPost, "/certificates/imports", ops, byEmail(operator), map[string]any{"rows": rows})
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	outcomes := res.json(t)["outcomes"].([]any)
	require.Len(t, outcomes, len(rows), "one outcome per row: %s", res.body)
	statuses := make([]string, len(outcomes))
	for i, o := range outcomes {
		o := o.(map[string]any)
		assert.EqualValues(t, i+1, o["line"])
		statuses[i] = o["status"].(string)
	}
	assert.Equal(t, "invalid", statuses[0], "the address email is no address, and no header either")
	assert.Equal(t, "imported", statuses[1])
	assert.Equal(t, "imported", statuses[3])
	for _, s := range []string{"a@riverside.sch.uk", "c@riverside.sch.uk"} {
		certs, err := f.svc.MyCertificates(t.Context(), standards.Actor{Email: s})
		require.NoError(t, err)
		require.Len(t, certs, 1, s)
	}
	certs, err := f.svc.MyCertificates(t.Context(), standards.Actor{Email: "a@riverside.sch.uk"})
	require.NoError(t, err)
	assert.Equal(t, `O'Brien, "Bee"`, certs[0].HolderName)
	assert.Equal(t, `=HYPERLINK("x")`, certs[0].Serial, "kept as written; the exports neutralise it (standards.CSVWriter)")
	injected, err := f.svc.MyCertificates(t.Context(), standards.Actor{Email: "x@y.example"})
	if err == nil {
		assert.Empty(t, injected, "a line break in a field made a row of its own")
	}
}

// TestImportCertificatesRefusesABodyTooLarge: the rows come in one body of
// at most the API's limit.
func TestImportCertificatesRefusesABodyTooLarge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	rows := make([]any, 0, 2000)
	for i := range cap(rows) {
		rows = append(rows, map[string]any{"email": "p" + strings.Repeat("x", 10) + time.Duration(i).String() + "@riverside.sch.uk",
			"fullName": "Pat", "centreNumber": "12345", "year": 2023, "dateCertified": "2024-07-15", "certificateNumber": "P"})
	}
	res := f.call(t, http.MethodPost, "/certificates/imports", ops, byEmail(operator), map[string]any{"rows": rows})
	assert.Equal(t, http.StatusBadRequest, res.status, "%s", res.body)
	certs, err := f.svc.MyCertificates(t.Context(), standards.Actor{Email: "pxxxxxxxxxx0s@riverside.sch.uk"})
	if err == nil {
		assert.Empty(t, certs)
	}
}
