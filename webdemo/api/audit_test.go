package api_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// trailLength is how many entries Riverside's audit trail holds.
func trailLength(t *testing.T, f *fixture) int {
	t.Helper()
	var n int
	require.NoError(t, f.store.View(t.Context(), func(tx standards.Tx) error {
		c, err := tx.CentreByNumber(t.Context(), "12345")
		if err != nil {
			return err
		}
		all, err := tx.AuditByCentre(t.Context(), c.ID, 0, 100000)
		n = len(all)
		return err
	}))
	return n
}

// TestTheAuditTrailIsPagedNewestFirst_RAUD1: an administrator reads the
// whole trail a page at a time, newest first, each entry once, the pages
// following the Service's own (by sequence number); changes made over the
// API name the host key.
func TestTheAuditTrailIsPagedNewestFirst_RAUD1(t *testing.T) {
	f := newFixture(t)
	renamed := f.call(t, http.MethodPost, "/centres/12345/rename", f.riverside, byEmail(admin), map[string]any{"name": "Riverside High"})
	require.Equal(t, http.StatusOK, renamed.status, "%s", renamed.body)

	var seqs []float64
	next, pages := "", 0
	for ; pages < 50; pages++ {
		path := "/centres/12345/audit?limit=3"
		if next != "" {
			path += "&cursor=" + url.QueryEscape(next)
		}
		res := f.call(t, http.MethodGet, path, f.riverside, byEmail(admin), nil)
		require.Equal(t, http.StatusOK, res.status, "%s", res.body)
		items := itemsOf(t, res)
		if pages == 0 {
			assert.Equal(t, "centre.rename", items[0]["action"])
			assert.Equal(t, "host key Riverside MIS", items[0]["via"])
			assert.Equal(t, admin.Email, items[0]["actor"])
		}
		for _, e := range items {
			seqs = append(seqs, e["seq"].(float64))
		}
		n, ok := res.json(t)["next"].(string)
		if !ok {
			break
		}
		assert.Len(t, items, 3, "only the last page is short")
		next = n
	}
	require.Len(t, seqs, trailLength(t, f), "every entry once")
	for i := 1; i < len(seqs); i++ {
		assert.Less(t, seqs[i], seqs[i-1], "newest first")
	}
}

// TestAFullLastPageOfTheTrailHasNoNext_RAUD1: at the Service's largest page
// (200) a page that ends the trail says so, and one that does not gives
// the cursor of the rest.
func TestAFullLastPageOfTheTrailHasNoNext_RAUD1(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.FindCentre(t.Context(), admin, "12345", year)
	require.NoError(t, err)
	for i := 0; trailLength(t, f) < standards.MaxPage; i++ {
		_, err := f.svc.RenameCentre(t.Context(), admin, c.ID, fmt.Sprintf("Riverside %d", i))
		require.NoError(t, err)
	}
	exact := f.call(t, http.MethodGet, "/centres/12345/audit?limit=200", f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, exact.status, "%s", exact.body)
	assert.Len(t, itemsOf(t, exact), standards.MaxPage)
	assert.NotContains(t, exact.json(t), "next", "the trail ends with this page")

	_, err = f.svc.RenameCentre(t.Context(), admin, c.ID, "Riverside again")
	require.NoError(t, err)
	more := f.call(t, http.MethodGet, "/centres/12345/audit?limit=200", f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, more.status)
	next, ok := more.json(t)["next"].(string)
	require.True(t, ok, "one entry more")
	last := f.call(t, http.MethodGet, "/centres/12345/audit?limit=200&cursor="+url.QueryEscape(next), f.riverside, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, last.status)
	assert.Len(t, itemsOf(t, last), 1)
	assert.Equal(t, "centre.register", itemsOf(t, last)[0]["action"], "the oldest")
}

// TestOnlyAdministratorsReadTheTrail_RAUD1: a senior leader is refused
// (403); a key that does not reach the centre finds nothing (404); a
// cursor this API did not write, or a limit out of range, is 422.
func TestOnlyAdministratorsReadTheTrail_RAUD1(t *testing.T) {
	f := newFixture(t)
	bySL := f.call(t, http.MethodGet, "/centres/12345/audit", f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusForbidden, bySL.status, "%s", bySL.body)
	outside := f.call(t, http.MethodGet, "/centres/12345/audit", f.hillside, byEmail(admin), nil)
	assert.Equal(t, http.StatusNotFound, outside.status, "%s", outside.body)
	stranger := f.call(t, http.MethodGet, "/centres/12345/audit", f.all, byEmail(other), nil)
	assert.Equal(t, http.StatusNotFound, stranger.status, "%s", stranger.body)

	for _, cursor := range []string{base64.RawURLEncoding.EncodeToString([]byte("abc")), base64.RawURLEncoding.EncodeToString([]byte("-4")), "%%%"} {
		bad := f.call(t, http.MethodGet, "/centres/12345/audit?cursor="+url.QueryEscape(cursor), f.riverside, byEmail(admin), nil)
		assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%q: %s", cursor, bad.body)
		assert.Contains(t, fieldCodes(t, bad), "cursor")
	}
	tooMany := f.call(t, http.MethodGet, "/centres/12345/audit?limit=201", f.riverside, byEmail(admin), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, tooMany.status, "%s", tooMany.body)
	assert.Contains(t, fieldCodes(t, tooMany), "limit")
}
