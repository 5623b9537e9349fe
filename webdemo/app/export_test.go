package app_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/credential"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// claimedDemo is a demo whose exams officer holds a certificate, issuing
// credentials with a fixed key.
func claimedDemo(t *testing.T, opts ...app.Option) (d *demo, sl, eo *browser, cert standards.Certificate, pub ed25519.PublicKey) {
	t.Helper()
	d = &demo{t: t, now: time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC), mail: &inbox{}}
	clock := func() time.Time { return d.now }
	d.svc = standards.New(memory.New(), standards.WithClock(d.serviceClock))
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	h := app.New(d.svc, append([]app.Option{app.WithClock(clock), app.WithAccounts(accounts.New(accounts.NewMemoryStore()), operatorEmail),
		app.WithTwoFactorForAdmins(false), // as in newDemo
		app.WithMailer(d.mail), app.WithBackground(d.mail.later),
		app.WithCredentials(credential.Issuer{ID: "https://eops.example/issuer", Name: "NAEO", Key: key, KeyID: "https://eops.example/.well-known/eops-credential-key.json"}),
		app.WithLogger(slog.New(slog.NewTextHandler(testLog{t}, nil)))}, opts...)...)
	d.srv = httptest.NewServer(h)
	t.Cleanup(d.srv.Close)

	sl = d.signUp("head@riverside.sch.uk", "Sam Senior")
	eo = d.signUp("exams@riverside.sch.uk", "Eve Officer")
	ctx := context.Background()
	slReg, err := d.svc.RegisterCentre(ctx, sl.a, standards.CentreRegistration{Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Sam Senior", Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	eoReg, err := d.svc.RegisterColleague(ctx, sl.a, standards.Colleague{CentreID: slReg.CentreID, Year: 2025, Email: eo.a.Email, FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	_, err = d.svc.AssignOverseer(ctx, sl.a, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: slReg.ID})
	require.NoError(t, err)
	record := d.member(sl.a, slReg.CentreID, eo.a.Email).RecordID
	targets, _, err := d.svc.ApplyTemplate(ctx, sl.a, record, "experienced-eo")
	require.NoError(t, err)
	var updates []standards.TargetUpdate
	for _, tg := range targets {
		_, err = d.svc.AgreeTarget(ctx, eo.a, tg.ID)
		require.NoError(t, err)
		updates = append(updates, standards.TargetUpdate{TargetID: tg.ID, State: standards.TargetAchieved})
	}
	_, err = d.svc.SignStatement(ctx, eo.a, record)
	require.NoError(t, err)
	_, err = d.svc.CountersignStatement(ctx, sl.a, record)
	require.NoError(t, err)
	_, err = d.svc.RecordMeeting(ctx, sl.a, record, standards.MeetingInput{Kind: standards.MeetingFinalReview, Date: d.now, Attendees: []string{eoReg.ID, slReg.ID}, Updates: updates})
	require.NoError(t, err)
	cert, err = d.svc.Claim(ctx, sl.a, record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	require.NoError(t, err)
	return d, sl, eo, cert, key.Public().(ed25519.PublicKey)
}

func TestCertificateDownloads(t *testing.T) {
	d, _, eo, cert, pub := claimedDemo(t, app.WithPublicURL("https://eops.example"))
	page := eo.get("/certificates/" + cert.ID)
	assert.Contains(t, page.body, "Download the certificate as a PDF")
	assert.Contains(t, page.body, "Download it as a signed credential")

	pdf := eo.get("/certificates/" + cert.ID + "/certificate.pdf")
	require.Equal(t, http.StatusOK, pdf.status)
	assert.Equal(t, "application/pdf", pdf.header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(pdf.body, "%PDF-"))
	assert.Contains(t, pdf.body, cert.Serial)

	// The page says what the credential is and how to check it, and it
	// downloads with the holder's name and year, not a bare serial.
	assert.Contains(t, page.body, "that Eve Officer achieved the Standards in 2025/26")
	assert.Contains(t, page.body, `href="/verify?code=`+cert.VerificationCode+`"`)
	token := eo.get("/certificates/" + cert.ID + "/credential.jwt")
	require.Equal(t, http.StatusOK, token.status)
	assert.Equal(t, `attachment; filename="eops-certificate-eve-officer-2025-26.jwt"`, token.header.Get("Content-Disposition"))
	claims, err := credential.Verify(token.body, pub)
	require.NoError(t, err, "the credential checks out with only the public key")
	raw, err := json.Marshal(claims)
	require.NoError(t, err)
	assert.Contains(t, string(raw), "Eve Officer")
	assert.Contains(t, string(raw), url.QueryEscape(cert.VerificationCode))

	// The public key is published, as a JWK, for anyone to check with.
	key := d.browser().get("/.well-known/eops-credential-key.json")
	require.Equal(t, http.StatusOK, key.status)
	var jwk struct{ Kty, Crv, X string }
	require.NoError(t, json.Unmarshal([]byte(key.body), &jwk))
	assert.Equal(t, "OKP", jwk.Kty)
	x, err := base64.RawURLEncoding.DecodeString(jwk.X)
	require.NoError(t, err)
	assert.Equal(t, []byte(pub), x)

	// Someone else's certificate is not there to download.
	other := d.signUp("someone@hillside.sch.uk", "Olu Other")
	assert.Equal(t, http.StatusNotFound, other.get("/certificates/"+cert.ID+"/certificate.pdf").status)
	assert.Equal(t, http.StatusNotFound, other.get("/certificates/"+cert.ID+"/credential.jwt").status)
}

// TestForgedHostIsNotSigned: the verification address in the credential
// the operator signs, and in the PDFs, is the configured public address,
// whatever Host and X-Forwarded-Host the request brings (issue 18, item 7).
func TestForgedHostIsNotSigned(t *testing.T) {
	t.Parallel()
	const public = "https://standards.example.org"
	_, _, eo, cert, pub := claimedDemo(t, app.WithPublicURL(public+"/"))
	want := public + "/verify?code=" + url.QueryEscape(cert.VerificationCode)

	token := eo.forged("/certificates/" + cert.ID + "/credential.jwt")
	require.Equal(t, http.StatusOK, token.status, token.body)
	claims, err := credential.Verify(token.body, pub)
	require.NoError(t, err)
	raw, err := json.Marshal(claims)
	require.NoError(t, err)
	assert.Contains(t, string(raw), want)
	assert.NotContains(t, string(raw), "evil.example")

	for _, path := range []string{"/certificates/" + cert.ID + "/certificate.pdf", "/records/" + cert.RecordID + "/record.pdf"} {
		pdf := eo.forged(path)
		require.Equal(t, http.StatusOK, pdf.status, path)
		assert.Contains(t, pdf.body, want, path)
		assert.NotContains(t, pdf.body, "evil.example", path)
	}
}

// forged gets path as b with a Host header of the attacker's choosing
// (and X-Forwarded-Host and -Proto), as a client may send, with b's
// session cookie (the jar would look the cookies up by the forged host).
func (b *browser) forged(path string) response {
	b.d.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.d.srv.URL+path, nil)
	require.NoError(b.d.t, err)
	for _, c := range b.c.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err := http.DefaultClient.Do(req)
	require.NoError(b.d.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(b.d.t, err)
	require.Equal(b.d.t, "evil.example", res.Request.Host, "the Host sent")
	return response{status: res.StatusCode, body: string(body), header: res.Header, url: res.Request.URL.Path, final: res.Request.URL.String()}
}

// TestNoPublicURLNoHostFromTheRequest: without WithPublicURL, a forged
// Host still reaches no document: the PDF prints a path and the credential
// has a urn:uuid for its id.
func TestNoPublicURLNoHostFromTheRequest(t *testing.T) {
	t.Parallel()
	_, _, eo, cert, pub := claimedDemo(t)
	token := eo.forged("/certificates/" + cert.ID + "/credential.jwt")
	require.Equal(t, http.StatusOK, token.status, token.body)
	claims, err := credential.Verify(token.body, pub)
	require.NoError(t, err)
	raw, err := json.Marshal(claims)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "evil.example")
	pdf := eo.forged("/certificates/" + cert.ID + "/certificate.pdf")
	require.Equal(t, http.StatusOK, pdf.status)
	assert.NotContains(t, pdf.body, "evil.example")
	assert.Contains(t, pdf.body, "/verify?code="+url.QueryEscape(cert.VerificationCode))
}

func TestR_CRT_4_RecordPDFForTheExamsManual(t *testing.T) {
	d, sl, eo, cert, _ := claimedDemo(t)
	assert.Contains(t, eo.get("/records/"+cert.RecordID).body, "/record.pdf")
	assert.Contains(t, eo.get("/certificates/"+cert.ID).body, "Download the record with this certificate as one PDF")

	for _, who := range []*browser{eo, sl} {
		res := who.get("/records/" + cert.RecordID + "/record.pdf")
		require.Equal(t, http.StatusOK, res.status, res.body)
		assert.Equal(t, "application/pdf", res.header.Get("Content-Type"))
		assert.Equal(t, `attachment; filename="record-12345-2025-26-eve-officer.pdf"`, res.header.Get("Content-Disposition"))
		assert.Contains(t, res.body, "(Standards record 2025/26)Tj", "the record")
		assert.Contains(t, res.body, "("+cert.Serial+")Tj", "with its certificate")
	}
	other := d.signUp("someone@hillside.sch.uk", "Olu Other")
	assert.Equal(t, http.StatusNotFound, other.get("/records/"+cert.RecordID+"/record.pdf").status)
}

func TestNoCredentialsWithoutAKey(t *testing.T) {
	d := newDemo(t)
	assert.Equal(t, http.StatusNotFound, d.browser().get("/.well-known/eops-credential-key.json").status)
}

func TestDashboardCSV(t *testing.T) {
	d, sl, eo, centreID, _ := centreWithEO(t)
	// A name a spreadsheet would take for a formula is written as text.
	_, err := d.svc.RegisterColleague(context.Background(), sl.a, standards.Colleague{
		CentreID: centreID, Year: 2025, Email: "formula@riverside.sch.uk", FullName: "=HYPERLINK(\"x\")", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	res := sl.get("/centres/" + centreID + "/2025-26/dashboard.csv")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.True(t, strings.HasPrefix(res.header.Get("Content-Type"), "text/csv"))
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, "exams officer", rows[0][0])
	assert.Equal(t, "Eve Officer", rows[1][0])
	assert.Equal(t, `'=HYPERLINK("x")`, rows[2][0])
	assert.Contains(t, rows[2][6], "no senior leader or line manager oversees")
	assert.Equal(t, http.StatusForbidden, eo.get("/centres/"+centreID+"/2025-26/dashboard.csv").status)
}

// TestDashboardCSVShowsTitlesAsTyped: a flag's message names a target by
// its title as its owner typed it, quotes and all, not Go-quoted with
// backslashes; a title that reads as a formula stays text.
func TestDashboardCSVShowsTitlesAsTyped(t *testing.T) {
	d, sl, _, centreID, record := centreWithEO(t)
	ctx := context.Background()
	due := time.Date(2025, time.October, 1, 0, 0, 0, 0, time.UTC)
	_, _, err := d.svc.ProposeTarget(ctx, sl.a, record, standards.TargetInput{Area: standards.AreaKnowledge, Title: `"Quoted" \ entries, and more`, Due: due})
	require.NoError(t, err)
	d.now = time.Date(2025, time.October, 20, 9, 0, 0, 0, time.UTC)
	res := sl.get("/centres/" + centreID + "/2025-26/dashboard.csv")
	require.Equal(t, http.StatusOK, res.status, res.body)
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Contains(t, rows[1][6], `""Quoted" \ entries, and more" was due on 1 October 2025`)
	assert.NotContains(t, rows[1][6], `\"`)
}

func TestTrustAndNationalFigures(t *testing.T) {
	d, sl, eo, cert, _ := claimedDemo(t)
	ctx := context.Background()
	ops := standards.Actor{Email: operatorEmail, Operator: true}
	trust, err := d.svc.CreateTrust(ctx, ops, "Valley Learning Trust")
	require.NoError(t, err)
	_, err = d.svc.AppointTrustLead(ctx, ops, trust.ID, "lead@valley.org.uk", "Lou Lead")
	require.NoError(t, err)
	mine, err := d.svc.MyRegistrations(ctx, sl.a)
	require.NoError(t, err)
	req, err := d.svc.AskToJoinTrust(ctx, sl.a, trust.ID, mine[0].Centre.ID)
	require.NoError(t, err)
	_, err = d.svc.AcceptTrustRequest(ctx, standards.Actor{Email: "lead@valley.org.uk"}, req.ID)
	require.NoError(t, err)

	lead := d.signUp("lead@valley.org.uk", "Lou Lead")
	home := lead.get("/")
	assert.Contains(t, home.body, `href="/trusts/`+trust.ID+`/2025-26"`)
	page := lead.get("/trusts/" + trust.ID + "/2025-26")
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, "Riverside Academy (12345)")
	assert.Contains(t, page.body, `href="/trusts/`+trust.ID+`/2024-25"`, "the year before is a link away")
	centrePage := "/centres/" + mine[0].Centre.ID + "/2025-26"
	assert.Contains(t, page.body, `href="`+centrePage+`"`, "each registered centre leads to its page")
	assert.Equal(t, http.StatusOK, lead.get(centrePage).status, "which the trust's lead may read")
	assert.Contains(t, page.body, `<svg role="img" aria-label="Certified exams officers by centre"`)
	assert.NotContains(t, page.body, "Eve Officer", "a trust lead sees counts, not people")
	csvRes := lead.get("/trusts/" + trust.ID + "/2025-26/dashboard.csv")
	require.Equal(t, http.StatusOK, csvRes.status)
	rows, err := csv.NewReader(strings.NewReader(csvRes.body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, []string{"12345", "Riverside Academy", "true", "1", "1", "1", "1", "1", "0"}, rows[1])
	assert.Equal(t, http.StatusNotFound, eo.get("/trusts/"+trust.ID+"/2025-26").status)

	// The operator's national figures, as a chart, a table and a CSV.
	operator := d.signUp(operatorEmail, "Ops")
	res := operator.get("/national")
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Equal(t, "/national/2025-26", res.url)
	assert.Contains(t, res.body, "<strong>1</strong> certified")
	assert.Contains(t, res.body, `aria-label="Certificates issued each month"`)
	assert.Contains(t, res.body, `href="/national/2024-25"`, "the year before is a link away")
	assert.NotContains(t, res.body, `href="/national/2026-27"`, "no year after this one")
	figures := operator.get("/national/2025-26/figures.csv")
	assert.Contains(t, figures.body, "2025-09,1,1,1")
	assert.Equal(t, http.StatusForbidden, sl.get("/national/2025-26").status)

	// Past a dozen centres on the page, the chart would be a band of
	// unreadable labels: the table alone says it.
	for i := range 12 {
		head := standards.Actor{Email: fmt.Sprintf("head@c%d.sch.uk", i), Name: "Head"}
		reg, err := d.svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: 2025,
			CentreNumber: standards.CentreNumber(fmt.Sprint(20000 + i)), CentreName: fmt.Sprint("Centre ", i), FullName: "Head", Roles: standards.Roles{standards.RoleSL}})
		require.NoError(t, err)
		req, err := d.svc.AskToJoinTrust(ctx, head, trust.ID, reg.CentreID)
		require.NoError(t, err)
		_, err = d.svc.AcceptTrustRequest(ctx, standards.Actor{Email: "lead@valley.org.uk"}, req.ID)
		require.NoError(t, err)
	}
	page = lead.get("/trusts/" + trust.ID + "/2025-26")
	require.Equal(t, http.StatusOK, page.status, page.body)
	assert.Contains(t, page.body, "Centre 11 (20011)")
	assert.NotContains(t, page.body, "<svg", "thirteen centres are no chart")
	_ = cert
}

func TestHomeListsOnesCertificates(t *testing.T) {
	_, _, eo, cert, _ := claimedDemo(t)
	home := eo.get("/")
	assert.Contains(t, home.body, "Your certificates, from every centre and year")
	assert.Contains(t, home.body, `href="/certificates/`+cert.ID+`">`+cert.Serial+`</a>`)
}

func TestCarryForwardFromThePage(t *testing.T) {
	_, _, eo, _, record := centreWithEO(t)
	// With no earlier record there is nothing to carry: a readable 404.
	res := eo.post("/records/"+record+"/carry-forward", nil)
	assert.Equal(t, http.StatusNotFound, res.status)
	assert.Contains(t, res.body, "No earlier standards record")
}

// TestNoCacheKeepsWhatTheAppAnswers: every page and download the app
// makes (signed-in pages and their fragments, the PDFs, the CSV, the
// credential, a person's data export, sign-in's own page) says
// Cache-Control: no-store; only the static files and the public key, the
// same for everyone, may be kept (issue 18, item 9).
func TestNoCacheKeepsWhatTheAppAnswers(t *testing.T) {
	t.Parallel()
	d, sl, eo, cert, _ := claimedDemo(t, app.WithPublicURL("http://127.0.0.1"))
	centre := "/centres/" + cert.CentreID + "/2025-26"
	for name, res := range map[string]response{
		"home, signed in":     eo.get("/"),
		"record page":         eo.get("/records/" + cert.RecordID),
		"record, as fragment": eo.get("/records/"+cert.RecordID, "HX-Request", "true"),
		"centre page":         sl.get(centre),
		"certificate page":    eo.get("/certificates/" + cert.ID),
		"certificate PDF":     eo.get("/certificates/" + cert.ID + "/certificate.pdf"),
		"record PDF":          eo.get("/records/" + cert.RecordID + "/record.pdf"),
		"credential":          eo.get("/certificates/" + cert.ID + "/credential.jwt"),
		"dashboard CSV":       sl.get(centre + "/dashboard.csv"),
		"my data":             eo.post("/my-data", nil),
		"sign-in page":        d.browser().get("/signin"),
		"verify page":         d.browser().get("/verify?code=" + url.QueryEscape(cert.VerificationCode)),
		"a problem":           eo.get("/records/no-such-record"),
	} {
		require.Less(t, res.status, 500, name)
		assert.Equal(t, "no-store", res.header.Get("Cache-Control"), "%s (%d)", name, res.status)
		assert.Empty(t, res.header.Get("Strict-Transport-Security"), "%s: plain HTTP, public address http://", name)
	}
	assert.Equal(t, "public, max-age=3600", d.browser().get("/static/site.css").header.Get("Cache-Control"))
	assert.Equal(t, "public, max-age=3600", d.browser().get("/.well-known/eops-credential-key.json").header.Get("Cache-Control"))
}

// TestStrictTransportSecurity: HSTS is sent when the request came over TLS,
// or when the configured public address is https (a proxy ends TLS); not
// over plain HTTP to an app whose address is http:// (issue 18, item 9).
func TestStrictTransportSecurity(t *testing.T) {
	t.Parallel()
	get := func(h http.Handler, tls bool) http.Header {
		target := "http://standards.example.org/"
		if tls {
			target = "https://standards.example.org/" // sets req.TLS
		}
		req := httptest.NewRequest(http.MethodGet, target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Header()
	}
	plain := app.New(standards.New(memory.New()))
	behindProxy := app.New(standards.New(memory.New()), app.WithPublicURL("https://standards.example.org"))
	assert.Empty(t, get(plain, false).Get("Strict-Transport-Security"), "plain HTTP")
	assert.Equal(t, "max-age=31536000", get(plain, true).Get("Strict-Transport-Security"), "over TLS")
	assert.Equal(t, "max-age=31536000", get(behindProxy, false).Get("Strict-Transport-Security"), "public address https://")
}

// TestAFirstYearIsNotOfferedCarryForward: the tracker of an exams officer
// in their first year offers nothing to carry forward (R-TGT-6), where it
// offered a button answered "not found".
func TestAFirstYearIsNotOfferedCarryForward(t *testing.T) {
	_, _, eo, _, record := centreWithEO(t)
	res := eo.get("/records/" + record)
	require.Equal(t, http.StatusOK, res.status)
	assert.NotContains(t, res.body, "/carry-forward")
	assert.NotContains(t, res.body, "Carry targets forward")
}
