package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestPersonalDataExportYourOwn(t *testing.T) {
	_, sl, eo, cert, _ := claimedDemo(t)
	assert.Contains(t, eo.get("/").body, "Download your data")

	res := eo.post("/my-data", nil)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "application/json", res.header.Get("Content-Type"))
	assert.Contains(t, res.header.Get("Content-Disposition"), "attachment")
	var x standards.PersonExport
	require.NoError(t, json.Unmarshal([]byte(res.body), &x))
	assert.Equal(t, "exams@riverside.sch.uk", x.Person.Email)
	require.Len(t, x.Certificates, 1)
	assert.Equal(t, cert.Serial, x.Certificates[0].Serial)
	require.Len(t, x.Records, 1)
	assert.NotEmpty(t, x.Records[0].Targets)

	// Someone else's file is not theirs to find or download.
	assert.Equal(t, http.StatusNotFound, sl.get("/people").status)
	assert.Equal(t, http.StatusNotFound, sl.get("/people?email="+url.QueryEscape("exams@riverside.sch.uk")).status)
	assert.Equal(t, http.StatusNotFound, sl.post("/people/"+x.Person.ID+"/export", nil).status)
	assert.Equal(t, http.StatusNotFound, sl.post("/people/"+x.Person.ID+"/erase", url.Values{"confirm": {"yes"}}).status, "erasing is the operator's alone")
}

func TestPersonalDataOperatorExportsAndErases(t *testing.T) {
	d, _, eo, cert, _ := claimedDemo(t)
	op := d.signUp(operatorEmail, "Olive Operator")
	home := op.get("/").body
	assert.Contains(t, home, `href="/people"`, "the operator's menu offers the page")
	assert.Contains(t, home, "As the platform's operator", "the operator's home says what is theirs to do")
	assert.NotContains(t, home, `<h2 id="register-heading"`, "not the forms to register a centre, behind a link instead")

	page := op.get("/people?email=" + url.QueryEscape(" EXAMS@riverside.sch.uk "))
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, "Eve Officer")
	assert.Contains(t, page.body, "Erase this person")

	missing := op.get("/people?email=" + url.QueryEscape("nobody@nowhere.sch.uk"))
	assert.Equal(t, http.StatusNotFound, missing.status)
	assert.Contains(t, missing.body, "Nobody on the platform has the e-mail address nobody@nowhere.sch.uk")
	bad := op.get("/people?email=not-an-address")
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status)

	mine := eo.post("/my-data", nil)
	var x standards.PersonExport
	require.NoError(t, json.Unmarshal([]byte(mine.body), &x))
	exported := op.post("/people/"+x.Person.ID+"/export", nil)
	require.Equal(t, http.StatusOK, exported.status)
	assert.Contains(t, exported.body, cert.Serial)

	unconfirmed := op.post("/people/"+x.Person.ID+"/erase", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, unconfirmed.status)
	assert.Contains(t, unconfirmed.body, "Tick the box to confirm")
	// From the person's page (its form says whose), the page again with
	// the box marked, rather than a page of its own.
	unconfirmed = op.post("/people/"+x.Person.ID+"/erase", url.Values{"email": {x.Person.Email}})
	assert.Equal(t, http.StatusUnprocessableEntity, unconfirmed.status)
	assert.Contains(t, unconfirmed.body, `href="#erase-confirm"`)
	assert.Contains(t, unconfirmed.body, "Erase this person")
	assert.Contains(t, unconfirmed.body, "govuk-form-group--error")
	assert.Contains(t, d.browser().get("/verify?code="+url.QueryEscape(cert.VerificationCode)).body, "Eve Officer", "nothing erased without confirming")

	erased := op.post("/people/"+x.Person.ID+"/erase", url.Values{"confirm": {"yes"}})
	require.Equal(t, http.StatusOK, erased.status)
	assert.Equal(t, "/people", erased.url)
	assert.Contains(t, erased.body, "The person was erased")

	check := d.browser().get("/verify?code=" + url.QueryEscape(cert.VerificationCode))
	assert.NotContains(t, check.body, "Eve Officer")
	assert.Contains(t, check.body, "revoked")
	assert.Equal(t, http.StatusNotFound, op.get("/people?email="+url.QueryEscape("exams@riverside.sch.uk")).status, "the address is gone")
	assert.Equal(t, http.StatusConflict, op.post("/people/"+x.Person.ID+"/erase", url.Values{"confirm": {"yes"}}).status, "erased once only")
}
