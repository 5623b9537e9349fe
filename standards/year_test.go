package standards_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

func TestR_YEAR_1_ParseAcademicYear(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want standards.AcademicYear
	}{
		{"2025/26", 2025},
		{"2025-26", 2025},
		{" 2024/25 ", 2024},
		{"2099/00", 0}, // outside the years served
		{"2025/27", 0},
		{"2025/2026", 0},
		{"25/26", 0},
		{"2025", 0},
		{"", 0},
		{"abcd/ef", 0},
		{"2025 26", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := standards.ParseAcademicYear(tc.in)
			if tc.want == 0 {
				var ve *standards.ValidationError
				require.True(t, errors.As(err, &ve), "want a ValidationError, got %v", err)
				assert.NotEmpty(t, ve.Message("year"))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.in != "2025-26" && tc.in != " 2024/25 ", got.String() == tc.in)
		})
	}
	assert.Equal(t, "2099/00", standards.AcademicYear(2099).String())
	assert.Equal(t, "2025/26", standards.AcademicYear(2025).String())
}

func TestR_YEAR_1_Boundaries(t *testing.T) {
	t.Parallel()
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	y := standards.AcademicYear(2025)
	assert.Equal(t, time.Date(2025, 9, 1, 0, 0, 0, 0, london), y.Start())
	assert.Equal(t, time.Date(2026, 9, 1, 0, 0, 0, 0, london), y.End())
	// 23:30 UTC on 31 August 2025 is 00:30 on 1 September in London (BST).
	firstMinutes := time.Date(2025, 8, 31, 23, 30, 0, 0, time.UTC)
	assert.Equal(t, standards.AcademicYear(2025), standards.YearOf(firstMinutes))
	assert.True(t, y.Contains(firstMinutes))
	lastMinutes := time.Date(2026, 8, 31, 22, 59, 0, 0, time.UTC)
	assert.Equal(t, standards.AcademicYear(2025), standards.YearOf(lastMinutes))
	assert.Equal(t, standards.AcademicYear(2026), standards.YearOf(lastMinutes.Add(time.Minute)))
	assert.Equal(t, standards.AcademicYear(2024), standards.YearOf(time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)))
}

func TestR_YEAR_3_LateRegistration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		at   time.Time
		late bool
	}{
		{"OnTimeSeptember", time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC), false},
		{"OnTimeLastMinuteOfOctober", time.Date(2025, 10, 31, 23, 59, 0, 0, time.UTC), false}, // GMT from 26 Oct
		{"LateNovember", time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"LateJune", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, _, _ := newService(t, tc.at)
			reg, err := svc.RegisterCentre(t.Context(), adminActor, standards.CentreRegistration{
				Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleEO},
			})
			require.NoError(t, err, "registering late is allowed")
			assert.Equal(t, tc.late, reg.Late())
		})
	}
}

func TestR_YEAR_2_RegistrationBelongsToOneYear(t *testing.T) {
	t.Parallel()
	svc, _, _ := newService(t, time.Date(2025, 8, 20, 9, 0, 0, 0, time.UTC))
	ctx := t.Context()
	in := standards.CentreRegistration{Year: 2024, CentreNumber: "12345", CentreName: "Riverside", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL}}
	r24, err := svc.RegisterCentre(ctx, adminActor, in)
	require.NoError(t, err)
	in.Year = 2025 // in August a centre may prepare for the coming year
	r25, err := svc.RegisterCentre(ctx, adminActor, in)
	require.NoError(t, err)
	assert.NotEqual(t, r24.ID, r25.ID)
	assert.Equal(t, standards.AcademicYear(2024), r24.Year)
	assert.Equal(t, standards.AcademicYear(2025), r25.Year)

	in.Year = 2026
	_, err = svc.RegisterCentre(ctx, adminActor, in)
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Message("year"), "not open yet")
	in.Year = 2023
	_, err = svc.RegisterCentre(ctx, adminActor, in)
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Message("year"), "has ended")
}
