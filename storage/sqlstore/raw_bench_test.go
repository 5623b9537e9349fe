package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
)

// BenchmarkVsRaw compares calls of the library with hand-written SQL doing
// the same work on the same SQLite file of the national dataset, one of
// each in every turn of the loop, and reports vs-raw-x: the library's time
// over the raw SQL's. The raw side reads the same rows (scanned into Go
// values, as any program must), or writes the same rows in one transaction,
// on the library's own connections (so that both share one page cache, and
// both keep the statements they prepare; see stmtcache.go); it leaves out
// only what the library adds: deciding who may, checking the rules, and the
// domain types. Each write runs twice: against that SQL (vs-raw-x), and
// against the same SQL with the reads the library's checks need made first
// in its transaction (the -checked runs, vs-checked-x), which says how much
// of a write's time is the library's own and how much the reading any
// program that checks must do.
func BenchmarkVsRaw(b *testing.B) {
	ctx := context.Background()
	b.Run("tracker", func(b *testing.B) {
		lib := readFixture(b, dataset.NationalCentres)
		raw := lib.store.ReadDB().DB // the library's own readers
		sub := lib.spec.Subjects()
		compare(b, lib, func() error {
			_, err := lib.svc.Tracker(ctx, sub.Head, sub.RecordID)
			return err
		}, func() error { return rawTracker(ctx, raw, sub.RecordID) })
	})
	b.Run("centre-list", func(b *testing.B) {
		lib := readFixture(b, dataset.NationalCentres)
		raw := lib.store.ReadDB().DB // the library's own readers
		sub := lib.spec.Subjects()
		compare(b, lib, func() error {
			_, err := lib.svc.CentreDashboard(ctx, sub.Head, sub.CentreID, lib.spec.Year)
			return err
		}, func() error { return rawCentreList(ctx, raw, sub.CentreID, lib.spec.Year) })
	})
	// The writes, against hand-written SQL that writes what the library
	// writes and reads nothing (vs-raw-x, issue 20's goal), and against
	// hand-written SQL that also reads what the same checks need before
	// it writes (vs-checked-x): who is acting, their standing, and what
	// the rules check of the record or the registration.
	for _, checked := range []bool{false, true} {
		suffix := ""
		if checked {
			suffix = "-checked"
		}
		b.Run("record-meeting"+suffix, func(b *testing.B) { benchRecordMeeting(b, checked) })
		b.Run("approve-registration"+suffix, func(b *testing.B) { benchApprove(b, checked) })
		b.Run("claim"+suffix, func(b *testing.B) { benchClaim(b, checked) })
	}
}

// metricFor names the ratio a write's benchmark reports.
func metricFor(checked bool) string {
	if checked {
		return "vs-checked-x"
	}
	return "vs-raw-x"
}

func benchRecordMeeting(b *testing.B, checked bool) {
	ctx := context.Background()
	lib := writableFixture(b, dataset.NationalCentres)
	raw := lib.store.DB().DB // the library's own writer
	subjects := lib.spec.MeetingSubjects()
	i := 0
	compareWrites(b, lib, metricFor(checked), func() error {
		m := subjects[i%len(subjects)]
		updates := make([]standards.TargetUpdate, 5)
		for j := range updates {
			updates[j] = standards.TargetUpdate{TargetID: m.TargetIDs[j], Rating: standards.RatingAmber, Comment: "steady progress"}
		}
		_, err := lib.svc.RecordMeeting(ctx, m.Overseer, m.RecordID, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: lib.spec.Now, Attendees: []string{m.ExamsOfficerRegistrationID, m.OverseerRegistrationID},
			Notes: "Reviewed the targets.", Updates: updates,
		})
		return err
	}, func() error {
		m := subjects[(i+len(subjects)/2)%len(subjects)]
		i++
		var check func(*sql.Tx) error
		if checked {
			check = func(tx *sql.Tx) error { return checkMeeting(ctx, tx, m) }
		}
		return rawRecordMeeting(ctx, raw, check, m, lib.spec.Now, i)
	}, nil)
}

func benchApprove(b *testing.B, checked bool) {
	ctx := context.Background()
	lib := writableFixture(b, dataset.NationalCentres)
	raw := lib.store.DB().DB // the library's own writer
	pending := lib.spec.PendingRegistrations()
	half := len(pending) / 2
	i := 0
	compareWrites(b, lib, metricFor(checked), func() error {
		p := pending[i]
		_, err := lib.svc.ApproveRegistration(ctx, p.Admin, p.RegistrationID)
		return err
	}, func() error {
		p := pending[half+i]
		i++
		var check func(*sql.Tx) error
		if checked {
			check = func(tx *sql.Tx) error { return checkApprove(ctx, tx, p) }
		}
		return rawApprove(ctx, raw, check, p.RegistrationID, lib.spec.Now, i)
	}, func() error {
		// Once every registration is approved, all are made pending
		// again, untimed, for a run longer than the dataset has
		// registrations to approve.
		if i < half {
			return nil
		}
		i = 0
		return makePendingAgain(ctx, raw, pending)
	})
}

func benchClaim(b *testing.B, checked bool) {
	ctx := context.Background()
	lib := writableFixture(b, dataset.NationalCentres)
	raw := lib.store.DB().DB // the library's own writer
	// The library claims every record the dataset has ready; the raw
	// SQL closes the exams officers' other records of the year, which
	// no claim touches, so that neither side runs short first, starting
	// half-way through the centres, as the other writes do, so that
	// neither side reads pages the other has just warmed.
	claimable := lib.spec.ClaimableRecords()
	open := lib.spec.MeetingSubjects()
	i := 0
	rawRecord := func(i int) dataset.MeetingSubject { return open[(len(open)/2+i)%len(open)] }
	compareWrites(b, lib, metricFor(checked), func() error {
		c := claimable[i]
		_, err := lib.svc.Claim(ctx, c.Overseer, c.RecordID, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
		return err
	}, func() error {
		i++
		m := rawRecord(i - 1)
		var check func(*sql.Tx) error
		if checked {
			check = func(tx *sql.Tx) error { return checkClaim(ctx, tx, m) }
		}
		return rawClaim(ctx, raw, check, m.RecordID, lib.spec.Now, i)
	}, func() error {
		// Once every claimable record is claimed, the records both
		// sides closed are opened again, untimed, for a run longer
		// than the dataset has records to claim.
		if i < len(claimable) {
			return nil
		}
		closed := make([]string, 0, 2*i)
		for j := range i {
			closed = append(closed, claimable[j].RecordID, rawRecord(j).RecordID)
		}
		i = 0
		return openAgain(ctx, raw, closed)
	})
}

// compare runs lib and raw once each per turn, and reports their times and
// vs-raw-x, with the library's statements per call.
func compare(b *testing.B, s *benchStore, lib, raw func() error) {
	b.Helper()
	report(b, s, "vs-raw-x", func() (time.Duration, time.Duration, int) { return alternate(b, lib, raw) })
}

// compareWrites is compare for calls that write, with after (if not nil)
// run untimed after each turn. After a checkpoint has copied the whole
// write-ahead log back into the file, the next commit starts the log afresh
// and syncs its header to disk: with SQLite's own checkpoints, in whichever
// commit took the log past a thousand pages, that fell on either side at
// random and moved a write's ratio from 0.6 to 6 between runs, and a
// checkpoint taken between turns put every fresh start, with its sync, on
// whichever side went first; the store's own (checkpoint.go) would fall
// within the turns too. Here the store's are stopped, and the writer
// checkpoints only between turns, untimed, every checkpointTurns turns and before the first, each
// time followed by a write of one page that starts the log afresh, so that
// neither side does; and the log never grows long enough for finding a
// page in it to slow the side that reads more. Each side is timed for its
// own statements and the log it appends.
func compareWrites(b *testing.B, s *benchStore, metric string, lib, raw, after func() error) {
	b.Helper()
	writer := s.store.DB().DB
	restart := func() error {
		var busy, logged, copied int
		if err := writer.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &copied); err != nil {
			return err
		}
		if busy != 0 {
			return fmt.Errorf("the checkpoint between turns could not finish (%d of %d pages)", copied, logged)
		}
		_, err := writer.Exec("UPDATE records SET version = version WHERE id = (SELECT min(id) FROM records)")
		return err
	}
	// The store's own checkpoints would fall inside the turns.
	if err := s.store.StopCheckpoints(); err != nil {
		b.Fatal(err)
	}
	if err := restart(); err != nil {
		b.Fatal(err)
	}
	turns := 0
	settle := func() error {
		if after != nil {
			if err := after(); err != nil {
				return err
			}
		}
		if turns++; turns%checkpointTurns != 0 {
			return nil
		}
		return restart()
	}
	report(b, s, metric, func() (time.Duration, time.Duration, int) { return alternateThen(b, lib, raw, settle) })
}

// checkpointTurns is how many turns compareWrites lets the log grow between
// checkpoints: some 4,000 pages of it, what one of SQLite's hash tables for
// the log indexes.
const checkpointTurns = 100

// report times the turns run makes and reports each side's time per call,
// their ratio as metric and the library's statements per call.
func report(b *testing.B, s *benchStore, metric string, run func() (tLib, tRaw time.Duration, n int)) {
	b.Helper()
	before := s.counter.n.Load()
	tLib, tRaw, n := run()
	b.ReportMetric(float64(tLib.Nanoseconds())/float64(n), "lib-ns/op")
	b.ReportMetric(float64(tRaw.Nanoseconds())/float64(n), "raw-ns/op")
	b.ReportMetric(float64(tLib)/float64(tRaw), metric)
	b.ReportMetric(float64(s.counter.n.Load()-before)/float64(n), "queries/op")
}

// drain reads every row of a query into Go values and returns how many.
func drain(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// readAll runs the queries in one read transaction.
func readAll(ctx context.Context, db *sql.DB, queries [][]any) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range queries {
		if _, err := drain(ctx, tx, q[0].(string), q[1:]...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// rawTracker reads what a tracker shows: the record, its centre, the exams
// officer with their person, the centre's members that year with their
// people, oversights and records (the tracker names its overseers from
// them, and offers the members as a meeting's attendees and support's
// owners), and every part of the record.
func rawTracker(ctx context.Context, db *sql.DB, recordID string) error {
	return readAll(ctx, db, [][]any{
		{`SELECT r.*, c.*, g.*, p.* FROM records r JOIN centres c ON c.id = r.centre_id
			JOIN registrations g ON g.id = r.registration_id JOIN people p ON p.id = r.person_id WHERE r.id = ?`, recordID},
		{`SELECT g.*, p.* FROM records r JOIN registrations g ON g.centre_id = r.centre_id AND g.year = r.year
			JOIN people p ON p.id = g.person_id WHERE r.id = ? ORDER BY g.requested_at, g.id`, recordID},
		{`SELECT o.* FROM records r JOIN oversights o ON o.centre_id = r.centre_id AND o.year = r.year WHERE r.id = ?`, recordID},
		{`SELECT m.* FROM records r JOIN records m ON m.centre_id = r.centre_id AND m.year = r.year WHERE r.id = ?`, recordID},
		{`SELECT * FROM targets WHERE record_id = ? ORDER BY created_at, id`, recordID},
		{`SELECT * FROM target_changes WHERE record_id = ? ORDER BY seq`, recordID},
		{`SELECT * FROM cpd_entries WHERE record_id = ? ORDER BY day, id`, recordID},
		{`SELECT * FROM meetings WHERE record_id = ? ORDER BY day, id`, recordID},
		{`SELECT * FROM support_actions WHERE record_id = ? ORDER BY due, id`, recordID},
		{`SELECT * FROM private_notes WHERE record_id = ? ORDER BY at, id`, recordID},
		{`SELECT * FROM signatures WHERE record_id = ?`, recordID},
		{`SELECT * FROM certificates WHERE record_id = ?`, recordID},
		{`SELECT s.* FROM statements s JOIN records r ON r.year = s.year WHERE r.id = ? ORDER BY s.version DESC LIMIT 1`, recordID},
	})
}

// rawCentreList reads what a centre's list of exams officers with their
// flags needs: the year's registrations with their people, oversights,
// records, and the records' targets, latest meetings, support and
// signatures.
func rawCentreList(ctx context.Context, db *sql.DB, centreID string, year standards.AcademicYear) error {
	return readAll(ctx, db, [][]any{
		{`SELECT * FROM centres WHERE id = ?`, centreID},
		{`SELECT g.*, p.* FROM registrations g JOIN people p ON p.id = g.person_id WHERE g.centre_id = ? AND g.year = ? ORDER BY g.requested_at, g.id`, centreID, year},
		{`SELECT * FROM oversights WHERE centre_id = ? AND year = ?`, centreID, year},
		{`SELECT * FROM records WHERE centre_id = ? AND year = ?`, centreID, year},
		{`SELECT t.* FROM targets t JOIN records r ON r.id = t.record_id WHERE r.centre_id = ? AND r.year = ?`, centreID, year},
		{`SELECT m.record_id, max(m.day) FROM meetings m JOIN records r ON r.id = m.record_id WHERE r.centre_id = ? AND r.year = ? GROUP BY m.record_id`, centreID, year},
		{`SELECT a.* FROM support_actions a JOIN records r ON r.id = a.record_id WHERE r.centre_id = ? AND r.year = ?`, centreID, year},
		{`SELECT s.* FROM signatures s JOIN records r ON r.id = s.record_id WHERE r.centre_id = ? AND r.year = ?`, centreID, year},
	})
}

// sqliteTime writes a time as the library's SQLite dialect does.
func sqliteTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.999999-07:00") }

// writeAll runs check (if not nil) and then the statements in one write
// transaction.
func writeAll(ctx context.Context, db *sql.DB, check func(*sql.Tx) error, statements [][]any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if check != nil {
		if err := check(tx); err != nil {
			return err
		}
	}
	for _, s := range statements {
		if _, err := tx.ExecContext(ctx, s[0].(string), s[1:]...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// rawRecordMeeting writes what recording a meeting with five target
// updates writes: the meeting, each target and its history and audit
// entry, the record's version, the meeting's audit entry and its event.
func rawRecordMeeting(ctx context.Context, db *sql.DB, check func(*sql.Tx) error, m dataset.MeetingSubject, now time.Time, n int) error {
	at := sqliteTime(now)
	meetingID := fmt.Sprintf("rawmeeting%016d", n)
	stmts := [][]any{
		{`INSERT INTO meetings (id, record_id, kind, day, attendees, notes, updates, recorded_by, recorded_at) VALUES (?, ?, 'progress_review', ?, ?, 'Reviewed the targets.', ?, NULL, ?)`,
			meetingID, m.RecordID, sqliteTime(now.Truncate(24 * time.Hour)),
			`["` + m.ExamsOfficerRegistrationID + `","` + m.OverseerRegistrationID + `"]`, `[]`, at},
	}
	for _, t := range m.TargetIDs[:5] {
		stmts = append(stmts,
			[]any{`UPDATE targets SET rating = 'amber', updated_at = ? WHERE id = ?`, at, t},
			[]any{`INSERT INTO target_changes (target_id, record_id, at, changed_by, from_state, to_state, rating, comment, meeting_id) VALUES (?, ?, ?, NULL, 'agreed', 'agreed', 'amber', 'steady progress', ?)`, t, m.RecordID, at, meetingID},
			[]any{`INSERT INTO audit_entries (at, actor, actor_id, operator, action, subject, centre_id, summary) VALUES (?, ?, NULL, FALSE, 'target.update', ?, '', 'rated amber')`, at, m.Overseer.Email, "target/" + t},
		)
	}
	return writeAll(ctx, db, check, append(stmts,
		[]any{`UPDATE records SET version = version + 1 WHERE id = ?`, m.RecordID},
		[]any{`INSERT INTO audit_entries (at, actor, actor_id, operator, action, subject, centre_id, summary) VALUES (?, ?, NULL, FALSE, 'meeting.record', ?, '', 'recorded a progress review')`, at, m.Overseer.Email, "meeting/" + meetingID},
		[]any{`INSERT INTO events (id, at, kind, recipients, centre_id, subject, summary, acked_at) VALUES (?, ?, 'meeting.recorded', '[]', '', ?, 'recorded a progress review', NULL)`, rawEventID("meeting", n), at, "meeting/" + meetingID},
	))
}

// rawEventID is the id of the raw SQL's nth event of a kind: events have
// unique ids (issue 11's outbox). The library's are ids of its own, which
// these never match.
func rawEventID(kind string, n int) string {
	return fmt.Sprintf("raw-%s-%d-%d", kind, time.Now().UnixNano(), n)
}

// rawApprove writes what approving an exams officer's registration writes:
// the registration, the record it opens, two audit entries and the event.
func rawApprove(ctx context.Context, db *sql.DB, check func(*sql.Tx) error, registrationID string, now time.Time, n int) error {
	at := sqliteTime(now)
	recordID := fmt.Sprintf("rawrecord%017d", n)
	return writeAll(ctx, db, check, [][]any{
		{`UPDATE registrations SET status = 'approved', decided_at = ? WHERE id = ? AND status = 'pending'`, at, registrationID},
		{`INSERT INTO records (id, registration_id, centre_id, person_id, year, created_at, version, closed_at)
			SELECT ?, id, centre_id, person_id, year, ?, 0, NULL FROM registrations WHERE id = ?`, recordID, at, registrationID},
		{`INSERT INTO audit_entries (at, actor, actor_id, operator, action, subject, centre_id, summary) VALUES (?, 'head', NULL, FALSE, 'record.open', ?, '', 'opened the record')`, at, "record/" + recordID},
		{`INSERT INTO audit_entries (at, actor, actor_id, operator, action, subject, centre_id, summary) VALUES (?, 'head', NULL, FALSE, 'registration.approve', ?, '', 'approved')`, at, "registration/" + registrationID},
		{`INSERT INTO events (id, at, kind, recipients, centre_id, subject, summary, acked_at) VALUES (?, ?, 'registration.approved', '[]', '', ?, 'approved', NULL)`, rawEventID("approve", n), at, "registration/" + registrationID},
	})
}

// makePendingAgain undoes the approval of every pending registration of the
// dataset, by the library or the raw SQL: their records go and they are
// pending again.
func makePendingAgain(ctx context.Context, db *sql.DB, pending []dataset.Pending) error {
	ids := make([]string, len(pending))
	for i, p := range pending {
		ids[i] = p.RegistrationID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return writeAll(ctx, db, nil, [][]any{
		{`DELETE FROM records WHERE registration_id IN (SELECT value FROM json_each(?))`, string(list)},
		{`UPDATE registrations SET status = 'pending', decided_at = NULL, decided_by = NULL WHERE id IN (SELECT value FROM json_each(?))`, string(list)},
	})
}

// openAgain undoes the claims of the records with ids, by the library or
// the raw SQL: their certificates go and they are open again.
func openAgain(ctx context.Context, db *sql.DB, ids []string) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return writeAll(ctx, db, nil, [][]any{
		{`DELETE FROM certificates WHERE record_id IN (SELECT value FROM json_each(?))`, string(list)},
		{`UPDATE records SET closed_at = NULL WHERE id IN (SELECT value FROM json_each(?))`, string(list)},
	})
}

// rawClaim writes what a claim writes: the record closed, the certificate,
// its audit entry and its event.
func rawClaim(ctx context.Context, db *sql.DB, check func(*sql.Tx) error, recordID string, now time.Time, n int) error {
	at := sqliteTime(now)
	return writeAll(ctx, db, check, [][]any{
		{`UPDATE records SET closed_at = ?, version = version + 1 WHERE id = ? AND closed_at IS NULL`, at, recordID},
		{`INSERT INTO certificates (id, serial, verification_code, record_id, person_id, holder_name, centre_id, centre_name, centre_number, year, issued_at, claimed_by, claimed_by_name, revoked_at, revoked_by, revoke_reason)
			SELECT ?, ?, ?, r.id, r.person_id, p.name, c.id, c.name, c.number, r.year, ?, NULL, 'Claimant', NULL, NULL, ''
			FROM records r JOIN people p ON p.id = r.person_id JOIN centres c ON c.id = r.centre_id WHERE r.id = ?`,
			fmt.Sprintf("rawcert%019d", n), fmt.Sprintf("RAW-%08d", n), fmt.Sprintf("RAWC-%015d", n), at, recordID},
		{`INSERT INTO audit_entries (at, actor, actor_id, operator, action, subject, centre_id, summary) VALUES (?, 'claimant', NULL, FALSE, 'certificate.issue', ?, '', 'claimed')`, at, "record/" + recordID},
		{`INSERT INTO events (id, at, kind, recipients, centre_id, subject, summary, acked_at) VALUES (?, ?, 'certificate.issued', '[]', '', ?, 'claimed', NULL)`, rawEventID("claim", n), at, "record/" + recordID},
	})
}

// The checks hand-written SQL must make before it writes, each in the
// write's own transaction: who is acting (by address, as the library's
// actor is given), where they stand, and what the rules check. Each read
// is scanned into Go values, as the checks would need; the benchmark writes
// whatever they find, so that both sides write the same rows (the raw
// side's records and registrations are not the library's, and a claim's
// are not ready to claim).

// actorAndRecord reads the person acting and the record with their
// standing at its centre that year: their registration there, and whether
// they oversee the record's exams officer.
func actorAndRecord(ctx context.Context, tx *sql.Tx, email, recordID string) error {
	var personID, name string
	if err := tx.QueryRowContext(ctx, `SELECT id, name FROM people WHERE email = ?`, email).Scan(&personID, &name); err != nil {
		return err
	}
	_, err := drain(ctx, tx, `SELECT r.centre_id, r.year, r.registration_id, r.person_id, r.version, r.closed_at, g.id, g.roles, g.status, g.admin,
			EXISTS (SELECT 1 FROM oversights o WHERE o.eo_registration_id = r.registration_id AND o.overseer_registration_id = g.id)
		FROM records r LEFT JOIN registrations g ON g.centre_id = r.centre_id AND g.year = r.year AND g.person_id = ?
		WHERE r.id = ?`, personID, recordID)
	return err
}

// checkMeeting reads what recording a meeting checks: the actor's standing
// towards the record, the record's targets (each update names one), how
// many meetings it has (MaxMeetingsPerRecord), and the centre's
// registrations that year (each attendee is one).
func checkMeeting(ctx context.Context, tx *sql.Tx, m dataset.MeetingSubject) error {
	if err := actorAndRecord(ctx, tx, m.Overseer.Email, m.RecordID); err != nil {
		return err
	}
	for _, q := range []string{
		`SELECT id, area, state, rating FROM targets WHERE record_id = ?`,
		`SELECT count(*) FROM meetings WHERE record_id = ?`,
		`SELECT g.id, g.status FROM registrations g JOIN records r ON g.centre_id = r.centre_id AND g.year = r.year WHERE r.id = ?`,
	} {
		if _, err := drain(ctx, tx, q, m.RecordID); err != nil {
			return err
		}
	}
	return nil
}

// checkClaim reads what a claim checks (R-CLM-1): the actor's standing
// towards the record, and the record's targets, signatures, meetings and
// certificate.
func checkClaim(ctx context.Context, tx *sql.Tx, m dataset.MeetingSubject) error {
	if err := actorAndRecord(ctx, tx, m.Overseer.Email, m.RecordID); err != nil {
		return err
	}
	for _, q := range []string{
		`SELECT area, state FROM targets WHERE record_id = ?`,
		`SELECT side, statement_version FROM signatures WHERE record_id = ?`,
		`SELECT kind, day FROM meetings WHERE record_id = ?`,
		`SELECT count(*) FROM certificates WHERE record_id = ?`,
	} {
		if _, err := drain(ctx, tx, q, m.RecordID); err != nil {
			return err
		}
	}
	return nil
}

// checkApprove reads what approving a registration checks: the
// administrator acting and their registration at the registration's centre
// that year, and the registration with its person.
func checkApprove(ctx context.Context, tx *sql.Tx, p dataset.Pending) error {
	var personID, name string
	if err := tx.QueryRowContext(ctx, `SELECT id, name FROM people WHERE email = ?`, p.Admin.Email).Scan(&personID, &name); err != nil {
		return err
	}
	_, err := drain(ctx, tx, `SELECT g.status, g.roles, p.name, p.email, a.admin, a.status
		FROM registrations g JOIN people p ON p.id = g.person_id
		LEFT JOIN registrations a ON a.centre_id = g.centre_id AND a.year = g.year AND a.person_id = ?
		WHERE g.id = ?`, personID, p.RegistrationID)
	return err
}
