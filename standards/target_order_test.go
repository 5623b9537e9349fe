package standards_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestTargetsOfOneCallListInTheOrderMade: ids of one millisecond sort at
// random, so the targets one call makes (a starter template's) are stamped
// a microsecond apart, and the record lists them in the template's order,
// on every store, even when the clock stands still within the call.
func TestTargetsOfOneCallListInTheOrderMade(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, clk *clock) {
		ctx := t.Context()
		admin, err := svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		eo := join(t, svc, eoActor, "12345", standards.RoleEO)
		_, err = svc.ApproveRegistration(ctx, adminActor, eo.ID)
		require.NoError(t, err)
		_, err = svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: eo.ID, Overseer: admin.ID})
		require.NoError(t, err)
		rec := recordOf(t, svc, eoActor)
		var want []string
		for _, id := range []string{"new-eo", "experienced-eo"} {
			_, _, err := svc.ApplyTemplate(ctx, adminActor, rec, id)
			require.NoError(t, err)
			tmpl, ok := svc.Catalogue(year).Template(id)
			require.True(t, ok)
			for _, tt := range tmpl.Targets {
				want = append(want, tt.ItemID)
			}
			clk.t = clk.t.Add(time.Millisecond)
		}
		tr, err := svc.Tracker(ctx, adminActor, rec)
		require.NoError(t, err)
		var got []string
		for _, tg := range tr.Targets {
			got = append(got, tg.CatalogueItemID)
		}
		require.Greater(t, len(want), 4)
		assert.Equal(t, want, got)
	})
}
