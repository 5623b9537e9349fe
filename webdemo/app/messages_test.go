package app_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/app"
)

// A host that passes its own catalogue (WithMessages) sees the library's
// field messages and refusals in its words on the app's pages; without
// one, the pages keep the library's English.
func TestWithMessagesWordsTheLibrarysErrors(t *testing.T) {
	welsh := standards.English()
	welsh["field.invalid_format"] = "ysgrifennwch hwn fel {{.example}}"
	welsh["reason.centre_already_registered"] = "mae canolfan {{.centre_number}} eisoes wedi cofrestru ar gyfer {{.year}}"
	d := newDemo(t, app.WithMessages(welsh))
	sl := d.signUp("head@riverside.sch.uk", "Sam Senior")

	res := sl.post("/centres", registerForm("12 34", "Somewhere", "Sam Senior", "SL"))
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "ysgrifennwch hwn fel 12345")
	assert.NotContains(t, res.body, "a centre number is five digits")

	require.Equal(t, http.StatusOK, sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	other := d.signUp("other@riverside.sch.uk", "Olu Other")
	res = other.post("/centres", registerForm("12345", "Riverside Again", "Olu Other", "SL"))
	assert.Equal(t, http.StatusConflict, res.status)
	assert.Contains(t, res.body, "mae canolfan 12345 eisoes wedi cofrestru ar gyfer 2025/26")
}
