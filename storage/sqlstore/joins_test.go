package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// On a SQLite file the store opened, a centre's registrations come with
// their people in one statement, and People answers from them; a person the
// transaction changes is read afresh.
func TestPeopleReadWithTheirRegistrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, counter := countedSQLite(t)

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
				Status: standards.RegistrationPending, RequestedAt: at.Add(time.Duration(i) * time.Minute),
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

// On a SQLite file the store opened, a person read by e-mail comes with
// the trusts they lead in one statement, and TrustsLedBy answers from them;
// an appointment the transaction makes or removes is read afresh.
func TestTrustsLedReadWithThePerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, counter := countedSQLite(t)

	at := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	lead := standards.Person{ID: "p1", Email: "lead@trust.org.uk", Name: "Lee", CreatedAt: at}
	nobody := standards.Person{ID: "p2", Email: "eo@riverside.sch.uk", Name: "Eo", CreatedAt: at}
	valley := standards.TrustLead{TrustID: "t1", PersonID: lead.ID, AppointedAt: at}
	hills := standards.TrustLead{TrustID: "t2", PersonID: lead.ID, AppointedAt: at.Add(time.Minute)}
	require.NoError(t, store.Update(ctx, func(tx standards.Tx) error {
		for _, p := range []standards.Person{lead, nobody} {
			require.NoError(t, tx.CreatePerson(ctx, p))
		}
		for i, id := range []string{"t1", "t2", "t3"} {
			require.NoError(t, tx.CreateTrust(ctx, standards.Trust{ID: id, Name: "Trust " + id, CreatedAt: at.Add(time.Duration(i) * time.Second)}))
		}
		require.NoError(t, tx.CreateTrustLead(ctx, hills))
		require.NoError(t, tx.CreateTrustLead(ctx, valley))
		return nil
	}))

	require.NoError(t, store.View(ctx, func(tx standards.Tx) error {
		for _, c := range []struct {
			person standards.Person
			leads  []standards.TrustLead
		}{{lead, []standards.TrustLead{valley, hills}}, {nobody, []standards.TrustLead{}}} {
			got, err := tx.PersonByEmail(ctx, c.person.Email)
			require.NoError(t, err)
			assert.Equal(t, c.person, got)
			var leads []standards.TrustLead
			n := counter.count(func() { leads, err = tx.TrustsLedBy(ctx, c.person.ID) })
			require.NoError(t, err)
			assert.Equal(t, c.leads, leads, "%s: in order of appointment", c.person.Email)
			assert.Zero(t, n, "%s: no statement: the leads came with the person", c.person.Email)
		}
		_, err := tx.PersonByEmail(ctx, "stranger@example.org")
		assert.ErrorIs(t, err, standards.ErrNotFound)
		return nil
	}))

	third := standards.TrustLead{TrustID: "t3", PersonID: lead.ID, AppointedAt: at.Add(2 * time.Minute)}
	require.NoError(t, store.Update(ctx, func(tx standards.Tx) error {
		_, err := tx.PersonByEmail(ctx, lead.Email)
		require.NoError(t, err)
		require.NoError(t, tx.CreateTrustLead(ctx, third))
		leads, err := tx.TrustsLedBy(ctx, lead.ID)
		require.NoError(t, err)
		assert.Equal(t, []standards.TrustLead{valley, hills, third}, leads, "an appointment made in the transaction")
		require.NoError(t, tx.DeleteTrustLead(ctx, "t1", lead.ID))
		leads, err = tx.TrustsLedBy(ctx, lead.ID)
		require.NoError(t, err)
		assert.Equal(t, []standards.TrustLead{hills, third}, leads, "an appointment removed in the transaction")
		return nil
	}))
}
