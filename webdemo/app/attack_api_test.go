package app_test

// The JSON API in the attack suite (issue 22): the API the demo mounts at
// /api/v1, on a test server over the attack world's Service, driven as a
// host's program would drive it, and as an attacker holding a host key for
// centre A would. It takes its operations from the OpenAPI document, so an
// operation added later is attacked too, or fails here until its path
// parameters are given a value of each centre.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/apitest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api"
)

// apiWorld is the attack world with the JSON API beside the app, and host
// keys: one for centre A (the attacker's), one for all centres, one
// revoked, one that expires a minute after attackTime.
type apiWorld struct {
	*attackWorld
	api                                  *httptest.Server
	keyA, keyAll, keyRevoked, keyExpired string
	// keyB is a key for centre B, another key than A's.
	keyB string
	// requestA and requestB are open requests of each centre to join its
	// centre's trust.
	requestA, requestB string
	// endpointA is a webhook endpoint of A's key, for centre A; endpointB
	// one of B's key, for B; deliveryA and deliveryB a delivery of each.
	endpointA, endpointB string
	deliveryA, deliveryB int64
	doc                  *openapi3.T
	router               routers.Router
}

func newAPIWorld(t *testing.T) *apiWorld {
	t.Helper()
	w := &apiWorld{attackWorld: newAttackWorld(t)}
	ctx := context.Background()
	w.api = httptest.NewServer(api.New(w.svc, api.WithBasePath("/api/v1"),
		api.WithLogger(slog.New(slog.NewTextHandler(testLog{t}, nil)))))
	t.Cleanup(w.api.Close)
	issue := func(name string, all bool, expires time.Duration, centres ...string) (standards.HostKey, string) {
		k, secret, err := w.svc.IssueHostKey(ctx, w.op, standards.HostKeyRequest{Name: name, AllCentres: all, Centres: centres,
			ExpiresAt: w.now.Add(expires)})
		require.NoError(t, err)
		return k, secret
	}
	keyA, secretA := issue("Centre A's MIS", false, 365*24*time.Hour, string(w.a.number))
	w.keyA = secretA
	keyB, secretB := issue("Centre B's MIS", false, 365*24*time.Hour, string(w.b.number))
	w.keyB = secretB
	_, w.keyAll = issue("Everywhere", true, 365*24*time.Hour)
	revoked, secret := issue("Revoked", true, 365*24*time.Hour)
	w.keyRevoked = secret
	_, err := w.svc.RevokeHostKey(ctx, w.op, revoked.ID)
	require.NoError(t, err)
	_, w.keyExpired = issue("Short-lived", true, time.Minute)
	for _, c := range []struct {
		c  *centre
		id *string
	}{{w.a, &w.requestA}, {w.b, &w.requestB}} {
		r, err := w.svc.InviteCentre(ctx, c.c.admin, c.c.trust, c.c.number)
		require.NoError(t, err)
		*c.id = r.ID
	}
	// A webhook endpoint of each centre's key, and a delivery of each: an
	// event at each centre (someone asking to join it) after they are
	// registered.
	for _, c := range []struct {
		c        *centre
		key      standards.HostKey
		endpoint *string
		delivery *int64
	}{{w.a, keyA, &w.endpointA, &w.deliveryA}, {w.b, keyB, &w.endpointB, &w.deliveryB}} {
		by := c.c.admin
		by.HostKeyID = c.key.ID
		ep, _, err := w.svc.RegisterWebhookEndpoint(ctx, by, standards.WebhookEndpointSpec{URL: "https://mis." + c.c.name + ".example/hooks",
			CentreIDs: []string{c.c.id}})
		require.NoError(t, err)
		*c.endpoint = ep.ID
		hooked := standards.Actor{Email: "hooked@" + strings.ToLower(c.c.name) + ".sch.uk", Name: "Hana Hooked"}
		_, err = w.svc.RequestToJoin(ctx, hooked, standards.JoinRequest{Year: 2025, CentreNumber: c.c.number, FullName: hooked.Name,
			Roles: standards.Roles{standards.RoleEO}})
		require.NoError(t, err)
		ds, err := w.svc.WebhookDeliveries(ctx, w.op, standards.WebhookDeliveryQuery{EndpointID: ep.ID})
		require.NoError(t, err)
		require.NotEmpty(t, ds, "a delivery to %s's endpoint", c.c.name)
		*c.delivery = ds[0].ID
	}
	w.doc, err = openapi3.NewLoader().LoadFromData(api.Document)
	require.NoError(t, err)
	w.router, err = gorillamux.NewRouter(w.doc)
	require.NoError(t, err)
	return w
}

// snapshot is the attack world's, with the webhook endpoints and their
// deliveries, as the operator sees them.
func (w *apiWorld) snapshot() string {
	ctx := context.Background()
	var b strings.Builder
	b.WriteString(w.attackWorld.snapshot())
	eps, err := w.svc.WebhookEndpoints(ctx, w.op)
	j, _ := json.Marshal(eps)
	fmt.Fprintf(&b, "webhook endpoints: %s %v\n", j, err)
	for _, ep := range eps {
		ds, err := w.svc.WebhookDeliveries(ctx, w.op, standards.WebhookDeliveryQuery{EndpointID: ep.ID})
		j, _ := json.Marshal(ds)
		fmt.Fprintf(&b, "deliveries of %s: %s %v\n", ep.ID, j, err)
	}
	return b.String()
}

// apiIDs gives each path parameter of the API a value of a centre's: a
// new operation whose parameter is not here fails
// TestAttackAPIAnotherCentresIDsAreNotFound until it is added.
func (w *apiWorld) apiIDs(c *centre) map[string]string {
	request, endpoint, delivery := w.requestA, w.endpointA, w.deliveryA
	if c == w.b {
		request, endpoint, delivery = w.requestB, w.endpointB, w.deliveryB
	}
	return map[string]string{
		"recordId": c.record, "targetId": c.proposed, "trustId": c.trust, "requestId": request,
		"personId": c.eoPerson, "certificateId": c.certificate, "registrationId": c.eoReg, "entryId": c.cpd,
		"actionId": c.action, "centreNumber": string(c.number), "year": "2025",
		"examsOfficerRegistrationId": c.eoReg, "overseerRegistrationId": c.adminReg,
		"endpointId": endpoint, "deliveryId": strconv.FormatInt(delivery, 10),
	}
}

// apiNobodys gives each path parameter a value of its form that nothing
// has: a centre number no centre has, a delivery id past every delivery,
// an id of the library's form; a year is a year (valid, and nobody's).
func (w *apiWorld) apiNobodys() map[string]string {
	out := map[string]string{}
	for k := range w.apiIDs(w.a) {
		out[k] = "01nosuchthing0000000000000"
	}
	out["centreNumber"] = string(w.a.spareNumber)
	out["year"] = "2025"
	out["deliveryId"] = "999999999"
	return out
}

// body is the operation's example body, naming c's centre and trust
// where the body names one: what the key's reach is checked on.
func (w *apiWorld) body(o apiOperation, c *centre) map[string]any {
	body := o.example()
	switch o.op.OperationID {
	case "inviteCentre", "registerCentre":
		body["centreNumber"] = string(c.number)
	case "askToJoinTrust":
		body["trustId"] = c.trust
	case "registerWebhookEndpoint", "updateWebhookEndpoint":
		body["centreNumbers"] = []any{string(c.number)}
	}
	return body
}

// public reports whether the operation needs no key (security: []).
func (o apiOperation) public() bool {
	return o.op.Security != nil && len(*o.op.Security) == 0
}

// namesAnything reports whether the operation's path names anything but
// a year: something of a centre's, which another centre's key must not
// reach.
func (o apiOperation) namesAnything() bool {
	for _, p := range o.params() {
		if p != "year" {
			return true
		}
	}
	return false
}

// apiOperation is one operation of the document.
type apiOperation struct {
	method, template string
	op               *openapi3.Operation
}

func (o apiOperation) String() string {
	return o.op.OperationID + " (" + o.method + " " + o.template + ")"
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// params are the operation's path parameters, in the order of its path.
func (o apiOperation) params() []string {
	var out []string
	for _, m := range pathParam.FindAllStringSubmatch(o.template, -1) {
		out = append(out, m[1])
	}
	return out
}

// path fills the template: each parameter from ids, or from first for the
// first one when first is given.
func (o apiOperation) path(t *testing.T, first, ids map[string]string) string {
	t.Helper()
	out := o.template
	for i, p := range o.params() {
		from := ids
		if i == 0 && first != nil {
			from = first
		}
		v, ok := from[p]
		if !ok {
			t.Errorf("%s: give the path parameter %s a value of each centre in apiIDs", o, p)
			v = "x"
		}
		out = strings.Replace(out, "{"+p+"}", v, 1)
	}
	return out
}

// query is the operation's required query parameters, with their
// examples: what makes a call of it well formed.
func (o apiOperation) query() string {
	var q []string
	for _, p := range o.op.Parameters {
		if p.Value.In == "query" && p.Value.Required {
			q = append(q, fmt.Sprintf("%s=%v", p.Value.Name, p.Value.Example))
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + strings.Join(q, "&")
}

// example is the first example of the operation's request body, nil when
// it has none.
func (o apiOperation) example() map[string]any {
	if o.op.RequestBody == nil {
		return nil
	}
	media := o.op.RequestBody.Value.Content.Get("application/json")
	for _, ex := range media.Examples {
		if m, ok := ex.Value.Value.(map[string]any); ok {
			return maps(m)
		}
	}
	return map[string]any{}
}

func maps(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// operations is every operation of the document, in path order.
func (w *apiWorld) operations() []apiOperation {
	var out []apiOperation
	for _, template := range w.doc.Paths.InMatchingOrder() {
		for method, op := range w.doc.Paths.Value(template).Operations() {
			out = append(out, apiOperation{method: method, template: template, op: op})
		}
	}
	slices.SortFunc(out, func(a, b apiOperation) int { return strings.Compare(a.template+a.method, b.template+b.method) })
	return out
}

// apiCall is one request of the API.
type apiCall struct {
	method, path, key string
	headers           [][2]string // in order; a name may come twice
	contentType       string
	body              []byte
}

// send makes the call and checks its answer against the document: a
// status the operation declares, a body valid for it, and every error a
// problem (application/problem+json, its status the answer's), never a
// 500.
func (w *apiWorld) send(t *testing.T, c apiCall) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), c.method, w.api.URL+"/api/v1"+c.path, bytes.NewReader(c.body))
	require.NoError(t, err)
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	for _, h := range c.headers {
		req.Header.Add(h[0], h[1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := response{status: res.StatusCode, body: string(body), header: res.Header}
	assert.Less(t, out.status, 500, "%s %s: never a 500: %s", c.method, c.path, body)
	if out.status >= 400 {
		assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), "%s %s: %s", c.method, c.path, body)
		var p struct {
			Status int
			Code   string
		}
		if assert.NoError(t, json.Unmarshal(body, &p), "%s %s: %s", c.method, c.path, body) {
			assert.Equal(t, out.status, p.Status, "%s %s: the problem's status is the answer's", c.method, c.path)
			assert.NotEmpty(t, p.Code)
		}
	}
	check, _ := http.NewRequest(c.method, "http://eops.example/api/v1"+c.path, nil)
	route, params, err := w.router.FindRoute(check)
	if err != nil {
		var v any
		require.NoError(t, json.Unmarshal(body, &v), "%s", body)
		assert.NoError(t, w.doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020()), "%s", body)
		return out
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route, Options: opts},
		Status:                 out.status, Header: res.Header, Options: opts,
	}
	in.SetBodyBytes(body)
	assert.NoError(t, openapi3filter.ValidateResponse(context.Background(), in), "%s %s answered %d: %s", c.method, c.path, out.status, body)
	assert.NotNil(t, route.Operation.Responses.Status(out.status), "%s %s: status %d is declared", c.method, c.path, out.status)
	var problem struct {
		Errors []struct{ Field string }
	}
	if out.status >= 400 && json.Unmarshal(body, &problem) == nil {
		for _, e := range problem.Errors {
			assert.True(t, apitest.FieldInRequest(route.Operation, e.Field), "%s %s: the problem names %q, which the request has not: %s",
				c.method, c.path, e.Field, body)
		}
	}
	return out
}

// as names the person a call acts for by address.
func as(who standards.Actor) [][2]string { return [][2]string{{api.HeaderPersonEmail, who.Email}} }

// jsonCall is a call of o with a JSON body (its example, or none).
func jsonCall(t *testing.T, o apiOperation, path, key string, who [][2]string, body map[string]any) apiCall {
	t.Helper()
	c := apiCall{method: o.method, path: path + o.query(), key: key, headers: who}
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		c.contentType, c.body = "application/json", raw
	}
	return c
}

// TestAttackAPIAnotherCentresIDsAreNotFound sends every operation of the
// API with a key for centre A, naming B's record, target, trust,
// centre, request, person or certificate (alone, and under one of A's),
// acting as A's admin (who has no place at B) and as B's admin (who has,
// but the key does not reach B): each is 404 with the very answer an id
// nobody has gets, and nothing changes anywhere.
func TestAttackAPIAnotherCentresIDsAreNotFound(t *testing.T) {
	w := newAPIWorld(t)
	a, b := w.apiIDs(w.a), w.apiIDs(w.b)
	nobody := w.apiNobodys()
	var reference string
	attacked := 0
	for _, o := range w.operations() {
		if !o.namesAnything() {
			continue // nothing of a centre's to name: TestAttackAPIAPersonOutsideTheKeyIsNotFound
		}
		if operatorOperations[o.op.OperationID] {
			continue // refused to all but the operator, whatever it names: TestAttackAPIOnlyAnOperatorKeyActsAsTheOperator
		}
		attacked++
		body := w.body(o, w.b)
		missing := w.send(t, jsonCall(t, o, o.path(t, nil, nobody), w.keyAll, as(w.a.admin), body))
		require.Equal(t, http.StatusNotFound, missing.status, "%s with ids nobody has: %s", o, missing.body)
		if reference == "" {
			reference = missing.body
		}
		assert.Equal(t, reference, missing.body, "%s: one answer for every id nobody has", o)
		variants := map[string]string{"B's ids": o.path(t, nil, b)}
		if under := o.path(t, a, b); len(o.params()) > 1 && under != o.path(t, nil, a) {
			variants["B's under A's"] = under
		}
		for what, path := range variants {
			for _, who := range []standards.Actor{w.a.admin, w.b.admin} {
				before := w.snapshot()
				res := w.send(t, jsonCall(t, o, path, w.keyA, as(who), body))
				name := fmt.Sprintf("%s, %s, as %s", o, what, who.Email)
				assert.Equal(t, http.StatusNotFound, res.status, "%s: %s", name, res.body)
				assert.Equal(t, reference, res.body, "%s: no hint of what is there", name)
				assertUnchanged(t, before, w.snapshot(), name)
			}
		}
	}
	t.Logf("%d operations attacked with another centre's ids", attacked)
	assert.Greater(t, attacked, 50, "every operation that names something is attacked")
}

// operatorOperations are the operator's acts over HTTP (docs/api.md,
// "Operator keys"), which only a call through an operator key may make:
// true for those the library refuses to everyone else before it looks at
// what the path names (403 for every id, real or nobody's), false for
// those it looks up first (404 to someone who cannot see the thing), which
// TestAttackAPIAnotherCentresIDsAreNotFound attacks as every other. An
// operation whose description says it needs an operator key fails
// TestAttackAPIOnlyAnOperatorKeyActsAsTheOperator until it is listed.
var operatorOperations = map[string]bool{
	"removeMember": false, "appointAdmin": false, "revokeCertificate": false,
	"getPlatformTrail": true, "publishStatement": true, "importCertificates": true, "createTrust": true,
	"appointTrustLead": true, "removeTrustLead": true, "getNationalFigures": true, "erasePerson": true,
}

// TestAttackAPIOnlyAnOperatorKeyActsAsTheOperator: every operator's act,
// through a key for all centres and through A's key, naming the operator's
// own address or A's admin, with A's ids, B's and ids nobody has, is
// refused (403 or 404, the library's answer to anyone not the operator),
// alike for real ids and ids nobody has, and changes nothing: naming the
// operator makes no call the operator's. Only an operator key does; with
// it, ids nobody has are not found.
func TestAttackAPIOnlyAnOperatorKeyActsAsTheOperator(t *testing.T) {
	w := newAPIWorld(t)
	_, opsKey, err := w.svc.IssueHostKey(context.Background(), w.op, standards.HostKeyRequest{Name: "Ops tools", Operator: true,
		AllCentres: true, ExpiresAt: w.now.Add(standards.MaxOperatorKeyLife)})
	require.NoError(t, err)
	a, b, nobody := w.apiIDs(w.a), w.apiIDs(w.b), w.apiNobodys()
	attacked := 0
	for _, o := range w.operations() {
		_, listed := operatorOperations[o.op.OperationID]
		assert.Equal(t, strings.Contains(o.op.Description, "through an operator key"), listed,
			"%s: list the operator's acts in operatorOperations, and only them", o)
		if !listed {
			continue
		}
		attacked++
		for _, key := range []string{w.keyAll, w.keyA} {
			for _, who := range []standards.Actor{w.op, w.a.admin} {
				var reference string
				for what, ids := range map[string]map[string]string{"A's ids": a, "B's ids": b, "nobody's ids": nobody} {
					before := w.snapshot()
					res := w.send(t, jsonCall(t, o, o.path(t, nil, ids)+o.query(), key, as(who), w.body(o, w.a)))
					name := fmt.Sprintf("%s, %s, as %s", o, what, who.Email)
					assert.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, res.status, "%s: %s", name, res.body)
					if operatorOperations[o.op.OperationID] {
						assert.Equal(t, http.StatusForbidden, res.status, "%s: refused before anything is looked up", name)
						if reference == "" {
							reference = res.body
						}
						assert.Equal(t, reference, res.body, "%s: no hint of what is there", name)
					}
					assertUnchanged(t, before, w.snapshot(), name)
				}
			}
		}
		if o.namesAnything() {
			res := w.send(t, jsonCall(t, o, o.path(t, nil, nobody)+o.query(), opsKey, as(w.op), w.body(o, w.a)))
			assert.Equal(t, http.StatusNotFound, res.status, "%s through the operator key, ids nobody has: %s", o, res.body)
		}
	}
	assert.Len(t, operatorOperations, attacked, "every operator's act is in the document")
}

// TestAttackAPIAWebhookEndpointForAnotherCentreIsANumberNobodyHas: with a
// key for A, an endpoint (registered, or A's own changed) for B's number,
// as A's admin or as B's (who has a place at B, which the key does not
// reach), is refused on centreNumbers in the very words a number nobody
// has gets, and nothing changes.
func TestAttackAPIAWebhookEndpointForAnotherCentreIsANumberNobodyHas(t *testing.T) {
	w := newAPIWorld(t)
	var register, update apiOperation
	for _, o := range w.operations() {
		switch o.op.OperationID {
		case "registerWebhookEndpoint":
			register = o
		case "updateWebhookEndpoint":
			update = o
		}
	}
	a := w.apiIDs(w.a)
	bodyFor := func(n standards.CentreNumber) map[string]any {
		return map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []any{string(n)}}
	}
	nobody := w.send(t, jsonCall(t, register, register.path(t, nil, a), w.keyA, as(w.a.admin), bodyFor(w.a.spareNumber)))
	require.Equal(t, http.StatusUnprocessableEntity, nobody.status, "%s", nobody.body)
	require.Contains(t, nobody.body, `"field":"centreNumbers"`)
	reference := strings.ReplaceAll(nobody.body, string(w.a.spareNumber), "N")
	before := w.snapshot()
	for _, o := range []apiOperation{register, update} {
		for _, who := range []standards.Actor{w.a.admin, w.b.admin} {
			res := w.send(t, jsonCall(t, o, o.path(t, nil, a), w.keyA, as(who), bodyFor(w.b.number)))
			name := fmt.Sprintf("%s as %s", o, who.Email)
			if who.Email == w.b.admin.Email {
				// B's admin has no place at a centre the key reaches: not
				// found, as everyone beyond the key, before any centre.
				assert.Equal(t, http.StatusNotFound, res.status, "%s: %s", name, res.body)
				continue
			}
			assert.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", name, res.body)
			assert.Equal(t, reference, strings.ReplaceAll(res.body, string(w.b.number), "N"), "%s: no hint that B exists", name)
		}
	}
	assertUnchanged(t, before, w.snapshot(), "an endpoint for another centre")
}

// TestAttackAPIAPersonOutsideTheKeyIsNotFound: with a key for A, a person
// registered only at B, and a person nobody knows, get the same 404 from
// every operation that names no id, and from their own data.
func TestAttackAPIAPersonOutsideTheKeyIsNotFound(t *testing.T) {
	w := newAPIWorld(t)
	before := w.snapshot()
	var reference string
	for _, who := range []standards.Actor{{Email: "nobody@nowhere.example"}, w.b.eo, w.b.admin} {
		for _, c := range []apiCall{
			{method: http.MethodGet, path: "/me"},
			{method: http.MethodPost, path: "/me/name", contentType: "application/json", body: []byte(`{"fullName":"Mallory"}`)},
			{method: http.MethodGet, path: "/people?email=" + who.Email},
			{method: http.MethodGet, path: "/people/" + w.b.eoPerson + "/export"},
			{method: http.MethodPost, path: "/people/" + w.b.eoPerson + "/email", contentType: "application/json", body: []byte(`{"email":"mallory@a.sch.uk"}`)},
			{method: http.MethodGet, path: "/records/" + w.b.record},
		} {
			c.key, c.headers = w.keyA, as(who)
			res := w.send(t, c)
			assert.Equal(t, http.StatusNotFound, res.status, "%s %s as %s: %s", c.method, c.path, who.Email, res.body)
			if reference == "" {
				reference = res.body
			}
			assert.Equal(t, reference, res.body, "%s %s as %s: as someone nobody knows", c.method, c.path, who.Email)
		}
		// Lists answer nothing of B, rather than not found.
		led := w.send(t, apiCall{method: http.MethodGet, path: "/trusts", key: w.keyA, headers: as(who)})
		assert.Equal(t, http.StatusOK, led.status, "%s", led.body)
		assert.JSONEq(t, `{"items":[]}`, led.body, "B's trust is outside the key, though B's admin leads it")
	}
	assertUnchanged(t, before, w.snapshot(), "a person outside the key")
}

// TestAttackAPIRevokedAndExpiredKeysAreRefused: every operation, with a
// revoked key, an expired one, a key nobody issued and none, answers the
// same 401, and acts on nothing.
func TestAttackAPIRevokedAndExpiredKeysAreRefused(t *testing.T) {
	w := newAPIWorld(t)
	w.now = w.now.Add(2 * time.Minute) // past the short-lived key's expiry
	before := w.snapshot()
	a := w.apiIDs(w.a)
	var reference string
	for _, o := range w.operations() {
		if o.public() {
			continue // no key to refuse: GET /verify is for anyone (R-CRT-2)
		}
		for name, key := range map[string]string{"revoked": w.keyRevoked, "expired": w.keyExpired, "unknown": "eops_hk_" + strings.Repeat("A", 43), "none": ""} {
			res := w.send(t, jsonCall(t, o, o.path(t, nil, a), key, as(w.a.admin), o.example()))
			assert.Equal(t, http.StatusUnauthorized, res.status, "%s, %s key: %s", o, name, res.body)
			if reference == "" {
				reference = res.body
			}
			assert.Equal(t, reference, res.body, "%s, %s key: every bad key alike", o, name)
		}
	}
	assertUnchanged(t, before, w.snapshot(), "revoked and expired keys")
}

// TestAttackAPIBadBodiesAreRefused sends every POST of the API, with A's
// key and ids as A's admin, a body over 64 KiB (with an Idempotency-Key
// and without), bodies that are not JSON under other media types, and,
// where the operation reads a body, JSON cut short or of another shape:
// 400 or 415, as problems, and nothing changes.
func TestAttackAPIBadBodiesAreRefused(t *testing.T) {
	w := newAPIWorld(t)
	a := w.apiIDs(w.a)
	huge := []byte(`{"title":"` + strings.Repeat("a", 70<<10) + `"}`)
	for _, o := range w.operations() {
		if o.public() {
			continue
		}
		path := o.path(t, nil, a) + o.query()
		if o.method != http.MethodPost && o.method != http.MethodPut {
			// A body sent where none is read is still refused unread.
			res := w.send(t, apiCall{method: o.method, path: path, key: w.keyA, headers: as(w.a.admin), contentType: "text/plain", body: []byte("x")})
			assert.Equal(t, http.StatusUnsupportedMediaType, res.status, "%s with a text body: %s", o, res.body)
			continue
		}
		before := w.snapshot()
		call := func(contentType string, body []byte, extra ...[2]string) response {
			return w.send(t, apiCall{method: o.method, path: path, key: w.keyA, headers: append(as(w.a.admin), extra...),
				contentType: contentType, body: body})
		}
		for name, res := range map[string]response{
			"oversize":                          call("application/json", huge),
			"oversize, with an Idempotency-Key": call("application/json", huge, [2]string{api.HeaderIdempotencyKey, "big-" + o.op.OperationID}),
		} {
			assert.Equal(t, http.StatusBadRequest, res.status, "%s, %s: %s", o, name, res.body)
			assert.Contains(t, res.body, "64 KiB", "%s, %s", o, name)
		}
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json"} {
			res := call(ct, []byte("title=x"))
			assert.Equal(t, http.StatusUnsupportedMediaType, res.status, "%s as %s: %s", o, ct, res.body)
		}
		if o.op.RequestBody != nil {
			for name, body := range map[string]string{"cut short": `{"title": `, "an array": `[1, 2]`, "a string": `"x"`, "not JSON": `title=x`} {
				res := call("application/json", []byte(body))
				assert.Equal(t, http.StatusBadRequest, res.status, "%s, %s: %s", o, name, res.body)
			}
		}
		assertUnchanged(t, before, w.snapshot(), o.String()+" with a bad body")
	}
}

// TestAttackAPIAReplayedIdempotencyKeyWithAnotherBodyIsRefused: the same
// Idempotency-Key with another body, or on another path, is 422 and not
// the first answer replayed, and acts on nothing; another host key's same
// key is that key's own.
func TestAttackAPIAReplayedIdempotencyKeyWithAnotherBodyIsRefused(t *testing.T) {
	w := newAPIWorld(t)
	targets := "/records/" + w.a.record + "/targets"
	propose := func(key, idem, path, title string) response {
		return w.send(t, apiCall{method: http.MethodPost, path: path, key: key,
			headers: append(as(w.a.eo), [2]string{api.HeaderIdempotencyKey, idem}), contentType: "application/json",
			body: []byte(`{"area":"knowledge","title":"` + title + `"}`)})
	}
	first := propose(w.keyA, "k-1", targets, "Learn the ICE")
	require.Equal(t, http.StatusCreated, first.status, "%s", first.body)
	again := propose(w.keyA, "k-1", targets, "Learn the ICE")
	assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
	assert.Equal(t, first.body, again.body)

	before := w.snapshot()
	for name, res := range map[string]response{
		"another body": propose(w.keyA, "k-1", targets, "Something else entirely"),
		"another path": propose(w.keyA, "k-1", "/records/"+w.a.record+"/cpd", "Learn the ICE"),
	} {
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, "%s: %s", name, res.body)
		assert.Empty(t, res.header.Get("Idempotent-Replayed"), "%s: not replayed", name)
		assert.NotContains(t, res.body, "Learn the ICE", "%s: nothing of the first answer", name)
		assert.Contains(t, res.body, `"field":"Idempotency-Key"`, name)
		assert.Contains(t, res.body, `"code":"duplicate"`, name)
	}
	assertUnchanged(t, before, w.snapshot(), "a replayed key with another request")

	theirs := propose(w.keyAll, "k-1", targets, "Learn the ICE")
	assert.Equal(t, http.StatusCreated, theirs.status, "another host key's k-1 is its own: %s", theirs.body)
	assert.Empty(t, theirs.header.Get("Idempotent-Replayed"))
	assert.NotEqual(t, first.body, theirs.body, "a target of its own, not the first key's answer")
}

// TestAttackAPIPersonHeadersSmuggled: the person a call acts for is named
// once. Two lines of a person header are 400 naming it (a proxy that adds
// its own line to a client's must not leave eops to pick one); the host's
// id of one person with the address of another is 409, with the same
// words whichever of them holds what, inside the key's reach or outside
// it; neither is acted for.
func TestAttackAPIPersonHeadersSmuggled(t *testing.T) {
	w := newAPIWorld(t)
	ctx := context.Background()
	for _, p := range []struct {
		who standards.Actor
		id  string
	}{{w.a.eo, "mis-a-eo"}, {w.b.eo, "mis-b-eo"}} {
		who := p.who
		who.ExternalID = p.id
		_, err := w.svc.CorrectMyName(ctx, who, who.Name) // attaches the host's id
		require.NoError(t, err)
	}
	before := w.snapshot()
	name := func(headers ...[2]string) response {
		return w.send(t, apiCall{method: http.MethodPost, path: "/me/name", key: w.keyA, headers: headers,
			contentType: "application/json", body: []byte(`{"fullName":"Mallory"}`)})
	}
	for header, values := range map[string][2]string{
		api.HeaderPersonEmail:      {w.a.eo.Email, w.a.admin.Email},
		api.HeaderPersonExternalID: {"mis-a-eo", "mis-b-eo"},
	} {
		res := name([2]string{header, values[0]}, [2]string{header, values[1]})
		assert.Equal(t, http.StatusBadRequest, res.status, "%s twice: %s", header, res.body)
		assert.Contains(t, res.body, `"field":"`+header+`"`)
	}
	auth := w.send(t, apiCall{method: http.MethodGet, path: "/me", headers: [][2]string{{"Authorization", "Bearer " + w.keyA},
		{"Authorization", "Bearer " + w.keyAll}, {api.HeaderPersonEmail, w.a.eo.Email}}})
	assert.Equal(t, http.StatusUnauthorized, auth.status, "two keys, whichever is read first: %s", auth.body)
	var reference string
	for what, headers := range map[string][][2]string{
		"A's eo's id, A's admin's address":  {{api.HeaderPersonExternalID, "mis-a-eo"}, {api.HeaderPersonEmail, w.a.admin.Email}},
		"a new id, A's eo's address":        {{api.HeaderPersonExternalID, "mis-new"}, {api.HeaderPersonEmail, w.a.eo.Email}},
		"B's eo's id, A's eo's address":     {{api.HeaderPersonExternalID, "mis-b-eo"}, {api.HeaderPersonEmail, w.a.eo.Email}},
		"A's eo's id, B's eo's address":     {{api.HeaderPersonExternalID, "mis-a-eo"}, {api.HeaderPersonEmail, w.b.eo.Email}},
		"A's eo's id, an address of nobody": {{api.HeaderPersonExternalID, "mis-a-eo"}, {api.HeaderPersonEmail, "nobody@a.sch.uk"}},
	} {
		res := name(headers...)
		assert.Equal(t, http.StatusConflict, res.status, "%s: %s", what, res.body)
		assert.Contains(t, res.body, `"reason":"identity_mismatch"`, what)
		if reference == "" {
			reference = res.body
		}
		assert.Equal(t, reference, res.body, "%s: the same answer whoever holds what", what)
	}
	assertUnchanged(t, before, w.snapshot(), "smuggled person headers")
	same := name([2]string{api.HeaderPersonExternalID, "mis-a-eo"}, [2]string{api.HeaderPersonEmail, w.a.eo.Email})
	assert.Equal(t, http.StatusOK, same.status, "both headers of one person: %s", same.body)
}

// TestAttackAPIEveryOperationChecksThePersonNamed: every operation behind
// a key, named a person by an address that is no address, is 422 naming
// the header; named by the host's id of one person and the address of
// another, 409 (identity_mismatch); each acts on nothing. The two that
// read public data (a year's statement and catalogue) ask nothing as the
// person, and answer as to anyone.
func TestAttackAPIEveryOperationChecksThePersonNamed(t *testing.T) {
	w := newAPIWorld(t)
	eo := w.a.eo
	eo.ExternalID = "mis-a-eo"
	_, err := w.svc.CorrectMyName(context.Background(), eo, eo.Name) // attaches the host's id
	require.NoError(t, err)
	a := w.apiIDs(w.a)
	before := w.snapshot()
	for _, o := range w.operations() {
		if o.public() {
			continue
		}
		publicData := o.op.OperationID == "getStatement" || o.op.OperationID == "getCatalogue"
		for what, c := range map[string]struct {
			who    [][2]string
			status int
			field  string
		}{
			"an address that is none": {[][2]string{{api.HeaderPersonEmail, "not an address"}}, http.StatusUnprocessableEntity, api.HeaderPersonEmail},
			"two people's id and address": {[][2]string{{api.HeaderPersonExternalID, "mis-a-eo"}, {api.HeaderPersonEmail, w.a.admin.Email}},
				http.StatusConflict, ""},
		} {
			res := w.send(t, jsonCall(t, o, o.path(t, nil, a), w.keyA, c.who, w.body(o, w.a)))
			if publicData {
				assert.Equal(t, http.StatusOK, res.status, "%s, %s: %s", o, what, res.body)
				continue
			}
			assert.Equal(t, c.status, res.status, "%s, %s: %s", o, what, res.body)
			if c.field != "" {
				assert.Contains(t, res.body, `"field":"`+c.field+`"`, "%s, %s", o, what)
			} else {
				assert.Contains(t, res.body, `"reason":"identity_mismatch"`, "%s, %s", o, what)
			}
		}
	}
	assertUnchanged(t, before, w.snapshot(), "a person named wrongly")
}

// TestAttackAPIFieldErrorsNameTheRequestsFields sends every operation
// that reads a body, with A's key and ids as A's admin, its example with
// every string made a control character and every number negative: what
// the library refuses, the problem names as the request has it (send
// checks every field named against the operation's request).
func TestAttackAPIFieldErrorsNameTheRequestsFields(t *testing.T) {
	w := newAPIWorld(t)
	a := w.apiIDs(w.a)
	refused := 0
	for _, o := range w.operations() {
		if o.op.RequestBody == nil {
			continue
		}
		res := w.send(t, jsonCall(t, o, o.path(t, nil, a), w.keyA, as(w.a.admin), mangled(w.body(o, w.a)).(map[string]any)))
		if res.status == http.StatusUnprocessableEntity && strings.Contains(res.body, `"errors"`) {
			refused++
		}
	}
	t.Logf("%d bodies refused naming their fields", refused)
	assert.Greater(t, refused, 10, "the library named fields of most bodies")
}

// mangled is v with every string a control character and every number
// negative, in the same shape.
func mangled(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = mangled(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mangled(e)
		}
		return out
	case string:
		return "\u0007"
	case float64:
		return -x - 1
	}
	return v
}
