package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// registrations are the registration ids of the fixture's exams officer
// and senior leader, as the tracker's members give them.
func (f *fixture) registrations(t *testing.T) (eoReg, slReg string) {
	t.Helper()
	tr, err := f.svc.Tracker(t.Context(), sl, f.record)
	require.NoError(t, err)
	for _, m := range tr.Members {
		switch m.Person.Email {
		case eo.Email:
			eoReg = m.Registration.ID
		case sl.Email:
			slReg = m.Registration.ID
		}
	}
	require.NotEmpty(t, eoReg)
	require.NotEmpty(t, slReg)
	return eoReg, slReg
}

// agreedTarget is a target in the area, proposed by the exams officer and
// agreed by the senior leader.
func (f *fixture) agreedTarget(t *testing.T, area standards.KeyArea, title string) standards.Target {
	t.Helper()
	tg, _, err := f.svc.ProposeTarget(t.Context(), eo, f.record, standards.TargetInput{Area: area, Title: title})
	require.NoError(t, err)
	tg, err = f.svc.AgreeTarget(t.Context(), sl, tg.ID)
	require.NoError(t, err)
	return tg
}

// readyToClaim brings the record to everything a claim needs but the
// claim: a target in each of knowledge and skills achieved, the statement
// signed and countersigned, and a progress review recorded.
func (f *fixture) readyToClaim(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	for _, area := range []standards.KeyArea{standards.AreaKnowledge, standards.AreaSkills} {
		tg := f.agreedTarget(t, area, "A target in "+string(area))
		_, err := f.svc.AchieveTarget(ctx, sl, tg.ID, "")
		require.NoError(t, err)
	}
	_, err := f.svc.SignStatement(ctx, eo, f.record)
	require.NoError(t, err)
	_, err = f.svc.CountersignStatement(ctx, sl, f.record)
	require.NoError(t, err)
	eoReg, slReg := f.registrations(t)
	_, err = f.svc.RecordMeeting(ctx, sl, f.record, standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: day,
		Attendees: []string{eoReg, slReg}})
	require.NoError(t, err)
}

// TestAMeetingRecordsItsUpdatesAndSupportAllOrNothing (R-MTG-1, R-MTG-2,
// R-MTG-3): the exams officer records a progress review that rates a
// target and arranges support; the tracker shows the meeting and the
// action. A meeting with one refused update records nothing; someone
// neither the exams officer nor an overseer may not record one; a key
// that does not reach the centre finds no record.
func TestAMeetingRecordsItsUpdatesAndSupportAllOrNothing(t *testing.T) {
	f := newFixture(t)
	tg := f.agreedTarget(t, standards.AreaKnowledge, "Learn the ICE")
	eoReg, slReg := f.registrations(t)
	meetings := "/records/" + f.record + "/meetings"
	body := map[string]any{"kind": "progress_review", "date": "2025-09-15", "attendees": []string{eoReg, slReg},
		"notes": "On track.", "updates": []any{map[string]any{"targetId": tg.ID, "state": "in_progress", "rating": "amber", "comment": "Started."}},
		"support": []any{map[string]any{"description": "A place on the January training day", "ownerRegistrationId": slReg, "due": "2026-01-31"}}}

	recorded := f.call(t, http.MethodPost, meetings, f.riverside, byEmail(eo), body)
	require.Equal(t, http.StatusCreated, recorded.status, "%s", recorded.body)
	m := recorded.json(t)
	assert.Equal(t, "progress_review", m["kind"])
	assert.Equal(t, "2025-09-15", m["date"])
	assert.ElementsMatch(t, []any{eoReg, slReg}, m["attendees"])
	assert.Equal(t, "in_progress", m["updates"].([]any)[0].(map[string]any)["state"])

	tr := f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(eo), nil).json(t)
	require.Len(t, tr["meetings"], 1)
	assert.Equal(t, m["id"], tr["meetings"].([]any)[0].(map[string]any)["id"])
	actions := tr["supportActions"].([]any)
	require.Len(t, actions, 1)
	assert.Equal(t, "open", actions[0].(map[string]any)["state"])
	assert.Equal(t, slReg, actions[0].(map[string]any)["ownerRegistrationId"])
	assert.Equal(t, "2026-01-31", actions[0].(map[string]any)["due"])
	assert.Equal(t, "amber", tr["targets"].([]any)[0].(map[string]any)["rating"])

	// One update the exams officer may not make (achieving is an
	// overseer's, R-TGT-3): nothing of the meeting is recorded.
	refused := f.call(t, http.MethodPost, meetings, f.riverside, byEmail(eo), map[string]any{"kind": "final_review", "date": "2025-09-15",
		"attendees": []string{eoReg, slReg}, "updates": []any{map[string]any{"targetId": tg.ID, "state": "achieved"}},
		"support": []any{map[string]any{"description": "Never arranged", "ownerRegistrationId": slReg, "due": "2026-01-31"}}})
	assert.Equal(t, http.StatusForbidden, refused.status, "%s", refused.body)

	invalid := f.call(t, http.MethodPost, meetings, f.riverside, byEmail(eo), map[string]any{"kind": "lunch", "date": "2025-09-15",
		"attendees": []string{eoReg}, "updates": []any{map[string]any{"targetId": "01NOSUCHTARGET00000000000"}}})
	require.Equal(t, http.StatusUnprocessableEntity, invalid.status, "%s", invalid.body)
	fields := map[string]string{}
	for _, e := range invalid.json(t)["errors"].([]any) {
		fe := e.(map[string]any)
		fields[fe["field"].(string)] = fe["code"].(string)
	}
	assert.Equal(t, string(standards.FieldNotInList), fields["kind"], "%v", fields)
	assert.Equal(t, string(standards.FieldMustInclude), fields["attendees"], "no overseer: %v", fields)

	byAdmin := f.call(t, http.MethodPost, meetings, f.riverside, byEmail(admin), body)
	assert.Equal(t, http.StatusForbidden, byAdmin.status, "an admin who oversees nobody records no meeting: %s", byAdmin.body)
	unreached := f.call(t, http.MethodPost, meetings, f.hillside, byEmail(eo), body)
	assert.Equal(t, http.StatusNotFound, unreached.status, "%s", unreached.body)

	after, err := f.svc.Tracker(t.Context(), sl, f.record)
	require.NoError(t, err)
	assert.Len(t, after.Meetings, 1, "the refused meetings recorded nothing")
	assert.Len(t, after.Actions, 1)
}

// TestTheClaimChecklistListsEveryUnmetCondition (R-CLM-1): anyone who may
// see the record gets every unmet condition, with its code; once the
// record is complete and the three confirmations sent, none.
func TestTheClaimChecklistListsEveryUnmetCondition(t *testing.T) {
	f := newFixture(t)
	claim := "/records/" + f.record + "/claim"
	early := f.call(t, http.MethodGet, claim, f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, early.status, "%s", early.body)
	var codes []string
	for _, u := range early.json(t)["unmet"].([]any) {
		codes = append(codes, u.(map[string]any)["code"].(string))
	}
	assert.Equal(t, false, early.json(t)["eligible"])
	assert.Equal(t, []string{"knowledge_incomplete", "skills_incomplete", "statement_incomplete", "no_review_meeting", "confirmations_missing"}, codes)

	byEO := f.call(t, http.MethodGet, claim+"?knowledge=true&skills=true&values=true", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, byEO.status, "the exams officer may ask too: %s", byEO.body)
	assert.Contains(t, string(byEO.body), `"claimant_not_overseer"`)
	assert.Contains(t, string(byEO.body), `"self_certification"`)

	f.readyToClaim(t)
	ready := f.call(t, http.MethodGet, claim+"?knowledge=true&skills=true&values=true", f.riverside, byEmail(sl), nil)
	require.Equal(t, http.StatusOK, ready.status, "%s", ready.body)
	assert.Equal(t, true, ready.json(t)["eligible"], "%s", ready.body)
	assert.Empty(t, ready.json(t)["unmet"])

	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodGet, claim, f.hillside, byEmail(sl), nil).status, "out of the key's reach")
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodGet, claim, f.riverside, byEmail(other), nil).status, "a person of another centre")
	bad := f.call(t, http.MethodGet, claim+"?knowledge=maybe", f.riverside, byEmail(sl), nil)
	assert.Equal(t, http.StatusBadRequest, bad.status, "%s", bad.body)
}

// TestAClaimIssuesTheCertificateAndClosesTheRecord (R-CLM-1, R-CLM-2,
// R-TGT-4, R-CRT-1): the overseer's claim without the three confirmations
// is refused listing what is unmet; with them it issues the certificate
// and closes the record, which then takes no change; the holder reads the
// certificate, and a key that does not reach the centre finds neither
// record nor certificate.
func TestAClaimIssuesTheCertificateAndClosesTheRecord(t *testing.T) {
	f := newFixture(t)
	f.readyToClaim(t)
	claim := "/records/" + f.record + "/claim"
	all := map[string]any{"knowledge": true, "skills": true, "values": true}

	unconfirmed := f.call(t, http.MethodPost, claim, f.riverside, byEmail(sl), map[string]any{"knowledge": true})
	require.Equal(t, http.StatusUnprocessableEntity, unconfirmed.status, "%s", unconfirmed.body)
	assert.Equal(t, "not_eligible", unconfirmed.json(t)["code"])
	assert.Equal(t, "confirmations_missing", unconfirmed.json(t)["unmet"].([]any)[0].(map[string]any)["code"])

	selfClaim := f.call(t, http.MethodPost, claim, f.riverside, byEmail(eo), all)
	assert.Equal(t, http.StatusForbidden, selfClaim.status, "only an overseer claims: %s", selfClaim.body)
	unreached := f.call(t, http.MethodPost, claim, f.hillside, byEmail(sl), all)
	assert.Equal(t, http.StatusNotFound, unreached.status, "%s", unreached.body)

	issued := f.call(t, http.MethodPost, claim, f.riverside, byEmail(sl), all)
	require.Equal(t, http.StatusCreated, issued.status, "%s", issued.body)
	cert := issued.json(t)
	assert.Regexp(t, `^EOPS-2526-[0-9A-Z]{4}-[0-9A-Z]{4}$`, cert["serial"])
	assert.Equal(t, eo.Name, cert["holderName"])
	assert.Equal(t, sl.Name, cert["claimedByName"])
	assert.Equal(t, "12345", cert["centreNumber"])
	assert.Equal(t, false, cert["revoked"])

	tr := f.call(t, http.MethodGet, "/records/"+f.record, f.riverside, byEmail(eo), nil).json(t)
	assert.Equal(t, true, tr["record"].(map[string]any)["closed"])
	assert.Equal(t, cert["id"], tr["certificate"].(map[string]any)["id"])
	again := f.call(t, http.MethodPost, claim, f.riverside, byEmail(sl), all)
	assert.Equal(t, http.StatusUnprocessableEntity, again.status, "%s", again.body)
	assert.Equal(t, "already_certified", again.json(t)["unmet"].([]any)[0].(map[string]any)["code"])
	closed := f.call(t, http.MethodPost, "/records/"+f.record+"/targets", f.riverside, byEmail(eo), map[string]any{"area": "knowledge", "title": "Too late"})
	assert.Equal(t, http.StatusConflict, closed.status, "a closed record takes no change (R-TGT-4): %s", closed.body)

	path := "/certificates/" + cert["id"].(string)
	mine := f.call(t, http.MethodGet, path, f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusOK, mine.status, "%s", mine.body)
	assert.Equal(t, cert["verificationCode"], mine.json(t)["verificationCode"])
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, path, f.all, byEmail(admin), nil).status, "the centre's admin")
	missing := f.call(t, http.MethodGet, "/certificates/01NOSUCHCERT0000000000000", f.riverside, byEmail(eo), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	for _, res := range []response{
		f.call(t, http.MethodGet, path, f.hillside, byEmail(eo), nil),
		f.call(t, http.MethodGet, path, f.hillside, byEmail(other), nil),
		f.call(t, http.MethodGet, path, f.all, byEmail(other), nil),
	} {
		assert.Equal(t, http.StatusNotFound, res.status, "%s", res.body)
		assert.Equal(t, string(missing.body), string(res.body), "no hint of what exists")
	}
}

// TestACertificateIsRefusedToAMemberWithoutTheRight (R-CRT-1): a person
// registered at the centre who is neither holder, overseer nor admin may
// not see the certificate: 403 through a key for every centre, which
// reaches it whatever it is, and through a key for named centres when the
// person stands at none but those; once they stand at a centre beyond the
// key too, 404, since the 403 could then be about that centre and say
// that the certificate exists there (unreached).
func TestACertificateIsRefusedToAMemberWithoutTheRight(t *testing.T) {
	f := newFixture(t)
	f.readyToClaim(t)
	cert, err := f.svc.Claim(t.Context(), sl, f.record, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	require.NoError(t, err)
	pending := standards.Actor{Email: "pat@riverside.sch.uk", Name: "Pat Pending"}
	_, err = f.svc.RequestToJoin(t.Context(), pending, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: pending.Name,
		Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	path := "/certificates/" + cert.ID
	forbidden := f.call(t, http.MethodGet, path, f.all, byEmail(pending), nil)
	assert.Equal(t, http.StatusForbidden, forbidden.status, "%s", forbidden.body)
	named := f.call(t, http.MethodGet, path, f.riverside, byEmail(pending), nil)
	assert.Equal(t, http.StatusForbidden, named.status, "%s", named.body)
	_, err = f.svc.RequestToJoin(t.Context(), pending, standards.JoinRequest{Year: year, CentreNumber: "54321", FullName: pending.Name,
		Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	missing := f.call(t, http.MethodGet, "/certificates/01NOSUCHCERTIFICATE000000", f.riverside, byEmail(pending), nil)
	require.Equal(t, http.StatusNotFound, missing.status)
	beyond := f.call(t, http.MethodGet, path, f.riverside, byEmail(pending), nil)
	assert.Equal(t, http.StatusNotFound, beyond.status, "%s", beyond.body)
	assert.Equal(t, string(missing.body), string(beyond.body))
	long := f.call(t, http.MethodGet, "/certificates/"+strings.Repeat("x", 65), f.riverside, byEmail(eo), nil)
	assert.Equal(t, http.StatusNotFound, long.status, "an id longer than any is no certificate: %s", long.body)
}
