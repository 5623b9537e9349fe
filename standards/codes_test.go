package standards_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
)

// requireFieldCodes checks that every FieldError of err carries a code of
// FieldCodes: the promise a host translating forms relies on.
func requireFieldCodes(t *testing.T, err error) {
	t.Helper()
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		assert.Contains(t, standards.FieldCodes(), f.Code, "field %s of %v has no documented code", f.Field, err)
	}
}

// fieldOf finds the FieldError err gives for field.
func fieldOf(t *testing.T, err error, field string) standards.FieldError {
	t.Helper()
	requireFieldCodes(t, err)
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		if f.Field == field {
			return f
		}
	}
	t.Fatalf("no error on %q in %v", field, err)
	return standards.FieldError{}
}

func TestErrorCodeOfEveryKind(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		err  error
		want standards.Code
	}{
		{nil, ""},
		{&standards.ValidationError{Fields: []standards.FieldError{{Field: "x", Code: standards.FieldRequired}}}, standards.CodeInvalid},
		{standards.ErrUnauthenticated, standards.CodeUnauthenticated},
		{standards.ErrNotFound, standards.CodeNotFound},
		{fmt.Errorf("record 01J: %w", standards.ErrNotFound), standards.CodeNotFound},
		{standards.ErrForbidden, standards.CodeForbidden},
		{standards.ErrConflict, standards.CodeConflict},
		{&standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonLastAdmin}, standards.CodeConflict},
		{&standards.NotEligibleError{}, standards.CodeNotEligible},
		{standards.ErrTransient, standards.CodeTransient},
		// The last ErrTransient of a retry joined with the context that
		// ended the tries is still transient: trying again may succeed.
		{errors.Join(standards.ErrTransient, ctx.Err()), standards.CodeTransient},
		{fmt.Errorf("%w: dial tcp: refused", standards.ErrUnavailable), standards.CodeUnavailable},
		{ctx.Err(), standards.CodeCanceled},
		{context.DeadlineExceeded, standards.CodeCanceled},
		{errors.New("disk on fire"), standards.CodeInternal},
	} {
		assert.Equal(t, tc.want, standards.ErrorCode(tc.err), "%v", tc.err)
		if tc.err != nil {
			assert.Contains(t, standards.Codes(), standards.ErrorCode(tc.err))
		}
	}
}

// An *Error is found by errors.Is as its kind and as its cause, and as no
// other kind: code that tested kinds before codes existed keeps working.
func TestErrorsIsStillFindsEveryKind(t *testing.T) {
	t.Parallel()
	kinds := []error{standards.ErrNotFound, standards.ErrForbidden, standards.ErrConflict, standards.ErrNotEligible,
		standards.ErrUnauthenticated, standards.ErrUnavailable, standards.ErrTransient}
	cause := errors.New("driver said no")
	for _, kind := range kinds {
		err := fmt.Errorf("wrapped: %w", &standards.Error{Kind: kind, Reason: standards.ReasonDuplicate, Message: "m", Err: cause})
		for _, other := range kinds {
			assert.Equal(t, other == kind, errors.Is(err, other), "%v is %v", err, other)
		}
		assert.ErrorIs(t, err, cause)
		assert.Equal(t, standards.ReasonDuplicate, standards.ErrorReason(err))
		var e *standards.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "m", e.Message)
	}
	assert.ErrorIs(t, &standards.NotEligibleError{}, standards.ErrNotEligible)
	assert.Equal(t, standards.ReasonUnmetConditions, standards.ErrorReason(&standards.NotEligibleError{}))
	assert.Equal(t, standards.Reason(""), standards.ErrorReason(standards.ErrNotFound))
}

// The Service's refusals a host is likely to show each carry their
// reason, with the parameters its text needs, and still test as their kind.
func TestRefusalsCarryTheirReason(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()

	_, err := f.svc.RegisterCentre(ctx, standards.Actor{Email: "bea@brookside.sch.uk"}, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside", FullName: "Bea", Roles: standards.Roles{standards.RoleEO},
	})
	require.ErrorIs(t, err, standards.ErrConflict)
	var e *standards.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, standards.ReasonCentreAlreadyRegistered, e.Reason)
	assert.Equal(t, map[string]string{"centre_number": "12345", "year": "2025/26"}, e.Params)
	assert.Equal(t, "conflict: "+e.Message, err.Error(), "the message reads as it did before codes")

	_, err = f.svc.RevokeAdmin(ctx, adminActor, f.admin.ID)
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, standards.ReasonLastAdmin, standards.ErrorReason(err))

	_, err = f.svc.RequestToJoin(ctx, pendingActor, standards.JoinRequest{Year: year, CentreNumber: "12345", FullName: "Pat Pending", Roles: standards.Roles{standards.RoleEO}})
	require.ErrorIs(t, err, standards.ErrConflict)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, standards.ReasonAlreadyAskedToJoin, e.Reason)
	assert.Equal(t, "new@riverside.sch.uk", e.Params["email"])

	_, err = f.svc.Claim(ctx, slActor, recordOf(t, f.svc, eoActor), standards.Confirmations{})
	require.ErrorIs(t, err, standards.ErrNotEligible)
	assert.Equal(t, standards.ReasonUnmetConditions, standards.ErrorReason(err))
	assert.Equal(t, standards.CodeNotEligible, standards.ErrorCode(err))

	_, err = f.svc.GrantAdmin(ctx, eoActor, f.sl.ID)
	require.ErrorIs(t, err, standards.ErrForbidden)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, standards.ReasonNeedsRight, e.Reason)
	assert.NotEmpty(t, e.Params["needs"])
}

// A store's stale save and its unique keys carry their reasons too.
func TestStoreConflictsCarryTheirReason(t *testing.T) {
	t.Parallel()
	store := memory.New()
	ctx := t.Context()
	rec := standards.Record{ID: "r1", RegistrationID: "g1", CentreID: "c1", PersonID: "p1", Year: year, CreatedAt: septemberDay}
	require.NoError(t, store.Update(ctx, func(tx standards.Tx) error { return tx.CreateRecord(ctx, rec) }))
	err := store.Update(ctx, func(tx standards.Tx) error { return tx.CreateRecord(ctx, rec) })
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, standards.ReasonDuplicate, standards.ErrorReason(err))
	rec.Version = 7
	err = store.Update(ctx, func(tx standards.Tx) error { return tx.UpdateRecord(ctx, rec) })
	require.ErrorIs(t, err, standards.ErrConflict)
	assert.Equal(t, standards.ReasonStale, standards.ErrorReason(err))
}

// Each field error says what is wrong with a code and the parameters its
// text needs.
func TestFieldCodesSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	reg := func(mutate func(*standards.CentreRegistration)) error {
		in := standards.CentreRegistration{Year: year, CentreNumber: "67890", CentreName: "Brookside", FullName: "Bea Brook", Roles: standards.Roles{standards.RoleEO}}
		mutate(&in)
		_, err := f.svc.RegisterCentre(ctx, standards.Actor{Email: "bea@brookside.sch.uk"}, in)
		return err
	}
	eve := recordOf(t, f.svc, eoActor)
	for _, tc := range []struct {
		name   string
		err    error
		field  string
		code   standards.FieldCode
		params map[string]string
	}{
		{"EmptyName", reg(func(in *standards.CentreRegistration) { in.FullName = " " }), "full_name", standards.FieldRequired, nil},
		{"LongName", reg(func(in *standards.CentreRegistration) { in.CentreName = strings.Repeat("x", 201) }), "centre_name", standards.FieldTooLong, map[string]string{"max": "200"}},
		{"ControlInName", reg(func(in *standards.CentreRegistration) { in.FullName = "Bea\x07" }), "full_name", standards.FieldControlCharacters, nil},
		{"CentreNumber", reg(func(in *standards.CentreRegistration) { in.CentreNumber = "12 34" }), "centre_number", standards.FieldInvalidFormat, map[string]string{"example": "12345"}},
		{"UnknownRole", reg(func(in *standards.CentreRegistration) { in.Roles = standards.Roles{"HEAD"} }), "roles", standards.FieldNotInList, map[string]string{"value": "HEAD"}},
		{"EndedYear", reg(func(in *standards.CentreRegistration) { in.Year = year - 1 }), "year", standards.FieldYearEnded, map[string]string{"year": "2024/25", "current": "2025/26"}},
		{"YearNotOpen", reg(func(in *standards.CentreRegistration) { in.Year = year + 2 }), "year", standards.FieldYearNotOpen, map[string]string{"year": "2027/28"}},
		{"YearOutOfRange", reg(func(in *standards.CentreRegistration) { in.Year = 1900 }), "year", standards.FieldOutOfRange, nil},
		{"CPDHours", func() error {
			_, err := f.svc.LogCPD(ctx, eoActor, eve, standards.CPDInput{Kind: standards.CPDKinds()[0], Title: "Course", Date: septemberDay, Hours: 0})
			return err
		}(), "hours", standards.FieldOutOfRange, map[string]string{"value": "0", "min": "0", "max": "100"}},
		{"MeetingInFuture", func() error {
			_, err := f.svc.RecordMeeting(ctx, slActor, eve, standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: septemberDay.AddDate(0, 0, 3), Attendees: []string{f.eo.ID, f.sl.ID}})
			return err
		}(), "date", standards.FieldDayInFuture, map[string]string{"value": "18 September 2025", "today": "15 September 2025"}},
		{"DueOutsideYear", func() error {
			_, _, err := f.svc.ProposeTarget(ctx, eoActor, eve, standards.TargetInput{Area: standards.AreaKnowledge, Title: "T", Due: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
			return err
		}(), "due", standards.FieldDayNotInYear, map[string]string{"value": "1 January 2027", "year": "2025/26", "from": "1 September 2025", "to": "31 August 2026"}},
		{"SelfOversight", func() error {
			_, err := f.svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.sl.ID, Overseer: f.sl.ID})
			return err
		}(), "overseer", standards.FieldSamePerson, nil},
		{"DeliverLease", func() error {
			_, err := f.svc.ClaimEvents(ctx, "d", 0, 1)
			return err
		}(), "lease", standards.FieldTooSmall, map[string]string{"min": "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := fieldOf(t, tc.err, tc.field)
			assert.Equal(t, tc.code, fe.Code, "%v", tc.err)
			if tc.params != nil {
				assert.Equal(t, tc.params, fe.Params)
			}
			assert.NotEmpty(t, fe.Message, "the English message stays")
		})
	}
}

// Every code the library documents has a text in the English catalogue, a
// text that runs, and no key of the catalogue names a code that does not
// exist.
func TestEnglishHasATextForEveryCode(t *testing.T) {
	t.Parallel()
	en := standards.English()
	assert.Empty(t, en.Missing(), "codes without English")
	keys := standards.MessageKeys()
	for k := range en {
		assert.Contains(t, keys, k, "a text for no code")
	}
	for _, c := range standards.FieldCodes() {
		fe := standards.FieldError{Code: c, Params: map[string]string{"max": "9"}, Message: "FALLBACK"}
		assert.NotEqual(t, "FALLBACK", fe.Text(en), "field.%s does not render", c)
	}
	for _, c := range standards.FlagCodes() {
		fl := standards.Flag{Code: c, Params: map[string]string{"count": "1", "ended": "true"}, Message: "FALLBACK"}
		assert.NotEqual(t, "FALLBACK", fl.Text(en), "flag.%s does not render", c)
	}
	assert.Len(t, slices.Compact(slices.Clone(keys)), len(keys), "keys are unique")
}

// The English catalogue says what the library's own messages say, where
// they carry the same facts.
func TestEnglishCatalogueMatchesTheMessages(t *testing.T) {
	t.Parallel()
	en := standards.English()
	day := func(d int) time.Time { return time.Date(2025, 9, d, 0, 0, 0, 0, time.UTC) }
	flags := standards.Flags(standards.FlagFacts{
		Registration: standards.Registration{Year: year, Status: standards.RegistrationApproved, RequestedAt: time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC)},
		OpenedAt:     day(1), Now: time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC),
		Targets: []standards.Target{{Title: "Know the rules", Area: standards.AreaKnowledge, State: standards.TargetAgreed, Due: day(30)}},
	})
	require.NotEmpty(t, flags)
	for _, fl := range flags {
		assert.Equal(t, fl.Message, fl.Text(en), "flag %s", fl.Code)
	}
	unmet := standards.Eligibility(standards.ClaimFacts{Registration: standards.Registration{Year: year}, Now: day(20)})
	require.NotEmpty(t, unmet)
	for _, u := range unmet {
		assert.Equal(t, u.Message, u.Text(en), "unmet %s", u.Code)
	}
}

// A host's catalogue translates every error the library returns; a key it
// lacks falls back to the library's English, never to nothing.
func TestTranslateUsesTheHostsCatalogue(t *testing.T) {
	t.Parallel()
	fake := standards.Messages{}
	for _, k := range standards.MessageKeys() {
		fake[k] = "«" + k + "»"
	}
	f := newFixture(t)
	ctx := t.Context()

	_, err := f.svc.RevokeAdmin(ctx, adminActor, f.admin.ID)
	assert.Equal(t, "«reason.last_admin»", standards.Translate(err, fake))

	_, err = f.svc.RegisterCentre(ctx, standards.Actor{Email: "bea@brookside.sch.uk"}, standards.CentreRegistration{Year: year, CentreNumber: "1", Roles: standards.Roles{standards.RoleEO}})
	assert.Equal(t, "«error.invalid»: centre_number: «field.invalid_format»; centre_name: «field.required»; full_name: «field.required»",
		standards.Translate(err, fake))

	_, err = f.svc.Claim(ctx, slActor, recordOf(t, f.svc, eoActor), standards.Confirmations{})
	assert.True(t, strings.HasPrefix(standards.Translate(err, fake), "«error.not_eligible»: «unmet."), standards.Translate(err, fake))

	assert.Equal(t, "«error.not_found»", standards.Translate(standards.ErrNotFound, fake))
	assert.Equal(t, "«error.internal»", standards.Translate(errors.New("boom"), fake))
	assert.Equal(t, "", standards.Translate(nil, fake))

	partial := standards.Messages{"field.required": "Mae angen hwn"}
	fe := standards.FieldError{Field: "full_name", Code: standards.FieldTooLong, Message: "a name has at most 200 characters"}
	assert.Equal(t, "a name has at most 200 characters", fe.Text(partial), "a missing key falls back to the Message")
	fe.Code = standards.FieldRequired
	assert.Equal(t, "Mae angen hwn", fe.Text(partial))
	assert.Equal(t, "i.e. 9", standards.FieldError{Code: standards.FieldTooLong, Params: map[string]string{"max": "9"}}.Text(standards.Messages{"field.too_long": "i.e. {{.max}}"}))
}

// docs/embedding.md, "Errors and codes", lists every code a host may meet.
func TestEveryCodeIsDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/embedding.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(doc), "## Errors and codes")
	require.True(t, ok, "docs/embedding.md has an Errors and codes section")
	section, _, _ = strings.Cut(section, "\n## ")
	for _, k := range standards.MessageKeys() {
		_, code, _ := strings.Cut(k, ".")
		assert.Contains(t, section, "`"+code+"`", "%s is not documented", k)
	}
}
