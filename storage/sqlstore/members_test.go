package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
)

// On a SQLite file the store opened, a centre's registrations come with
// their people in one statement, and People answers from them; a person the
// transaction changes is read afresh.
func TestPeopleReadWithTheirRegistrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	counter := &queryCounter{}
	store, err := sqlstore.OpenSQLite(filepath.Join(t.TempDir(), "eops.db"), sqlstore.WithQueryHook(counter))
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	require.NoError(t, store.Migrate(ctx))

	at := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	centre := standards.Centre{ID: "c1", Number: "12345", Name: "Riverside", CreatedAt: at}
	ada := standards.Person{ID: "p1", Email: "ada@riverside.sch.uk", Name: "Ada", CreatedAt: at}
	bo := standards.Person{ID: "p2", Email: "bo@riverside.sch.uk", Name: "Bo", CreatedAt: at}
	other := standards.Person{ID: "p3", Email: "cy@hillside.sch.uk", Name: "Cy", CreatedAt: at}
	require.NoError(t, store.Update(ctx, func(tx standards.Tx) error {
		require.NoError(t, tx.CreateCentre(ctx, centre))
		for i, p := range []standards.Person{ada, bo, other} {
			require.NoError(t, tx.CreatePerson(ctx, p))
			if p.ID == other.ID {
				continue
			}
			require.NoError(t, tx.CreateRegistration(ctx, standards.Registration{
				ID: "r" + p.ID, CentreID: centre.ID, PersonID: p.ID, Year: 2025, Roles: standards.Roles{standards.RoleEO},
				Status: standards.StatusPending, RequestedAt: at.Add(time.Duration(i) * time.Minute),
			}))
		}
		return nil
	}))

	require.NoError(t, store.View(ctx, func(tx standards.Tx) error {
		regs, err := tx.RegistrationsByCentre(ctx, centre.ID, 2025)
		require.NoError(t, err)
		require.Len(t, regs, 2)
		assert.Equal(t, []string{"rp1", "rp2"}, []string{regs[0].ID, regs[1].ID})
		var people []standards.Person
		n := counter.count(func() { people, err = tx.People(ctx, []string{bo.ID, ada.ID}) })
		require.NoError(t, err)
		assert.Equal(t, []standards.Person{bo, ada}, people, "in the order asked")
		assert.Zero(t, n, "no statement: the people came with their registrations")

		n = counter.count(func() { people, err = tx.People(ctx, []string{ada.ID, other.ID}) })
		require.NoError(t, err)
		assert.Equal(t, []standards.Person{ada, other}, people)
		assert.Equal(t, int64(1), n, "one not read yet: all are read")
		return nil
	}))

	renamed := ada
	renamed.Name = "Ada Lovelace"
	require.NoError(t, store.Update(ctx, func(tx standards.Tx) error {
		_, err := tx.RegistrationsByCentre(ctx, centre.ID, 2025)
		require.NoError(t, err)
		require.NoError(t, tx.UpdatePerson(ctx, renamed))
		people, err := tx.People(ctx, []string{ada.ID, bo.ID})
		require.NoError(t, err)
		assert.Equal(t, []standards.Person{renamed, bo}, people, "a person changed in the transaction is read afresh")
		return nil
	}))
}
