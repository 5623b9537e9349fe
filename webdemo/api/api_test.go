package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/api"
)

const year = standards.AcademicYear(2025)

var (
	day      = time.Date(2025, time.September, 15, 10, 0, 0, 0, time.UTC)
	operator = standards.Actor{Email: "ops@naeo.org.uk", Name: "Ops", Operator: true}
	admin    = standards.Actor{Email: "admin@riverside.sch.uk", Name: "Ada Admin"}
	sl       = standards.Actor{Email: "sl@riverside.sch.uk", Name: "Sam Senior"}
	eo       = standards.Actor{Email: "eo@riverside.sch.uk", Name: "Eve Officer", ExternalID: "staff-1042"}
	other    = standards.Actor{Email: "olu@hillside.sch.uk", Name: "Olu Other"}
)

// fixture is Riverside Academy (12345) with an admin, a senior leader
// overseeing an exams officer, Hillside College (54321), and host keys:
// one for Riverside, one for Hillside, one for every centre.
type fixture struct {
	svc     *standards.Service
	store   *memory.Store
	clock   *time.Time
	handler http.Handler
	// fresh is the same API keeping no answers: every kept answer a test
	// reads is read from it too, and must be the same (call).
	fresh  http.Handler
	record string // the exams officer's record
	// The keys' secrets.
	riverside, hillside, all string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := t.Context()
	now := day
	store := memory.New()
	svc := standards.New(store, standards.WithClock(func() time.Time { return now }))
	f := &fixture{svc: svc, store: store, clock: &now, handler: api.New(svc, api.WithBasePath("/api/v1")),
		fresh: api.New(svc, api.WithBasePath("/api/v1"), api.WithKeptAnswers(0, 0))}
	_, err := svc.RegisterCentre(ctx, admin, standards.CentreRegistration{Year: year, CentreNumber: "12345",
		CentreName: "Riverside Academy", FullName: admin.Name, Roles: standards.Roles{standards.RoleSL}})
	require.NoError(t, err)
	var regs []standards.Registration
	for _, j := range []struct {
		a    standards.Actor
		role standards.Role
	}{{sl, standards.RoleSL}, {eo, standards.RoleEO}} {
		r, err := svc.RequestToJoin(ctx, j.a, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: j.a.Name, Roles: standards.Roles{j.role}})
		require.NoError(t, err)
		r, err = svc.ApproveRegistration(ctx, admin, r.ID)
		require.NoError(t, err)
		regs = append(regs, r)
	}
	_, err = svc.AssignOverseer(ctx, admin, standards.Overseeing{ExamsOfficer: regs[1].ID, Overseer: regs[0].ID})
	require.NoError(t, err)
	_, err = svc.RegisterCentre(ctx, other, standards.CentreRegistration{Year: year, CentreNumber: "54321",
		CentreName: "Hillside College", FullName: other.Name, Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	mine, err := svc.MyRegistrations(ctx, eo)
	require.NoError(t, err)
	f.record = mine[0].RecordID
	require.NotEmpty(t, f.record)

	issue := func(name string, all bool, centres ...string) (standards.HostKey, string) {
		k, secret, err := svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: name, AllCentres: all, Centres: centres,
			ExpiresAt: day.Add(365 * 24 * time.Hour)})
		require.NoError(t, err)
		return k, secret
	}
	_, f.riverside = issue("Riverside MIS", false, "12345")
	_, f.hillside = issue("Hillside MIS", false, "54321")
	_, f.all = issue("Trust portal", true)
	return f
}

// The document, loaded once, and a router over it for the validator.
var (
	document *openapi3.T
	router   routers.Router
)

func TestMain(m *testing.M) {
	loader := openapi3.NewLoader()
	var err error
	document, err = loader.LoadFromData(api.Document)
	if err != nil {
		panic(err)
	}
	router, err = gorillamux.NewRouter(document)
	if err != nil {
		panic(err)
	}
	m.Run()
}

// person names who a call acts for, by header.
type person map[string]string

func byEmail(a standards.Actor) person { return person{api.HeaderPersonEmail: a.Email} }

// response is what a call answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.body, &v), "%s", r.body)
	return v
}

// call makes a request of the API and checks its response against the
// OpenAPI document with kin-openapi's validator (JSON Schema 2020-12, as
// the document is 3.1): the status must be one the operation declares,
// the body valid for it. An answer for no operation must still be a
// Problem.
func (f *fixture) call(t *testing.T, method, path, key string, who person, body any) response {
	t.Helper()
	var reader *bytes.Reader
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		raw, err = json.Marshal(b)
		require.NoError(t, err)
	}
	reader = bytes.NewReader(raw)
	req := httptest.NewRequestWithContext(t.Context(), method, "http://eops.example/api/v1"+path, reader)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for k, v := range who {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	assert.Equal(t, "no-store", res.header.Get("Cache-Control"))
	validate(t, req, res)
	if method == http.MethodGet && keptAnswer.MatchString(path) && f.fresh != nil {
		again := req.Clone(t.Context())
		again.Body = http.NoBody
		rec := httptest.NewRecorder()
		f.fresh.ServeHTTP(rec, again)
		require.Equal(t, rec.Code, res.status, "%s kept and fresh", path)
		require.Equal(t, rec.Body.String(), string(res.body), "%s: the kept answer is not the answer as it is now", path)
		require.Equal(t, rec.Header().Get("ETag"), res.header.Get("ETag"))
	}
	return res
}

// keptAnswer matches the paths of the answers the API keeps
// (api.WithKeptAnswers).
var keptAnswer = regexp.MustCompile(`^/records/[^/?]+$`)

func validate(t *testing.T, req *http.Request, res response) {
	t.Helper()
	if res.status >= 400 {
		assert.Equal(t, "application/problem+json", res.header.Get("Content-Type"), "every error is a problem: %s", res.body)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		problem := document.Components.Schemas["Problem"].Value
		var v any
		require.NoError(t, json.Unmarshal(res.body, &v), "%s", res.body)
		assert.NoError(t, problem.VisitJSON(v, openapi3.EnableJSONSchema2020()), "an answer for no operation is a Problem: %s", res.body)
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 res.status, Header: res.header, Options: opts,
	}
	in.SetBodyBytes(res.body)
	assert.NoError(t, openapi3filter.ValidateResponse(context.Background(), in), "%s %s answered %d: %s", req.Method, req.URL.Path, res.status, res.body)
	if res.status != http.StatusInternalServerError {
		assert.NotNil(t, route.Operation.Responses.Status(res.status), "%s %s: status %d is declared, not left to default", req.Method, req.URL.Path, res.status)
	}
	if res.status == http.StatusBadRequest || res.status == http.StatusUnprocessableEntity || res.status == http.StatusUnsupportedMediaType {
		var problem map[string]any
		if assert.NoError(t, json.Unmarshal(res.body, &problem)) {
			fieldsNamed(t, route.Operation, problem)
		}
	}
}

func TestTheDocumentIsValidOpenAPI31(t *testing.T) {
	assert.Equal(t, "3.1.0", document.OpenAPI)
	assert.True(t, document.IsOpenAPI31OrLater())
	// Validate checks the document and every example in it against its schema.
	require.NoError(t, document.Validate(context.Background()))
}

func TestTheDocumentIsServed(t *testing.T) {
	f := newFixture(t)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code, "the document needs no key")
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, api.Document, rec.Body.Bytes())
}

// TestAnExamsOfficersTargetOverTheAPI: a host finds the exams officer's
// record, proposes a target for them, the overseer agrees it, the exams
// officer records progress, and the tracker shows it; the audit trail
// names the person and the host key.
func TestAnExamsOfficersTargetOverTheAPI(t *testing.T) {
	f := newFixture(t)
	me := f.call(t, http.MethodGet, "/me", f.riverside, person{api.HeaderPersonEmail: eo.Email, api.HeaderPersonExternalID: eo.ExternalID}, nil)
	require.Equal(t, http.StatusOK, me.status, "%s", me.body)
	regs := me.json(t)["registrations"].([]any)
	require.Len(t, regs, 1)
	assert.Equal(t, f.record, regs[0].(map[string]any)["recordId"])
	assert.Equal(t, "2025/26", regs[0].(map[string]any)["yearLabel"])

	proposed := f.call(t, http.MethodPost, "/records/"+f.record+"/targets", f.riverside, byEmail(eo), map[string]any{
		"area": "knowledge", "title": "Learn the JCQ rules on access arrangements", "due": "2026-03-31"})
	require.Equal(t, http.StatusCreated, proposed.status, "%s", proposed.body)
	target := proposed.json(t)["target"].(map[string]any)
	assert.Equal(t, "proposed", target["state"])
	assert.Equal(t, "2026-03-31", target["due"], "a day is YYYY-MM-DD")
	assert.Equal(t, "eo", target["proposedBy"])
	id := target["id"].(string)

	refused := f.call(t, http.MethodPost, "/records/"+f.record+"/targets/"+id+"/agree", f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusForbidden, refused.status, "the side that proposed does not agree (R-TGT-2): %s", refused.body)
	assert.Equal(t, "forbidden", refused.json(t)["code"])

	agreed := f.call(t, http.MethodPost, "/records/"+f.record+"/targets/"+id+"/agree", f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, agreed.status, "%s", agreed.body)
	assert.Equal(t, "agreed", agreed.json(t)["state"])

	progress := f.call(t, http.MethodPost, "/records/"+f.record+"/targets/"+id+"/progress", f.riverside, person{api.HeaderPersonExternalID: eo.ExternalID},
		map[string]any{"state": "in_progress", "rating": "amber", "comment": "Booklet read; ICE next."})
	require.Equal(t, http.StatusOK, progress.status, "the person found by the host's id alone, once attached: %s", progress.body)
	assert.Equal(t, "in_progress", progress.json(t)["state"])
	assert.Equal(t, "amber", progress.json(t)["rating"])

	tracker := f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, tracker.status, "%s", tracker.body)
	tr := tracker.json(t)
	assert.Equal(t, "12345", tr["centre"].(map[string]any)["number"])
	assert.Equal(t, true, tr["viewer"].(map[string]any)["isOverseer"])
	targets := tr["targets"].([]any)
	require.Len(t, targets, 1)
	assert.Equal(t, "in_progress", targets[0].(map[string]any)["state"])

	centreID := ""
	for _, e := range entriesOf(t, f) {
		if strings.HasPrefix(e.Subject, "target/") {
			centreID = e.CentreID
			assert.Equal(t, "host key Riverside MIS", e.Via, "the audit names the host key beside the person: %+v", e)
			assert.Contains(t, []string{eo.Email, sl.Email}, e.Actor)
		}
	}
	assert.NotEmpty(t, centreID, "the target's changes are audited")
}

// entriesOf is every audit entry of Riverside's trail.
func entriesOf(t *testing.T, f *fixture) []standards.AuditEntry {
	t.Helper()
	var out []standards.AuditEntry
	require.NoError(t, f.store.View(t.Context(), func(tx standards.Tx) error {
		c, err := tx.CentreByNumber(t.Context(), "12345")
		if err != nil {
			return err
		}
		out, err = tx.AuditByCentre(t.Context(), c.ID, 0, 100)
		return err
	}))
	return out
}

// TestNoKeyOrABadKeyIs401Alike: no key, a key nobody issued, a revoked and
// an expired key answer the same problem, so nothing tells them apart;
// a call that names nobody is 401 too.
func TestNoKeyOrABadKeyIs401Alike(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	k, revoked, err := f.svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: "Old", AllCentres: true, ExpiresAt: day.Add(time.Hour)})
	require.NoError(t, err)
	_, err = f.svc.RevokeHostKey(ctx, operator, k.ID)
	require.NoError(t, err)
	_, expiring, err := f.svc.IssueHostKey(ctx, operator, standards.HostKeyRequest{Name: "Short", AllCentres: true, ExpiresAt: day.Add(time.Minute)})
	require.NoError(t, err)
	*f.clock = day.Add(time.Minute)

	var first []byte
	for name, key := range map[string]string{"none": "", "unknown": "eops_hk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"revoked": revoked, "expired": expiring, "garbage": "not a key"} {
		for _, path := range []string{"/me", "/records/" + f.record, "/no-such-thing"} {
			res := f.call(t, http.MethodGet, path, key, byEmail(eo), nil)
			assert.Equal(t, http.StatusUnauthorized, res.status, "%s key, %s", name, path)
			assert.Equal(t, "unauthenticated", res.json(t)["code"])
			assert.Equal(t, `Bearer realm="eops"`, res.header.Get("WWW-Authenticate"))
			if first == nil {
				first = res.body
			}
			assert.Equal(t, string(first), string(res.body), "%s key, %s: the same answer", name, path)
		}
	}
	nobody := f.call(t, http.MethodGet, "/me", f.riverside, nil, nil)
	assert.Equal(t, http.StatusUnauthorized, nobody.status)
	assert.Contains(t, nobody.json(t)["detail"], api.HeaderPersonEmail)
}

// TestAKeyReachesOnlyItsCentres: outside a key's centres a record, and a
// person, are not found, with the same answer as a record nobody has.
func TestAKeyReachesOnlyItsCentres(t *testing.T) {
	f := newFixture(t)
	missing := f.call(t, http.MethodGet, "/records/01NOSUCHRECORD00000000000", f.hillside, byEmail(eo), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	for _, res := range []response{
		f.call(t, http.MethodGet, "/records/"+f.record, f.hillside, byEmail(eo), nil),
		f.call(t, http.MethodGet, "/me", f.hillside, byEmail(eo), nil),
		f.call(t, http.MethodPost, "/records/"+f.record+"/targets", f.hillside, byEmail(eo), map[string]any{"area": "knowledge", "title": "X"}),
		f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(other), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body), "no hint of what exists")
	}
	all := f.call(t, http.MethodGet, "/records/"+f.record, f.all, byEmail(eo), nil)
	assert.Equal(t, http.StatusOK, all.status, "a key for all centres reaches it")
	mine := f.call(t, http.MethodGet, "/me", f.hillside, byEmail(other), nil)
	assert.Equal(t, http.StatusOK, mine.status)

	var proposed int
	for _, e := range entriesOf(t, f) {
		if strings.HasPrefix(e.Action, "target.") {
			proposed++
		}
	}
	assert.Zero(t, proposed, "nothing was written through a key that does not reach the centre")
}

// TestProblemsCarryTheLibrarysCodes: invalid fields, unreadable bodies,
// wrong media types and unknown operations answer problem details with
// the library's stable codes.
func TestProblemsCarryTheLibrarysCodes(t *testing.T) {
	f := newFixture(t)
	targets := "/records/" + f.record + "/targets"

	invalid := f.call(t, http.MethodPost, targets, f.riverside, byEmail(eo), map[string]any{"area": "knowledge", "title": " ", "due": "2027-01-01"})
	require.Equal(t, http.StatusUnprocessableEntity, invalid.status, "%s", invalid.body)
	p := invalid.json(t)
	assert.Equal(t, "invalid", p["code"])
	assert.Equal(t, "urn:eops:problem:invalid", p["type"])
	fields := map[string]string{}
	for _, e := range p["errors"].([]any) {
		fe := e.(map[string]any)
		fields[fe["field"].(string)] = fe["code"].(string)
	}
	assert.Equal(t, string(standards.FieldRequired), fields["title"], "%v", fields)
	assert.Equal(t, string(standards.FieldDayNotInYear), fields["due"], "%v", fields)

	badJSON := f.call(t, http.MethodPost, targets, f.riverside, byEmail(eo), `{"title": `)
	assert.Equal(t, http.StatusBadRequest, badJSON.status)
	assert.Equal(t, "body", badJSON.json(t)["errors"].([]any)[0].(map[string]any)["field"])

	wrongShape := f.call(t, http.MethodPost, targets, f.riverside, byEmail(eo), `{"title": 7}`)
	assert.Equal(t, http.StatusBadRequest, wrongShape.status)

	huge := f.call(t, http.MethodPost, targets, f.riverside, byEmail(eo), `{"title": "`+strings.Repeat("a", 70<<10)+`"}`)
	assert.Equal(t, http.StatusBadRequest, huge.status)
	assert.Contains(t, huge.json(t)["detail"], "64 KiB")

	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "http://eops.example/api/v1"+targets, strings.NewReader("title=X"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+f.riverside)
	req.Header.Set(api.HeaderPersonEmail, eo.Email)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	form := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	validate(t, req, form)
	assert.Equal(t, http.StatusUnsupportedMediaType, form.status)

	unknown := f.call(t, http.MethodGet, "/no-such-thing", f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusNotFound, unknown.status)
	assert.Equal(t, "not_found", unknown.json(t)["code"])

	stranger := f.call(t, http.MethodGet, "/me", f.all, person{api.HeaderPersonEmail: "nobody@example.org"}, nil)
	assert.Equal(t, http.StatusNotFound, stranger.status, "a person the library does not know")
}

// TestAnotherRecordsTargetUnderThisRecordIsNotFound: a target is acted on
// only under its own record's path, so a key that reaches one centre
// cannot reach another centre's target by naming it under a record it
// does reach.
func TestAnotherRecordsTargetUnderThisRecordIsNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	theirs, err := f.svc.MyRegistrations(ctx, other)
	require.NoError(t, err)
	require.NotEmpty(t, theirs[0].RecordID)
	target, _, err := f.svc.ProposeTarget(ctx, other, theirs[0].RecordID, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Hillside's own"})
	require.NoError(t, err)

	missing := f.call(t, http.MethodPost, "/records/"+f.record+"/targets/01NOSUCHTARGET00000000000/agree", f.all, byEmail(other), nil)
	require.Equal(t, http.StatusNotFound, missing.status, "%s", missing.body)
	for _, res := range []response{
		f.call(t, http.MethodPost, "/records/"+f.record+"/targets/"+target.ID+"/agree", f.riverside, byEmail(sl), nil),
		f.call(t, http.MethodPost, "/records/"+f.record+"/targets/"+target.ID+"/progress", f.riverside, byEmail(eo), map[string]any{"state": "in_progress"}),
		f.call(t, http.MethodPost, "/records/"+theirs[0].RecordID+"/targets/"+target.ID+"/agree", f.riverside, byEmail(other), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body))
	}
	tr, err := f.svc.Tracker(ctx, other, theirs[0].RecordID)
	require.NoError(t, err)
	assert.Equal(t, standards.TargetProposed, tr.Targets[0].State, "nothing changed")
}

// TestTheBearerSchemeIsCaseInsensitive (RFC 9110 §11.1).
func TestTheBearerSchemeIsCaseInsensitive(t *testing.T) {
	f := newFixture(t)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "http://eops.example/api/v1/me", nil)
		req.Header.Set("Authorization", scheme+" "+f.riverside)
		req.Header.Set(api.HeaderPersonEmail, eo.Email)
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code, scheme)
	}
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "http://eops.example/api/v1/me", nil)
	req.Header.Set("Authorization", "Basic "+f.riverside)
	req.Header.Set(api.HeaderPersonEmail, eo.Email)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "another scheme")
}

// TestATargetAchievedReopenedAndWithdrawn: only an overseer achieves or
// reopens (R-TGT-3); a withdrawal needs a reason (R-TGT-2).
func TestATargetAchievedReopenedAndWithdrawn(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	proposed, _, err := f.svc.ProposeTarget(ctx, eo, f.record, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Learn the ICE"})
	require.NoError(t, err)
	_, err = f.svc.AgreeTarget(ctx, sl, proposed.ID)
	require.NoError(t, err)
	at := "/records/" + f.record + "/targets/" + proposed.ID

	byEO := f.call(t, http.MethodPost, at+"/achieve", f.riverside, byEmail(eo), map[string]any{})
	assert.Equal(t, http.StatusForbidden, byEO.status, "%s", byEO.body)
	achieved := f.call(t, http.MethodPost, at+"/achieve", f.riverside, byEmail(sl), map[string]any{"comment": "Well done."})
	require.Equal(t, http.StatusOK, achieved.status, "%s", achieved.body)
	assert.Equal(t, "achieved", achieved.json(t)["state"])
	assert.Equal(t, "green", achieved.json(t)["rating"])

	reopened := f.call(t, http.MethodPost, at+"/reopen", f.riverside, byEmail(sl), map[string]any{"reason": "The ICE changed."})
	require.Equal(t, http.StatusOK, reopened.status, "%s", reopened.body)
	assert.Equal(t, "in_progress", reopened.json(t)["state"])

	noReason := f.call(t, http.MethodPost, at+"/withdraw", f.riverside, byEmail(eo), map[string]any{"reason": " "})
	assert.Equal(t, http.StatusUnprocessableEntity, noReason.status, "%s", noReason.body)
	assert.Equal(t, "invalid", noReason.json(t)["code"])
	withdrawn := f.call(t, http.MethodPost, at+"/withdraw", f.riverside, byEmail(eo), map[string]any{"reason": "No longer entering for this board."})
	require.Equal(t, http.StatusOK, withdrawn.status, "%s", withdrawn.body)
	assert.Equal(t, "withdrawn", withdrawn.json(t)["state"])
	assert.Equal(t, "No longer entering for this board.", withdrawn.json(t)["withdrawnReason"])
}

// TestIfMatchChangesOnlyTheVersionRead: the tracker's ETag is the record's
// version; a change sent with it acts, and one sent with a version the
// record has moved on from is 412 and changes nothing.
func TestIfMatchChangesOnlyTheVersionRead(t *testing.T) {
	f := newFixture(t)
	read := f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, read.status)
	etag := read.header.Get("ETag")
	require.Regexp(t, `^"[0-9]+"$`, etag)

	targets := "/records/" + f.record + "/targets"
	body := map[string]any{"area": "knowledge", "title": "Learn the ICE"}
	ok := f.call(t, http.MethodPost, targets, f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": etag}, body)
	require.Equal(t, http.StatusCreated, ok.status, "%s", ok.body)

	stale := f.call(t, http.MethodPost, targets, f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": etag}, body)
	assert.Equal(t, http.StatusPreconditionFailed, stale.status, "%s", stale.body)
	assert.Equal(t, "stale", stale.json(t)["reason"])
	assert.Equal(t, 1, f.targetCount(t), "nothing proposed on a stale version")

	id := ok.json(t)["target"].(map[string]any)["id"].(string)
	agreeStale := f.call(t, http.MethodPost, targets+"/"+id+"/agree", f.riverside, person{api.HeaderPersonEmail: sl.Email, "If-Match": etag}, nil)
	assert.Equal(t, http.StatusPreconditionFailed, agreeStale.status, "%s", agreeStale.body)

	now := f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(sl), nil).header.Get("ETag")
	assert.NotEqual(t, etag, now)
	agreed := f.call(t, http.MethodPost, targets+"/"+id+"/agree", f.riverside, person{api.HeaderPersonEmail: sl.Email, "If-Match": now}, nil)
	assert.Equal(t, http.StatusOK, agreed.status, "%s", agreed.body)
	wildcard := f.call(t, http.MethodPost, targets+"/"+id+"/progress", f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": "*"},
		map[string]any{"state": "in_progress"})
	assert.Equal(t, http.StatusOK, wildcard.status, "* is no condition")

	bad := f.call(t, http.MethodPost, targets, f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": "W/\"3\""}, body)
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status, "a weak or malformed tag: %s", bad.body)
}

// TestCPDAndTheStatementOverTheAPI: the exams officer logs CPD and signs
// the statement, the overseer countersigns (R-CPD-1, R-VA-2); an overseer
// logs no CPD in another's record, and nobody countersigns first.
func TestCPDAndTheStatementOverTheAPI(t *testing.T) {
	f := newFixture(t)
	cpd := "/records/" + f.record + "/cpd"
	entry := map[string]any{"kind": "webinar", "title": "JCQ access arrangements update", "date": "2025-10-14", "hours": 1.5,
		"provider": "NAEO", "reflection": "The new AA form changes our January timeline."}
	logged := f.call(t, http.MethodPost, cpd, f.riverside, byEmail(eo), entry)
	require.Equal(t, http.StatusCreated, logged.status, "%s", logged.body)
	assert.Equal(t, 1.5, logged.json(t)["hours"])
	assert.Equal(t, "2025-10-14", logged.json(t)["date"])

	bySL := f.call(t, http.MethodPost, cpd, f.riverside, byEmail(sl), entry)
	assert.Equal(t, http.StatusForbidden, bySL.status, "%s", bySL.body)
	noHours := f.call(t, http.MethodPost, cpd, f.riverside, byEmail(eo), map[string]any{"kind": "webinar", "title": "X", "date": "2025-10-14", "hours": 0})
	assert.Equal(t, http.StatusUnprocessableEntity, noHours.status, "%s", noHours.body)

	statement := "/records/" + f.record + "/statement/"
	early := f.call(t, http.MethodPost, statement+"countersign", f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusConflict, early.status, "the exams officer signs first: %s", early.body)
	signed := f.call(t, http.MethodPost, statement+"sign", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusCreated, signed.status, "%s", signed.body)
	assert.Equal(t, "eo", signed.json(t)["side"])
	counter := f.call(t, http.MethodPost, statement+"countersign", f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusCreated, counter.status, "%s", counter.body)
	assert.Equal(t, "overseer", counter.json(t)["side"])
	twice := f.call(t, http.MethodPost, statement+"sign", f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusConflict, twice.status)
}
