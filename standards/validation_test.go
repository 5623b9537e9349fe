package standards_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestR_CEN_1_ParseCentreNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]standards.CentreNumber{
		"12345":   "12345",
		" 12345 ": "12345",
		"gb123":   "GB123",
		"GB123":   "GB123",
		"12 34":   "",
		"1234":    "",
		"123456":  "",
		"G1234":   "",
		"GBX12":   "",
		"ÄB123":   "",
		"":        "",
	} {
		got, err := standards.ParseCentreNumber(in)
		if want == "" {
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve, "input %q", in)
			assert.NotEmpty(t, ve.Message("centre_number"), "input %q", in)
			continue
		}
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	// Nothing typed asks for the number; something else says its shape.
	for in, code := range map[string]standards.FieldCode{"": standards.FieldRequired, "  ": standards.FieldRequired, "1234": standards.FieldInvalidFormat} {
		_, err := standards.ParseCentreNumber(in)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "input %q", in)
		assert.Equal(t, code, ve.Fields[0].Code, "input %q", in)
	}
}

func TestR_PER_1_NormaliseEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		" Eve.Officer@Riverside.SCH.uk ":    "eve.officer@riverside.sch.uk",
		"eo@example.org":                    "eo@example.org",
		"no-at-sign.example.org":            "",
		"@example.org":                      "",
		"eo@":                               "",
		"Eve <eo@example.org>":              "",
		"two@@example.org":                  "",
		"a b@example.org":                   "",
		"":                                  "",
		strings.Repeat("a", 250) + "@x.org": "",
	} {
		got, err := standards.NormaliseEmail(in)
		if want == "" {
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve, "input %q", in)
			assert.NotEmpty(t, ve.Message("email"))
			continue
		}
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
}

func TestParseRoles(t *testing.T) {
	t.Parallel()
	roles, err := standards.ParseRoles("lm; eo,SL eo")
	require.NoError(t, err)
	assert.Equal(t, standards.Roles{standards.RoleEO, standards.RoleSL, standards.RoleLM}, roles)
	assert.Equal(t, "EO,SL,LM", roles.String())
	for _, bad := range []string{"", "XX", "EO;headteacher"} {
		_, err := standards.ParseRoles(bad)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, bad)
		assert.NotEmpty(t, ve.Message("roles"), bad)
	}
}

// TestBadInputWritesNothing is the foundation's promise: every bad field is
// named in one *ValidationError, and nothing is written.
func TestBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	good := standards.CentreRegistration{Year: year, CentreNumber: "67890", CentreName: "Brookside School", FullName: "Bea Brook", Roles: standards.Roles{standards.RoleEO}}
	y2527, yearErr := standards.ParseAcademicYear("2025/27")
	require.Error(t, yearErr)

	for _, tc := range []struct {
		name   string
		field  string
		mutate func(*standards.CentreRegistration)
	}{
		{"CentreNumberWithSpace", "centre_number", func(in *standards.CentreRegistration) { in.CentreNumber = "12 34" }},
		{"Year2025/27", "year", func(in *standards.CentreRegistration) { in.Year = y2527 }},
		{"EmptyCentreName", "centre_name", func(in *standards.CentreRegistration) { in.CentreName = "  " }},
		{"LongCentreName", "centre_name", func(in *standards.CentreRegistration) { in.CentreName = strings.Repeat("x", 700) }},
		{"EmptyFullName", "full_name", func(in *standards.CentreRegistration) { in.FullName = "" }},
		{"LongFullName", "full_name", func(in *standards.CentreRegistration) { in.FullName = strings.Repeat("é", 700) }},
		{"UnknownRole", "roles", func(in *standards.CentreRegistration) { in.Roles = standards.Roles{"HEAD"} }},
		{"NoRole", "roles", func(in *standards.CentreRegistration) { in.Roles = nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot(t)
			in := good
			tc.mutate(&in)
			_, err := f.svc.RegisterCentre(ctx, standards.Actor{Email: "bea@brookside.sch.uk"}, in)
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.NotEmpty(t, ve.Message(tc.field), "error %v should name %s", err, tc.field)
			assert.Len(t, ve.Fields, 1, "only the bad field is named: %v", err)
			assert.Equal(t, before, f.snapshot(t))
		})
	}

	t.Run("EmailWithoutAt", func(t *testing.T) {
		before := f.snapshot(t)
		_, err := f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
			CentreID: f.centre.ID, Year: year, Email: "eo.riverside.sch.uk", FullName: "No At", Roles: standards.Roles{standards.RoleEO},
		})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.NotEmpty(t, ve.Message("email"))
		assert.Equal(t, before, f.snapshot(t))
	})

	t.Run("EveryBadFieldAtOnce", func(t *testing.T) {
		_, err := f.svc.RegisterCentre(ctx, standards.Actor{Email: "bea@brookside.sch.uk"}, standards.CentreRegistration{
			Year: year, CentreNumber: "12 34", CentreName: "", FullName: strings.Repeat("x", 700), Roles: standards.Roles{"XX"},
		})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		for _, field := range []string{"centre_number", "centre_name", "full_name", "roles"} {
			assert.NotEmpty(t, ve.Message(field), field)
		}
	})

	t.Run("ActorWithBadEmail", func(t *testing.T) {
		_, err := f.svc.RegisterCentre(ctx, standards.Actor{Email: "not an email"}, good)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.NotEmpty(t, ve.Message("actor.email"))
	})

	t.Run("Nobody", func(t *testing.T) {
		_, err := f.svc.RegisterCentre(ctx, nobody, good)
		assert.True(t, errors.Is(err, standards.ErrUnauthenticated))
	})
}
