package api_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api"
)

// operatorKey issues an operator key (R-TRU-3: the host says who the
// operator is, here by the key) and returns its secret.
func (f *fixture) operatorKey(t *testing.T) string {
	t.Helper()
	_, secret, err := f.svc.IssueHostKey(t.Context(), operator, standards.HostKeyRequest{Name: "Ops tools", Operator: true,
		AllCentres: true, ExpiresAt: f.clock.Add(standards.MaxOperatorKeyLife)})
	require.NoError(t, err)
	return secret
}

// registrationOf is the id of who's registration at Riverside.
func (f *fixture) registrationOf(t *testing.T, who standards.Actor) string {
	t.Helper()
	mine, err := f.svc.MyRegistrations(t.Context(), who)
	require.NoError(t, err)
	require.NotEmpty(t, mine)
	return mine[0].Registration.ID
}

func (f *fixture) personOf(t *testing.T, who standards.Actor) string {
	t.Helper()
	p, err := f.svc.Me(t.Context(), who)
	require.NoError(t, err)
	return p.ID
}

// statusOf is the status the API answers for the library's refusal err.
func statusOf(t *testing.T, err error) (int, string) {
	t.Helper()
	switch {
	case errors.Is(err, standards.ErrForbidden):
		return http.StatusForbidden, "forbidden"
	case errors.Is(err, standards.ErrNotFound):
		return http.StatusNotFound, "not_found"
	}
	t.Fatalf("the library did not refuse a non-operator as expected: %v", err)
	return 0, ""
}

// operatorCase is one of the operator's acts over HTTP.
type operatorCase struct {
	method string
	// path and body are the call, on the fixture as prepare left it.
	path func(f *fixture, t *testing.T) string
	body any
	// library makes the same call of the Service as a, who is not the
	// operator: the answer an ordinary key must get.
	library func(f *fixture, t *testing.T, a standards.Actor) error
	// nobodys is the path with an id nobody has, or "": through an
	// ordinary key it must be answered as the real one, no hint given.
	nobodys string
	status  int
	check   func(t *testing.T, f *fixture, res response)
}

var operatorCases = map[string]operatorCase{
	"removeMember": {method: http.MethodPost, body: map[string]any{"reason": "Left in July"},
		path: func(f *fixture, t *testing.T) string {
			return "/centres/12345/registrations/" + f.registrationOf(t, eo) + "/remove"
		},
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.RemoveMember(t.Context(), a, f.registrationOf(t, eo), "Left in July")
			return err
		},
		nobodys: "/centres/12345/registrations/01nosuchregistration00000/remove",
		status:  http.StatusOK,
		check: func(t *testing.T, f *fixture, res response) {
			assert.Equal(t, "left", res.json(t)["status"])
		}},
	"appointAdmin": {method: http.MethodPost,
		path: func(f *fixture, t *testing.T) string {
			// Riverside loses its only admin (R-REG-9), so the operator may
			// appoint one.
			_, err := f.svc.RemoveMember(t.Context(), operator, f.registrationOf(t, admin), "left the school")
			require.NoError(t, err)
			return "/centres/12345/registrations/" + f.registrationOf(t, sl) + "/appoint-admin"
		},
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.AppointAdmin(t.Context(), a, f.registrationOf(t, sl))
			return err
		},
		nobodys: "/centres/12345/registrations/01nosuchregistration00000/appoint-admin",
		status:  http.StatusOK,
		check: func(t *testing.T, f *fixture, res response) {
			assert.Equal(t, true, res.json(t)["admin"])
		}},
	"getPlatformTrail": {method: http.MethodGet,
		path: func(*fixture, *testing.T) string { return "/audit?limit=2" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.PlatformTrail(t.Context(), a, 0, 2)
			return err
		},
		status: http.StatusOK,
		check: func(t *testing.T, f *fixture, res response) {
			page := res.json(t)
			items := page["items"].([]any)
			require.Len(t, items, 2)
			newest := items[0].(map[string]any)
			assert.Equal(t, "hostkey.issue", newest["action"], "the operator key's own issue is the newest entry")
			assert.Contains(t, newest["summary"], "operator key")
			assert.NotEmpty(t, page["next"])
		}},
	"publishStatement": {method: http.MethodPost, body: map[string]any{"text": "As an exams officer I act with integrity."},
		path: func(*fixture, *testing.T) string { return "/statements/2025" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.PublishStatement(t.Context(), a, year, "As an exams officer I act with integrity.")
			return err
		},
		status: http.StatusCreated,
		check: func(t *testing.T, f *fixture, res response) {
			assert.EqualValues(t, 1, res.json(t)["version"])
			st, err := f.svc.CurrentStatement(t.Context(), year)
			require.NoError(t, err)
			assert.Equal(t, "As an exams officer I act with integrity.", st.Text)
		}},
	"revokeCertificate": {method: http.MethodPost, body: map[string]any{"reason": "Issued in error"},
		path: func(f *fixture, t *testing.T) string { return "/certificates/" + f.importedCertificate(t) + "/revoke" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.RevokeCertificate(t.Context(), a, f.importedCertificate(t), "Issued in error")
			return err
		},
		nobodys: "/certificates/01nosuchcertificate000000/revoke",
		status:  http.StatusOK,
		check: func(t *testing.T, f *fixture, res response) {
			assert.Equal(t, true, res.json(t)["revoked"])
			assert.Equal(t, "Issued in error", res.json(t)["revokeReason"])
		}},
	"importCertificates": {method: http.MethodPost, body: map[string]any{"rows": []any{
		map[string]any{"email": "eo@riverside.sch.uk", "fullName": "Eve Officer", "centreNumber": "12345", "year": 2023,
			"dateCertified": "2024-07-15", "certificateNumber": "EO-2023-0042"},
		map[string]any{"email": "not-an-address", "fullName": "Nobody", "centreNumber": "12345", "year": 2023,
			"dateCertified": "2024-07-15", "certificateNumber": "EO-2023-0043"},
	}},
		path: func(*fixture, *testing.T) string { return "/certificates/imports" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.ImportCertificates(t.Context(), a, strings.NewReader("eo@riverside.sch.uk,Eve Officer,12345,2023/24,2024-07-15,EO-2023-0042\n"), nil)
			return err
		},
		status: http.StatusOK,
		check: func(t *testing.T, f *fixture, res response) {
			outcomes := res.json(t)["outcomes"].([]any)
			require.Len(t, outcomes, 2)
			first, second := outcomes[0].(map[string]any), outcomes[1].(map[string]any)
			assert.Equal(t, "imported", first["status"])
			assert.EqualValues(t, 1, first["line"])
			assert.Equal(t, "EO-2023-0042", first["certificateNumber"])
			assert.Equal(t, "invalid", second["status"])
			problem := second["problem"].(map[string]any)
			assert.Equal(t, "email", problem["errors"].([]any)[0].(map[string]any)["field"], "a row's field is named as the body names it")
			certs, err := f.svc.MyCertificates(t.Context(), eo)
			require.NoError(t, err)
			require.Len(t, certs, 1)
			assert.Equal(t, standards.AcademicYear(2023), certs[0].Year)
		}},
	"createTrust": {method: http.MethodPost, body: map[string]any{"name": "Northern Schools Trust"},
		path: func(*fixture, *testing.T) string { return "/trusts" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.CreateTrust(t.Context(), a, "Northern Schools Trust")
			return err
		},
		status: http.StatusCreated,
		check: func(t *testing.T, f *fixture, res response) {
			assert.Equal(t, "Northern Schools Trust", res.json(t)["name"])
		}},
	"appointTrustLead": {method: http.MethodPost, body: map[string]any{"email": "lead@northern.example", "fullName": "Lena Lead"},
		path: func(f *fixture, t *testing.T) string { return "/trusts/" + f.trust(t) + "/leads" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.AppointTrustLead(t.Context(), a, f.trust(t), "lead@northern.example", "Lena Lead")
			return err
		},
		nobodys: "/trusts/01nosuchtrust000000000000/leads",
		status:  http.StatusCreated,
		check: func(t *testing.T, f *fixture, res response) {
			led, err := f.svc.TrustsLed(t.Context(), standards.Actor{Email: "lead@northern.example"})
			require.NoError(t, err)
			require.Len(t, led, 1)
			assert.Equal(t, led[0].ID, res.json(t)["trustId"])
		}},
	"removeTrustLead": {method: http.MethodDelete,
		path: func(f *fixture, t *testing.T) string {
			trust := f.trust(t)
			l, err := f.svc.AppointTrustLead(t.Context(), operator, trust, "lead@northern.example", "Lena Lead")
			require.NoError(t, err)
			return "/trusts/" + trust + "/leads/" + l.PersonID
		},
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			return f.svc.RemoveTrustLead(t.Context(), a, f.trust(t), f.personOf(t, standards.Actor{Email: "lead@northern.example"}))
		},
		nobodys: "/trusts/01nosuchtrust000000000000/leads/01nosuchperson00000000000",
		status:  http.StatusNoContent,
		check: func(t *testing.T, f *fixture, res response) {
			led, err := f.svc.TrustsLed(t.Context(), standards.Actor{Email: "lead@northern.example"})
			require.NoError(t, err)
			assert.Empty(t, led)
		}},
	"getNationalFigures": {method: http.MethodGet,
		path: func(*fixture, *testing.T) string { return "/figures/2025" },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			_, err := f.svc.NationalFigures(t.Context(), a, year)
			return err
		},
		status: http.StatusOK,
		check: func(t *testing.T, f *fixture, res response) {
			figures := res.json(t)
			assert.EqualValues(t, 2, figures["centresRegistered"])
			assert.Equal(t, "2025/26", figures["yearLabel"])
			months := figures["months"].([]any)
			require.Len(t, months, 12)
			assert.Equal(t, "2025-09-01", months[0].(map[string]any)["month"])
		}},
	"erasePerson": {method: http.MethodDelete,
		path: func(f *fixture, t *testing.T) string { return "/people/" + f.personOf(t, other) },
		library: func(f *fixture, t *testing.T, a standards.Actor) error {
			return f.svc.ErasePerson(t.Context(), a, f.personOf(t, other))
		},
		nobodys: "/people/01nosuchperson00000000000",
		status:  http.StatusNoContent,
		check: func(t *testing.T, f *fixture, res response) {
			_, err := f.svc.Me(t.Context(), other)
			assert.Error(t, err, "nobody is known by the erased address")
		}},
}

// importedCertificate is the id of a certificate of the exams officer's,
// imported from an earlier platform (made once).
func (f *fixture) importedCertificate(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	certs, err := f.svc.MyCertificates(ctx, eo)
	require.NoError(t, err)
	if len(certs) == 0 {
		_, err = f.svc.ImportCertificates(ctx, operator, strings.NewReader("eo@riverside.sch.uk,Eve Officer,12345,2023/24,2024-07-15,EO-2023-0042\n"), nil)
		require.NoError(t, err)
		certs, err = f.svc.MyCertificates(ctx, eo)
		require.NoError(t, err)
	}
	require.Len(t, certs, 1)
	return certs[0].ID
}

// trust is the id of the Northern Schools Trust (made once).
func (f *fixture) trust(t *testing.T) string {
	t.Helper()
	var id string
	require.NoError(t, f.store.View(t.Context(), func(tx standards.Tx) error {
		trusts, err := tx.Trusts(t.Context())
		if len(trusts) > 0 {
			id = trusts[0].ID
		}
		return err
	}))
	if id == "" {
		tr, err := f.svc.CreateTrust(t.Context(), operator, "Northern Schools Trust")
		require.NoError(t, err)
		id = tr.ID
	}
	return id
}

// TestR_TRU_3_AnOperatorKeyActsAsTheOperator: each of the operator's acts
// is over HTTP through an operator key, naming the operator; through an
// ordinary key, naming the same person, it is answered exactly as the
// library answers someone who is not the operator (R-TRU-3: only the host
// makes an actor the operator, here by the key it issued), and with the
// same answer for an id nobody has: no hint of what exists. Nothing is
// changed by the refused call.
func TestR_TRU_3_AnOperatorKeyActsAsTheOperator(t *testing.T) {
	t.Parallel()
	require.Len(t, operatorCases, 11)
	for name, c := range operatorCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ops := f.operatorKey(t)
			path := c.path(f, t)

			wantStatus, wantCode := statusOf(t, c.library(f, t, standards.Actor{Email: operator.Email}))
			for _, key := range []string{f.all, f.riverside} {
				before := f.snapshot(t)
				res := f.call(t, c.method, path, key, byEmail(operator), c.body)
				assert.Equal(t, wantStatus, res.status, "an ordinary key never acts as the operator: %s", res.body)
				assert.Equal(t, wantCode, res.json(t)["code"])
				assert.Equal(t, before, f.snapshot(t), "a refused call changes nothing")
				if c.nobodys != "" {
					none := f.call(t, c.method, c.nobodys, key, byEmail(operator), c.body)
					assert.Equal(t, string(res.body), string(none.body), "the same answer for an id nobody has")
				}
			}

			res := f.call(t, c.method, path, ops, byEmail(operator), c.body)
			require.Equal(t, c.status, res.status, "%s", res.body)
			c.check(t, f, res)
		})
	}
}

// snapshot is what the store holds that the operator's acts change: the
// platform's trail and Riverside's, as the operator reads them.
func (f *fixture) snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	platform, err := f.svc.PlatformTrail(t.Context(), operator, 0, standards.MaxPage)
	require.NoError(t, err)
	for _, e := range append(platform, entriesOf(t, f)...) {
		b.WriteString(e.Action + " " + e.Subject + " " + e.Summary + "\n")
	}
	return b.String()
}

// TestAnOperatorKeysCallsAreAuditedAsTheOperatorThroughTheKey: the trail
// names the person, the operator right and the key.
func TestAnOperatorKeysCallsAreAuditedAsTheOperatorThroughTheKey(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	res := f.call(t, http.MethodPost, "/trusts", ops, byEmail(operator), map[string]any{"name": "Northern Schools Trust"})
	require.Equal(t, http.StatusCreated, res.status, "%s", res.body)
	trail, err := f.svc.PlatformTrail(t.Context(), operator, 0, 1)
	require.NoError(t, err)
	require.Len(t, trail, 1)
	assert.Equal(t, "trust.create", trail[0].Action)
	assert.Equal(t, operator.Email, trail[0].Actor)
	assert.True(t, trail[0].Operator)
	assert.Equal(t, "host key Ops tools", trail[0].Via)
}

// TestAnOperatorKeyIsRefusedOnceItExpires: an operator key lasts at most
// 90 days, and is refused after, as every expired key is.
func TestAnOperatorKeyIsRefusedOnceItExpires(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	*f.clock = f.clock.Add(standards.MaxOperatorKeyLife + time.Second)
	res := f.call(t, http.MethodGet, "/figures/2025", ops, byEmail(operator), nil)
	assert.Equal(t, http.StatusUnauthorized, res.status)
}

// TestAnOperatorKeyManagesOnlyItsOwnWebhooks: an operator key's webhook
// endpoints are its own, as any key's are; it never manages the
// operator's or another key's (standards.Actor.HostKeyID).
func TestAnOperatorKeyManagesOnlyItsOwnWebhooks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	_, _, err := f.svc.RegisterWebhookEndpoint(t.Context(), operator, standards.WebhookEndpointSpec{URL: "https://ops.naeo.example/hooks"})
	require.NoError(t, err)
	res := f.call(t, http.MethodGet, "/webhooks", ops, byEmail(admin), nil)
	require.Equal(t, http.StatusOK, res.status, "%s", res.body)
	assert.Empty(t, res.json(t)["items"], "the operator's endpoint is not the key's")
	res = f.call(t, http.MethodGet, "/webhooks", ops, byEmail(operator), nil)
	assert.Equal(t, http.StatusNotFound, res.status, "the key's person needs a registration, operator or not: %s", res.body)
}

// TestR_VA_1_IfMatchPublishesOnlyOverTheStatementRead: the statement's
// ETag is its version; the operator's publication sent with it publishes,
// and one sent with a version since replaced is 412 and publishes nothing.
func TestR_VA_1_IfMatchPublishesOnlyOverTheStatementRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ops := f.operatorKey(t)
	read := f.call(t, http.MethodGet, "/statements/2025", ops, byEmail(operator), nil)
	require.Equal(t, http.StatusOK, read.status, "%s", read.body)
	etag := read.header.Get("ETag")
	require.Equal(t, `"0"`, etag, "the shipped text is version 0")

	published := f.call(t, http.MethodPost, "/statements/2025", ops, person{api.HeaderPersonEmail: operator.Email, "If-Match": etag},
		map[string]any{"text": "Version one."})
	require.Equal(t, http.StatusCreated, published.status, "%s", published.body)
	assert.EqualValues(t, 1, published.json(t)["version"])

	stale := f.call(t, http.MethodPost, "/statements/2025", ops, person{api.HeaderPersonEmail: operator.Email, "If-Match": etag},
		map[string]any{"text": "Written from the shipped text."})
	assert.Equal(t, http.StatusPreconditionFailed, stale.status, "%s", stale.body)
	assert.Equal(t, "stale", stale.json(t)["reason"])
	now := f.call(t, http.MethodGet, "/statements/2025", ops, byEmail(operator), nil)
	assert.Equal(t, "Version one.", now.json(t)["text"], "nothing published over a version not read")
	assert.Equal(t, `"1"`, now.header.Get("ETag"))

	bad := f.call(t, http.MethodPost, "/statements/2025", ops, person{api.HeaderPersonEmail: operator.Email, "If-Match": "one"},
		map[string]any{"text": "Version two."})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "%s", bad.body)
	assert.Contains(t, string(bad.body), "GET /statements/{year}")
}
