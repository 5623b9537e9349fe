package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api"
)

// centreIDs are the fixture's centres' ids by number.
func (f *fixture) centreID(t *testing.T, number standards.CentreNumber) string {
	t.Helper()
	var id string
	require.NoError(t, f.store.View(t.Context(), func(tx standards.Tx) error {
		c, err := tx.CentreByNumber(t.Context(), number)
		id = c.ID
		return err
	}))
	return id
}

// appendEvent appends an event of the centre to the outbox, as a command
// would: the store makes a delivery for each endpoint that takes it.
func (f *fixture) appendEvent(t *testing.T, id, centreID string) {
	t.Helper()
	require.NoError(t, f.store.Update(t.Context(), func(tx standards.Tx) error {
		_, err := tx.AppendEvent(t.Context(), standards.Event{ID: id, At: *f.clock, Kind: standards.EventMeetingRecorded,
			To: []string{eo.Email}, CentreID: centreID, Subject: "record/x", Summary: "a meeting"})
		return err
	}))
}

// fieldsOf is a problem's field errors, field to code.
func fieldsOf(t *testing.T, r response) map[string]string {
	t.Helper()
	out := map[string]string{}
	errs, _ := r.json(t)["errors"].([]any)
	for _, e := range errs {
		fe := e.(map[string]any)
		out[fe["field"].(string)] = fe["code"].(string)
	}
	return out
}

// TestAHostKeyManagesItsOwnWebhookEndpointsOverTheAPI: through its key a
// host registers an endpoint for its centre (the secret shown once),
// lists, reads, changes (with If-Match), disables, enables, rotates,
// lists the deliveries and redelivers, and deletes it; the audit trail
// names the person and the key (docs/webhooks.md, "Endpoints of a host
// key").
func TestAHostKeyManagesItsOwnWebhookEndpointsOverTheAPI(t *testing.T) {
	f := newFixture(t)
	riverside := f.centreID(t, "12345")
	who := byEmail(eo)
	registered := f.call(t, http.MethodPost, "/webhooks", f.riverside, who, map[string]any{
		"url": "https://mis.riverside.example/hooks", "description": "Riverside MIS", "centreNumbers": []string{"12345"},
		"kinds": []string{"meeting.recorded"}})
	require.Equal(t, http.StatusCreated, registered.status, "%s", registered.body)
	body := registered.json(t)
	assert.True(t, strings.HasPrefix(body["secret"].(string), "whsec_"), "the secret is shown this once")
	ep := body["endpoint"].(map[string]any)
	id := ep["id"].(string)
	assert.Equal(t, []any{"12345"}, ep["centreNumbers"], "its centres by number, as they were named")
	assert.Equal(t, 1.0, ep["version"])
	second := f.call(t, http.MethodPost, "/webhooks", f.riverside, byEmail(sl), map[string]any{
		"url": "https://portal.riverside.example/hooks", "centreNumbers": []string{"12345"}})
	require.Equal(t, http.StatusCreated, second.status, "%s", second.body)

	first := f.call(t, http.MethodGet, "/webhooks?limit=1", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, first.status, "%s", first.body)
	page := first.json(t)
	require.Len(t, page["items"], 1)
	assert.NotContains(t, string(first.body), "whsec_", "a list never shows a secret")
	next := f.call(t, http.MethodGet, "/webhooks?limit=1&cursor="+page["next"].(string), f.riverside, who, nil)
	require.Equal(t, http.StatusOK, next.status, "%s", next.body)
	assert.Len(t, next.json(t)["items"], 1)
	assert.NotContains(t, next.json(t), "next", "the last page")

	read := f.call(t, http.MethodGet, "/webhooks/"+id, f.riverside, who, nil)
	require.Equal(t, http.StatusOK, read.status, "%s", read.body)
	assert.Equal(t, `"1"`, read.header.Get("ETag"))
	change := map[string]any{"url": "https://mis.riverside.example/v2", "centreNumbers": []string{"12345"}}
	changed := f.call(t, http.MethodPut, "/webhooks/"+id, f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": `"1"`}, change)
	require.Equal(t, http.StatusOK, changed.status, "%s", changed.body)
	assert.Equal(t, "https://mis.riverside.example/v2", changed.json(t)["url"])
	assert.Equal(t, []any{}, changed.json(t)["kinds"], "every kind now")
	stale := f.call(t, http.MethodPut, "/webhooks/"+id, f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": `"1"`}, change)
	assert.Equal(t, http.StatusPreconditionFailed, stale.status, "%s", stale.body)
	unconditional := f.call(t, http.MethodPut, "/webhooks/"+id, f.riverside, who, change)
	assert.Equal(t, http.StatusOK, unconditional.status, "no If-Match: the version it has now")

	disabled := f.call(t, http.MethodPost, "/webhooks/"+id+"/disable", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, disabled.status, "%s", disabled.body)
	assert.Equal(t, true, disabled.json(t)["disabled"])
	enabled := f.call(t, http.MethodPost, "/webhooks/"+id+"/enable", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, enabled.status, "%s", enabled.body)
	assert.Equal(t, false, enabled.json(t)["disabled"])
	rotated := f.call(t, http.MethodPost, "/webhooks/"+id+"/rotate-secret", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, rotated.status, "%s", rotated.body)
	assert.NotEqual(t, body["secret"], rotated.json(t)["secret"])

	for i := range 3 {
		f.appendEvent(t, "ev-"+strconv.Itoa(i), riverside)
	}
	deliveries := f.call(t, http.MethodGet, "/webhooks/"+id+"/deliveries?limit=2", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, deliveries.status, "%s", deliveries.body)
	items := deliveries.json(t)["items"].([]any)
	require.Len(t, items, 2)
	assert.Equal(t, "ev-0", items[0].(map[string]any)["eventId"])
	rest := f.call(t, http.MethodGet, "/webhooks/"+id+"/deliveries?limit=2&cursor="+deliveries.json(t)["next"].(string), f.riverside, who, nil)
	require.Equal(t, http.StatusOK, rest.status, "%s", rest.body)
	require.Len(t, rest.json(t)["items"], 1)
	assert.Equal(t, "ev-2", rest.json(t)["items"].([]any)[0].(map[string]any)["eventId"])
	assert.NotContains(t, rest.json(t), "next")
	dead := f.call(t, http.MethodGet, "/webhooks/"+id+"/deliveries?state=dead", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, dead.status, "%s", dead.body)
	assert.Empty(t, dead.json(t)["items"], "no dead letters")

	deliveryID := strconv.Itoa(int(items[0].(map[string]any)["id"].(float64)))
	again := f.call(t, http.MethodPost, "/webhooks/"+id+"/deliveries/"+deliveryID+"/redeliver", f.riverside, who, nil)
	require.Equal(t, http.StatusOK, again.status, "%s", again.body)
	assert.Equal(t, "due", again.json(t)["state"])
	assert.Equal(t, 0.0, again.json(t)["attempts"])

	var via []string
	for _, e := range f.platformTrail(t) {
		if strings.HasPrefix(e.Action, "webhook.") {
			via = append(via, e.Actor+" | "+e.Via+" | "+e.Action)
		}
	}
	assert.Contains(t, via, "eo@riverside.sch.uk | host key Riverside MIS | webhook.register")

	deleted := f.call(t, http.MethodDelete, "/webhooks/"+id, f.riverside, who, nil)
	assert.Equal(t, http.StatusNoContent, deleted.status, "%s", deleted.body)
	gone := f.call(t, http.MethodGet, "/webhooks/"+id, f.riverside, who, nil)
	assert.Equal(t, http.StatusNotFound, gone.status)
}

// platformTrail is the audit entries of no centre (webhooks, host keys).
func (f *fixture) platformTrail(t *testing.T) []standards.AuditEntry {
	t.Helper()
	var out []standards.AuditEntry
	require.NoError(t, f.store.View(t.Context(), func(tx standards.Tx) error {
		var err error
		out, err = tx.AuditByCentre(t.Context(), "", 0, 100)
		return err
	}))
	return out
}

// TestAnotherKeysWebhookEndpointIsNotFound: an endpoint of another key
// (out of this key's reach) answers every operation as an id nobody has,
// and nothing changes; the key's list does not show it.
func TestAnotherKeysWebhookEndpointIsNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	riverside := f.centreID(t, "12345")
	theirs := f.call(t, http.MethodPost, "/webhooks", f.all, byEmail(eo), map[string]any{"url": "https://portal.example/hooks", "centreNumbers": []string{"12345"}})
	require.Equal(t, http.StatusCreated, theirs.status, "%s", theirs.body)
	id := theirs.json(t)["endpoint"].(map[string]any)["id"].(string)
	f.appendEvent(t, "ev-1", riverside)
	ds, err := f.svc.WebhookDeliveries(ctx, operator, standards.WebhookDeliveryQuery{EndpointID: id})
	require.NoError(t, err)
	require.Len(t, ds, 1)
	delivery := strconv.FormatInt(ds[0].ID, 10)

	missing := f.call(t, http.MethodGet, "/webhooks/01NOSUCHENDPOINT000000000", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	body := map[string]any{"url": "https://evil.example/", "centreNumbers": []string{"12345"}}
	for _, res := range []response{
		f.call(t, http.MethodGet, "/webhooks/"+id, f.riverside, byEmail(eo), nil),
		f.call(t, http.MethodPut, "/webhooks/"+id, f.riverside, byEmail(eo), body),
		f.call(t, http.MethodPut, "/webhooks/"+id, f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": `"1"`}, body),
		f.call(t, http.MethodPost, "/webhooks/"+id+"/disable", f.riverside, byEmail(eo), nil),
		f.call(t, http.MethodPost, "/webhooks/"+id+"/enable", f.riverside, byEmail(eo), nil),
		f.call(t, http.MethodPost, "/webhooks/"+id+"/rotate-secret", f.riverside, byEmail(eo), nil),
		f.call(t, http.MethodGet, "/webhooks/"+id+"/deliveries", f.riverside, byEmail(eo), nil),
		f.call(t, http.MethodPost, "/webhooks/"+id+"/deliveries/"+delivery+"/redeliver", f.riverside, byEmail(eo), nil),
		f.call(t, http.MethodDelete, "/webhooks/"+id, f.riverside, byEmail(eo), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body), "no hint of what exists")
	}
	list := f.call(t, http.MethodGet, "/webhooks", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, list.status)
	assert.Empty(t, list.json(t)["items"])

	// A delivery of another endpoint named under the key's own: not found,
	// and not redelivered.
	mine := f.call(t, http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"12345"}})
	require.Equal(t, http.StatusCreated, mine.status, "%s", mine.body)
	under := f.call(t, http.MethodPost, "/webhooks/"+mine.json(t)["endpoint"].(map[string]any)["id"].(string)+"/deliveries/"+delivery+"/redeliver",
		f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusNotFound, under.status, "%s", under.body)

	w, err := f.svc.WebhookEndpoints(ctx, operator)
	require.NoError(t, err)
	for _, x := range w {
		if x.ID == id {
			assert.Equal(t, 1, x.Version, "nothing changed")
			assert.Equal(t, "https://portal.example/hooks", x.URL)
		}
	}
}

// TestAPersonOutsideTheKeysCentresManagesNoWebhooks: the person named must
// hold an approved registration at a centre the key reaches; anyone else
// is not found, as on every operation.
func TestAPersonOutsideTheKeysCentresManagesNoWebhooks(t *testing.T) {
	f := newFixture(t)
	missing := f.call(t, http.MethodGet, "/records/01NOSUCHRECORD00000000000", f.riverside, byEmail(eo), nil)
	for _, res := range []response{
		f.call(t, http.MethodPost, "/webhooks", f.riverside, byEmail(other), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"12345"}}),
		f.call(t, http.MethodGet, "/webhooks", f.riverside, byEmail(other), nil),
		f.call(t, http.MethodGet, "/webhooks", f.riverside, person{api.HeaderPersonEmail: "nobody@example.org"}, nil),
		f.call(t, http.MethodPost, "/webhooks", f.hillside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"12345"}}),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body))
	}
	ws, err := f.svc.WebhookEndpoints(t.Context(), operator)
	require.NoError(t, err)
	assert.Empty(t, ws, "nothing registered")
}

// TestWebhookEndpointBadInputNamesTheField: 422 naming the field, and a
// key for named centres cannot register for every centre or for a centre
// beyond it (which reads as a centre nobody has).
func TestWebhookEndpointBadInputNamesTheField(t *testing.T) {
	f := newFixture(t)
	for name, c := range map[string]struct {
		method, path, key string
		who               person
		body              any
		field, code       string
	}{
		"no url":              {http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "", "centreNumbers": []string{"12345"}}, "url", "required"},
		"loopback":            {http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "http://127.0.0.1/hooks", "centreNumbers": []string{"12345"}}, "url", "not_allowed"},
		"every centre":        {http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks"}, "centreNumbers", "required"},
		"beyond the key":      {http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"54321"}}, "centreNumbers", "not_in_list"},
		"a bad number":        {http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"1234"}}, "centreNumbers", "invalid_format"},
		"a centre twice":      {http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"12345", " 12345"}}, "centreNumbers", "duplicate"},
		"a bad kind":          {http.MethodPost, "/webhooks", f.all, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "kinds": []string{"Not A Kind"}}, "kinds", "invalid_format"},
		"a bad limit":         {http.MethodGet, "/webhooks?limit=0", f.riverside, byEmail(eo), nil, "limit", "out_of_range"},
		"a cursor not ours":   {http.MethodGet, "/webhooks?cursor=%21%21", f.riverside, byEmail(eo), nil, "cursor", "invalid_format"},
		"a bad If-Match":      {http.MethodPut, "/webhooks/x", f.riverside, person{api.HeaderPersonEmail: eo.Email, "If-Match": "W/1"}, map[string]any{"url": "https://mis.example/"}, "If-Match", "invalid_format"},
		"a bad state":         {http.MethodGet, "/webhooks/x/deliveries?state=lost", f.riverside, byEmail(eo), nil, "state", "not_in_list"},
		"a delivery's cursor": {http.MethodGet, "/webhooks/x/deliveries?cursor=" + "eHl6", f.riverside, byEmail(eo), nil, "cursor", "invalid_format"},
	} {
		t.Run(name, func(t *testing.T) {
			res := f.call(t, c.method, c.path, c.key, c.who, c.body)
			require.Equal(t, http.StatusUnprocessableEntity, res.status, "%s", res.body)
			assert.Equal(t, c.code, fieldsOf(t, res)[c.field], "%s", res.body)
		})
	}
	beyond := f.call(t, http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"54321"}})
	nobody := f.call(t, http.MethodPost, "/webhooks", f.riverside, byEmail(eo), map[string]any{"url": "https://mis.example/hooks", "centreNumbers": []string{"99999"}})
	assert.Equal(t, strings.ReplaceAll(string(beyond.body), "54321", "X"), strings.ReplaceAll(string(nobody.body), "99999", "X"),
		"a centre beyond the key reads as one nobody has")
	everywhere := f.call(t, http.MethodPost, "/webhooks", f.all, byEmail(eo), map[string]any{"url": "https://portal.example/hooks"})
	assert.Equal(t, http.StatusCreated, everywhere.status, "a key for all centres may take every event: %s", everywhere.body)
}
