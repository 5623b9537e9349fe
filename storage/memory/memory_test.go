package memory_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) standards.Store { return memory.New() })
}

var (
	when   = time.Date(2025, time.September, 15, 9, 30, 0, 0, time.UTC)
	centre = standards.Centre{ID: "c0000000000000000000000001", Number: "12345", Name: "Riverside Academy", CreatedAt: when}
	person = standards.Person{ID: "p0000000000000000000000001", Email: "eo@riverside.example", Name: "Eve Officer", CreatedAt: when}
	reg    = standards.Registration{
		ID: "r0000000000000000000000001", CentreID: centre.ID, PersonID: person.ID, Year: 2025,
		Roles: standards.Roles{standards.RoleEO}, Status: standards.RegistrationPending, RequestedAt: when,
		RegisteredBy: person.ID, RejectReason: "0",
	}
)

// TestConcurrentUpdates runs many read-modify-write Updates and Views at
// once. The memory store runs Updates one at a time, so none may fail and
// none may be lost: the counter each one increments, the audit entries and
// the events each one appends all end at the number of Updates; and every
// View sees the counter and the trail agree.
func TestConcurrentUpdates(t *testing.T) {
	const writers, updatesEach, readers = 32, 25, 8
	ctx := t.Context()
	s := memory.New()
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error {
		return errors.Join(tx.CreateCentre(ctx, centre), tx.CreatePerson(ctx, person), tx.CreateRegistration(ctx, reg))
	}))

	var writing, reading sync.WaitGroup
	done := make(chan struct{})
	for w := range writers {
		writing.Go(func() {
			for i := range updatesEach {
				err := s.Update(ctx, func(tx standards.Tx) error {
					r, err := tx.Registration(ctx, reg.ID)
					if err != nil {
						return err
					}
					n, err := strconv.Atoi(r.RejectReason)
					if err != nil {
						return err
					}
					r.RejectReason = strconv.Itoa(n + 1)
					if err := tx.UpdateRegistration(ctx, r); err != nil {
						return err
					}
					summary := fmt.Sprintf("writer %d, update %d", w, i)
					if _, err := tx.AppendAudit(ctx, standards.AuditEntry{At: when, Action: "counter.increment", CentreID: centre.ID, Summary: summary}); err != nil {
						return err
					}
					_, err = tx.AppendEvent(ctx, standards.Event{ID: fmt.Sprintf("ev-%d-%d", w, i), At: when, Kind: standards.EventRegistrationApproved, To: []string{person.Email}, CentreID: centre.ID, Summary: summary})
					return err
				})
				assert.NoError(t, err, "writer %d, update %d", w, i)
			}
		})
	}
	for range readers {
		reading.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				err := s.View(ctx, func(tx standards.Tx) error {
					n, entries, events, err := tally(ctx, tx)
					if err == nil && (n != entries || n != events) {
						t.Errorf("a View saw the counter at %d, %d audit entries and %d events", n, entries, events)
					}
					return err
				})
				if !assert.NoError(t, err, "View") {
					return
				}
			}
		})
	}
	writing.Wait()
	close(done)
	reading.Wait()

	require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
		n, entries, events, err := tally(ctx, tx)
		assert.Equal(t, writers*updatesEach, n, "counter")
		assert.Equal(t, writers*updatesEach, entries, "audit entries")
		assert.Equal(t, writers*updatesEach, events, "events")
		return err
	}))
}

// tally reads the counter and the number of audit entries and pending
// events.
func tally(ctx context.Context, tx standards.Tx) (counter, entries, events int, err error) {
	r, err := tx.Registration(ctx, reg.ID)
	if err != nil {
		return 0, 0, 0, err
	}
	if counter, err = strconv.Atoi(r.RejectReason); err != nil {
		return 0, 0, 0, err
	}
	audit, err := tx.AuditByCentre(ctx, centre.ID, 0, 1<<30)
	if err != nil {
		return 0, 0, 0, err
	}
	pending, err := tx.PendingEvents(ctx, 0, 1<<30)
	return counter, len(audit), len(pending), err
}

// TestViewRefusesWrites: the memory store holds only a read lock in a View,
// so a write there would race; it must refuse every kind.
func TestViewRefusesWrites(t *testing.T) {
	ctx := t.Context()
	s := memory.New()
	rec := standards.Record{ID: "e0000000000000000000000001", RegistrationID: reg.ID, CentreID: centre.ID, PersonID: person.ID, Year: 2025, CreatedAt: when}
	target := standards.Target{ID: "g0000000000000000000000001", RecordID: rec.ID, Title: "Target", CreatedAt: when}
	cpd := standards.CPDEntry{ID: "d0000000000000000000000001", RecordID: rec.ID, Title: "Webinar", Hours: 1}
	action := standards.SupportAction{ID: "a0000000000000000000000001", RecordID: rec.ID, Description: "Training"}
	cert := standards.Certificate{ID: "k0000000000000000000000001", Serial: "EOPS-2526-0000-0001", VerificationCode: "0000-0000-0000-0000-0001", RecordID: rec.ID}
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error {
		return errors.Join(tx.CreateCentre(ctx, centre), tx.CreateRecord(ctx, rec), tx.CreateTarget(ctx, target),
			tx.CreateCPDEntry(ctx, cpd), tx.CreateSupportAction(ctx, action), tx.CreateCertificate(ctx, cert))
	}))

	writes := map[string]func(tx standards.Tx) error{
		"CreateCentre": func(tx standards.Tx) error {
			c := centre
			c.ID, c.Number = "c0000000000000000000000002", "12346"
			return tx.CreateCentre(ctx, c)
		},
		"UpdateCentre": func(tx standards.Tx) error { return tx.UpdateCentre(ctx, centre) },
		"CreatePerson": func(tx standards.Tx) error { return tx.CreatePerson(ctx, person) },
		"AppendAudit": func(tx standards.Tx) error {
			_, err := tx.AppendAudit(ctx, standards.AuditEntry{At: when, CentreID: centre.ID})
			return err
		},
		"AppendEvent": func(tx standards.Tx) error {
			_, err := tx.AppendEvent(ctx, standards.Event{At: when})
			return err
		},
		"UpdateRecord":        func(tx standards.Tx) error { return tx.UpdateRecord(ctx, rec) },
		"UpdateTarget":        func(tx standards.Tx) error { return tx.UpdateTarget(ctx, target) },
		"DeleteCPDEntry":      func(tx standards.Tx) error { return tx.DeleteCPDEntry(ctx, cpd.ID) },
		"UpdateSupportAction": func(tx standards.Tx) error { return tx.UpdateSupportAction(ctx, action) },
		"UpdateCertificate":   func(tx standards.Tx) error { return tx.UpdateCertificate(ctx, cert) },
		"CreateMeeting": func(tx standards.Tx) error {
			return tx.CreateMeeting(ctx, standards.Meeting{ID: "m0000000000000000000000001", RecordID: rec.ID})
		},
		"CreatePrivateNote": func(tx standards.Tx) error {
			return tx.CreatePrivateNote(ctx, standards.PrivateNote{ID: "n0000000000000000000000001", RecordID: rec.ID})
		},
		"CreateSignature": func(tx standards.Tx) error {
			return tx.CreateSignature(ctx, standards.Signature{RecordID: rec.ID, Side: standards.SideEO})
		},
		"CreateStatement": func(tx standards.Tx) error {
			return tx.CreateStatement(ctx, standards.Statement{Year: 2025, Version: 1, Text: "Statement"})
		},
		"AppendTargetChange": func(tx standards.Tx) error {
			_, err := tx.AppendTargetChange(ctx, standards.TargetChange{TargetID: target.ID, RecordID: rec.ID, At: when})
			return err
		},
	}
	for name, w := range writes {
		assert.Error(t, s.View(ctx, w), name)
	}
	require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
		_, err := tx.Person(ctx, person.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CreatePerson in a View wrote nothing")
		got, err := tx.AuditByCentre(ctx, centre.ID, 0, 10)
		assert.NoError(t, err)
		assert.Empty(t, got, "AppendAudit in a View wrote nothing")
		gotRec, err := tx.Record(ctx, rec.ID)
		assert.NoError(t, err)
		assert.Equal(t, rec, gotRec, "UpdateRecord in a View saved nothing")
		_, err = tx.CPDEntry(ctx, cpd.ID)
		assert.NoError(t, err, "DeleteCPDEntry in a View deleted nothing")
		sheet, err := tx.RecordSheet(ctx, rec.ID, standards.RecordHistory)
		assert.Empty(t, sheet.History, "AppendTargetChange in a View wrote nothing")
		return err
	}))
}

// TestUpdateRollsBackOnGoexit: fn that leaves by runtime.Goexit, as
// t.FailNow does, neither returned nil nor panicked; what it wrote must
// not be committed.
func TestUpdateRollsBackOnGoexit(t *testing.T) {
	ctx := t.Context()
	s := memory.New()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Update(ctx, func(tx standards.Tx) error {
			if err := tx.CreateCentre(ctx, centre); err != nil {
				return err
			}
			runtime.Goexit()
			return nil
		})
	}()
	<-done

	require.NoError(t, s.View(ctx, func(tx standards.Tx) error {
		_, err := tx.Centre(ctx, centre.ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the centre was rolled back")
		return nil
	}))
	// And the lock was released: another Update runs.
	assert.NoError(t, s.Update(ctx, func(tx standards.Tx) error { return tx.CreateCentre(ctx, centre) }))
}
