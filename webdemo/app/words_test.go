package app_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestR_REG_12_RegisteringACentreThatExistsOffersToJoinIt: a centre is
// registered once a year (R-REG-1, R-REG-12); whoever tries to register it
// again is told so in a sentence, with no code of the library's in it, and
// offered to ask to join it instead, on a form with the centre's number,
// the year and their name filled in.
func TestR_REG_12_RegisteringACentreThatExistsOffersToJoinIt(t *testing.T) {
	d := newDemo(t)
	sl := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)

	other := d.signUp("olu@riverside.sch.uk", "Olu Other")
	res := other.post("/centres", registerForm("12345", "Riverside Again", "Olu Other", "EO"))
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Contains(t, res.body, "This centre is already registered")
	assert.Contains(t, res.body, "Centre 12345 is already registered for 2025/26, so it has an administrator already. Ask to join it instead")
	assert.NotContains(t, res.body, "conflict:")
	assert.NotContains(t, res.body, "clashes")
	join := "/find?centre_number=12345&year=2025-26"
	assert.Contains(t, res.body, `href="/find?centre_number=12345&amp;year=2025-26"`, "the offer links to the join form")
	assert.Contains(t, res.body, "Ask to join centre 12345 for 2025/26")

	res = other.get(join)
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Riverside Academy (12345)")
	assert.Contains(t, res.body, `<input type="hidden" name="centre_number" value="12345">`)
	assert.Contains(t, res.body, `<input type="hidden" name="year" value="2025/26">`)
	assert.Contains(t, res.body, `value="Olu Other"`, "their name is filled in")
	res = other.post("/join", url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {"12345"}, "full_name": {"Olu Other"}, "roles": {"EO"}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Contains(t, res.body, "Your request to join was sent.")

	// The administrator is told by name, with the roles in words.
	res = sl.get("/notifications")
	assert.Contains(t, res.body, "Olu Other asks to join 12345 Riverside Academy for 2025/26 as exams officer.")
	assert.NotContains(t, res.body, "olu@riverside.sch.uk")
}

// TestRecoveryCodesAreShownOnceAfterARedirect: switching two-factor
// sign-in on, and making new recovery codes, end on a page of their own
// (Post/Redirect/Get), which shows the codes once: reloaded, it says they
// were shown and how to make new ones, and shows none.
func TestRecoveryCodesAreShownOnceAfterARedirect(t *testing.T) {
	d := newTwoFactorDemo(t)
	b := d.signUp("ada@riverside.sch.uk", "Ada Lovelace")
	secret, codes := b.enrol() // which checks the page after the redirect shows them
	require.NotEmpty(t, codes)

	again := b.get("/account/security/recovery-codes")
	require.Equal(t, http.StatusOK, again.status)
	assert.Empty(t, recoveryOnPage.FindAllStringSubmatch(again.body, -1), "a reload shows no codes")
	assert.Contains(t, again.body, "Your recovery codes were shown once")
	assert.Equal(t, "no-store", again.header.Get("Cache-Control"))

	d.tick()
	res := b.post("/account/security/recovery-codes", url.Values{"code": {d.code(secret)}})
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, "/account/security/recovery-codes", res.url)
	assert.Len(t, recoveryOnPage.FindAllStringSubmatch(res.body, -1), len(codes), "the new ones, once")
	assert.NotContains(t, res.body, "Two-factor sign-in is on. From now on", "only switching it on says it is on")
}
