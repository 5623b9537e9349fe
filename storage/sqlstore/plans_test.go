package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// statementLog is a bun query hook that keeps every distinct statement that
// reads: SELECTs, and the UPDATEs and DELETEs that find rows by a WHERE.
// A statement the SQLite store prepares comes with its values apart
// (QueryArgs); the log keeps the first values it saw with each text, for
// EXPLAIN to run it.
type statementLog struct {
	mu   sync.Mutex
	seen map[string][]any
}

// statement is a logged statement with its values, if it had them apart.
type statement struct {
	text string
	args []any
}

func (l *statementLog) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (l *statementLog) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	q := strings.TrimSpace(e.Query)
	verb := strings.ToUpper(strings.SplitN(q, " ", 2)[0])
	// "(SELECT" is a view's union on PostgreSQL, which bun writes with each
	// part in brackets (views.go).
	if verb != "SELECT" && verb != "(SELECT" && verb != "UPDATE" && verb != "DELETE" && verb != "WITH" {
		return
	}
	if strings.Contains(q, "bun_migration") {
		return // the migrator's own bookkeeping, not a read of the library
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]any{}
	}
	if _, ok := l.seen[q]; !ok {
		l.seen[q] = e.QueryArgs
	}
}

// forget drops the statements seen so far.
func (l *statementLog) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = nil
}

func (l *statementLog) statements() []statement {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]statement, 0, len(l.seen))
	for q, args := range l.seen {
		out = append(out, statement{q, args})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].text < out[j].text })
	return out
}

// TestEveryReadUsesAnIndex runs every call of the Service on a store,
// records each statement that reads, and asks the database how it would
// run it: on SQLite with EXPLAIN QUERY PLAN, on PostgreSQL with EXPLAIN
// after turning sequential scans off (so that a scan left in the plan is
// one no index can replace). A statement that scans a whole table fails:
// as the data grows, it would grow with it. Unlike a timing, this holds on
// any machine, so it runs with the ordinary tests.
func TestEveryReadUsesAnIndex(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		log := &statementLog{}
		path := filepath.Join(t.TempDir(), "eops.db")
		store, err := sqlite.Open(path, sqlstore.WithQueryHook(log))
		require.NoError(t, err)
		t.Cleanup(func() { _ = store.Close() })
		require.NoError(t, store.Migrate(context.Background()))
		log.forget() // a migration's backfill runs once, and may read a table whole
		exerciseEveryCall(t, store)

		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		checkPlans(t, log.statements(), func(q string, args ...any) []string { return sqlitePlan(t, db, q, args...) })
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		dbtest.Need(t, dbtest.PostgresEnv, "PostgreSQL")
		log := &statementLog{}
		store, err := postgres.New(dbtest.Postgres(t), sqlstore.WithQueryHook(log))
		require.NoError(t, err)
		require.NoError(t, store.Migrate(context.Background()))
		log.forget() // a migration's backfill runs once, and may read a table whole
		exerciseEveryCall(t, store)
		checkPlans(t, log.statements(), func(q string, args ...any) []string {
			return postgresPlan(t, store.DB(), q, args...)
		})
	})
}

// checkPlans fails each statement whose plan scans a table whole.
func checkPlans(t *testing.T, statements []statement, plan func(q string, args ...any) []string) {
	t.Helper()
	require.NotEmpty(t, statements, "the hook saw the statements")
	// The check itself: a read by a column no index starts with is caught.
	require.NotEmpty(t, plan(`SELECT id FROM registrations WHERE reject_reason = 'x'`), "a scan is caught")
	require.Empty(t, plan(`SELECT id FROM registrations WHERE id = 'x'`), "a search by key is not")
	for _, q := range statements {
		for _, scan := range plan(q.text, q.args...) {
			t.Errorf("a full scan of %s in:\n  %s", scan, q.text)
		}
	}
	t.Logf("%d distinct statements checked", len(statements))
}

// sqliteFullScan matches a plan row that reads a table whole: "SCAN t" with
// no index. "SCAN t USING INDEX i" walks an index in order, which is also a
// read of every row, so it counts too; "SEARCH t USING INDEX" does not.
var sqliteFullScan = regexp.MustCompile(`^SCAN (\w+)( USING (COVERING )?INDEX \w+)?$`)

// sqlitePlan returns the tables q scans whole.
func sqlitePlan(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	require.NoError(t, err, q)
	defer rows.Close()
	var scans []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &notused, &detail))
		if m := sqliteFullScan.FindStringSubmatch(detail); m != nil {
			scans = append(scans, m[1]+" ("+detail+")")
		}
	}
	require.NoError(t, rows.Err())
	return scans
}

// postgresPlan returns the tables q scans whole, with sequential scans
// turned off for the question.
func postgresPlan(t *testing.T, db *bun.DB, q string, args ...any) []string {
	t.Helper()
	ctx := context.Background()
	// The driver's own transaction, not bun's: a view's statement binds
	// its values ($1, …), which bun would take for its own placeholders.
	tx, err := db.DB.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off")
	require.NoError(t, err)
	var raw string
	require.NoError(t, tx.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+q, args...).Scan(&raw), q)
	var plans []struct{ Plan pgNode }
	require.NoError(t, json.Unmarshal([]byte(raw), &plans))
	var scans []string
	for _, p := range plans {
		p.Plan.walk(func(n pgNode) {
			switch n.NodeType {
			case "Seq Scan":
				scans = append(scans, n.Relation)
			case "Index Scan", "Index Only Scan", "Bitmap Index Scan":
				// Without a condition, an index scan reads every entry: a
				// full scan in index order.
				if n.IndexCond == "" {
					scans = append(scans, n.Relation+" (every entry of "+n.Index+")")
				}
			}
		})
	}
	return scans
}

// pgNode is a node of PostgreSQL's JSON plan.
type pgNode struct {
	NodeType  string   `json:"Node Type"`
	Relation  string   `json:"Relation Name"`
	Index     string   `json:"Index Name"`
	IndexCond string   `json:"Index Cond"`
	Plans     []pgNode `json:"Plans"`
}

func (n pgNode) walk(f func(pgNode)) {
	f(n)
	for _, c := range n.Plans {
		c.walk(f)
	}
}

// exerciseEveryCall runs every read and command of the Service at least
// once, over two years, two centres and a trust, so that the hook sees each
// statement the library can issue.
func exerciseEveryCall(t *testing.T, store standards.Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
	svc := standards.New(store, standards.WithClock(func() time.Time { return now }))
	must := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	ops := standards.Actor{Email: "ops@naeo.org.uk", Operator: true}
	head := standards.Actor{Email: "head@riverside.sch.uk", Name: "Sam Senior", ExternalID: "h1"}
	eo := standards.Actor{Email: "eo@riverside.sch.uk", Name: "Eve Officer"}
	lm := standards.Actor{Email: "lm@riverside.sch.uk", Name: "Lee Manager"}
	lead := standards.Actor{Email: "lead@trust.org.uk", Name: "Lou Lead"}
	hill := standards.Actor{Email: "head@hillside.sch.uk", Name: "Hana Head"}

	headReg, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: 2025, CentreNumber: "12345", CentreName: "Riverside", FullName: head.Name, Roles: standards.Roles{standards.RoleSL}})
	must(err)
	centre := headReg.CentreID
	hillReg, err := svc.RegisterCentre(ctx, hill, standards.CentreRegistration{Year: 2025, CentreNumber: "54321", CentreName: "Hillside", FullName: hill.Name, Roles: standards.Roles{standards.RoleSL}})
	must(err)
	_, err = svc.FindCentre(ctx, eo, "12345", 2025)
	must(err)
	eoReg, err := svc.RequestToJoin(ctx, eo, standards.JoinRequest{Year: 2025, CentreNumber: "12345", FullName: eo.Name, Roles: standards.Roles{standards.RoleEO}})
	must(err)
	lmReg, err := svc.RequestToJoin(ctx, lm, standards.JoinRequest{Year: 2025, CentreNumber: "12345", FullName: lm.Name, Roles: standards.Roles{standards.RoleLM}})
	must(err)
	_, err = svc.ApproveRegistration(ctx, head, eoReg.ID)
	must(err)
	_, err = svc.DecideRegistrations(ctx, head, []standards.Decision{{RegistrationID: lmReg.ID, Approve: true}})
	must(err)
	nope, err := svc.RequestToJoin(ctx, standards.Actor{Email: "x@riverside.sch.uk"}, standards.JoinRequest{Year: 2025, CentreNumber: "12345", FullName: "X", Roles: standards.Roles{standards.RoleEO}})
	must(err)
	_, err = svc.RejectRegistration(ctx, head, nope.ID, "not our staff")
	must(err)
	_, err = svc.RegisterColleagues(ctx, head, centre, 2025, strings.NewReader("kim@riverside.sch.uk,Kim Kaur,EO\n"))
	must(err)
	_, err = svc.GrantAdmin(ctx, head, lmReg.ID)
	must(err)
	_, err = svc.RevokeAdmin(ctx, head, lmReg.ID)
	must(err)
	_, err = svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: headReg.ID})
	must(err)
	_, err = svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: lmReg.ID})
	must(err)
	must(svc.RemoveOverseer(ctx, head, standards.Overseeing{ExamsOfficer: eoReg.ID, Overseer: lmReg.ID}))
	_, err = svc.Roster(ctx, head, centre, 2025)
	must(err)
	member, err := svc.Member(ctx, head, eoReg.ID)
	must(err)
	_, err = svc.MyRegistrations(ctx, eo)
	must(err)
	rec := member.RecordID

	// The year's record, to the certificate.
	targets, _, err := svc.ApplyTemplate(ctx, head, rec, "experienced-eo")
	must(err)
	extra, _, err := svc.ProposeTarget(ctx, eo, rec, standards.TargetInput{Area: standards.AreaSkills, Title: "Presentation skills"})
	must(err)
	_, err = svc.AgreeTarget(ctx, head, extra.ID)
	must(err)
	_, err = svc.UpdateTarget(ctx, eo, extra.ID, standards.TargetProgress{State: standards.TargetInProgress, Rating: standards.RatingAmber})
	must(err)
	_, err = svc.WithdrawTarget(ctx, head, extra.ID, "next year")
	must(err)
	var updates []standards.TargetUpdate
	for _, tg := range targets {
		_, err = svc.AgreeTarget(ctx, eo, tg.ID)
		must(err)
		updates = append(updates, standards.TargetUpdate{TargetID: tg.ID, State: standards.TargetAchieved, Rating: standards.RatingGreen})
	}
	_, err = svc.AchieveTarget(ctx, head, targets[0].ID, "")
	must(err)
	_, err = svc.ReopenTarget(ctx, head, targets[0].ID, "one more look")
	must(err)
	entry, err := svc.LogCPD(ctx, eo, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "JCQ update", Date: now, Hours: 1, TargetIDs: []string{targets[0].ID}})
	must(err)
	must(svc.DeleteCPD(ctx, eo, entry.ID))
	_, err = svc.LogCPD(ctx, eo, rec, standards.CPDInput{Kind: standards.CPDWebinar, Title: "JCQ update", Date: now, Hours: 1})
	must(err)
	meeting, err := svc.RecordMeeting(ctx, head, rec, standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: now,
		Attendees: []string{eoReg.ID, headReg.ID}, Updates: updates,
		Support: []standards.SupportInput{{Description: "Shadowing", OwnerRegistrationID: headReg.ID, Due: now.AddDate(0, 1, 0)}}})
	must(err)
	_ = meeting
	tracker, err := svc.Tracker(ctx, head, rec)
	must(err)
	_, err = svc.CompleteSupportAction(ctx, head, tracker.Actions[0].ID)
	must(err)
	_, err = svc.AddPrivateNote(ctx, head, rec, "doing well")
	must(err)
	_, err = svc.SignStatement(ctx, eo, rec)
	must(err)
	_, err = svc.CountersignStatement(ctx, head, rec)
	must(err)
	_, err = svc.RecordFlags(ctx, head, rec)
	must(err)
	_, err = svc.CentreDashboard(ctx, head, centre, 2025)
	must(err)
	_, err = svc.RemindersDue(ctx, now)
	must(err)
	_, err = svc.ClaimEligibility(ctx, head, rec, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	must(err)
	cert, err := svc.Claim(ctx, head, rec, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
	must(err)
	_, err = svc.Verify(ctx, cert.VerificationCode)
	must(err)
	_, err = svc.Certificate(ctx, eo, cert.ID)
	must(err)

	// The statement, a trust, the operator's figures.
	_, err = svc.CurrentStatement(ctx, 2025)
	must(err)
	_, err = svc.PublishStatement(ctx, ops, 2025, "A new text for the year.")
	must(err)
	trust, err := svc.CreateTrust(ctx, ops, "Valley Trust")
	must(err)
	_, err = svc.AppointTrustLead(ctx, ops, trust.ID, lead.Email, lead.Name)
	must(err)
	invite, err := svc.InviteCentre(ctx, lead, trust.ID, "12345")
	must(err)
	_, err = svc.TrustRequests(ctx, head, centre)
	must(err)
	_, err = svc.AcceptTrustRequest(ctx, head, invite.ID)
	must(err)
	ask, err := svc.AskToJoinTrust(ctx, hill, trust.ID, hillReg.CentreID)
	must(err)
	must(svc.DeclineTrustRequest(ctx, lead, ask.ID))
	_, err = svc.Trust(ctx, lead, trust.ID)
	must(err)
	_, err = svc.TrustsLed(ctx, lead)
	must(err)
	_, err = svc.TrustDashboard(ctx, lead, trust.ID, 2025)
	must(err)
	_, err = svc.NationalFigures(ctx, ops, 2025)
	must(err)
	_, err = svc.AuditTrail(ctx, head, centre, 0, 50)
	must(err)
	events, err := svc.PendingEvents(ctx, 0, 50)
	must(err)
	must(svc.AckEvents(ctx, events[0].Seq))
	claimed, err := svc.ClaimEvents(ctx, "plans", time.Minute, 10)
	must(err)
	must(svc.AckEvents(ctx, claimed[0].Seq, 1<<40))
	_, err = svc.ReleaseEvents(ctx, "plans")
	must(err)
	_, err = svc.ImportCertificates(ctx, ops, strings.NewReader("old@riverside.sch.uk,Olive Hand,12345,2023/24,2024-07-10,NAEO-1\n"), nil)
	must(err)

	// The next year: history, carrying forward, leaving, and the end of a
	// person's data.
	now = time.Date(2026, time.September, 10, 9, 0, 0, 0, time.UTC)
	head26, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: 2026, CentreNumber: "12345", CentreName: "Riverside", FullName: head.Name, Roles: standards.Roles{standards.RoleSL}})
	must(err)
	eo26, err := svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: centre, Year: 2026, Email: eo.Email, FullName: eo.Name, Roles: standards.Roles{standards.RoleEO}})
	must(err)
	_, err = svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: eo26.ID, Overseer: head26.ID})
	must(err)
	m26, err := svc.Member(ctx, head, eo26.ID)
	must(err)
	_, err = svc.CarryForward(ctx, eo, m26.RecordID)
	must(err)
	_, err = svc.MyCertificates(ctx, eo)
	must(err)
	_, err = svc.CertificationHistory(ctx, head, eo26.PersonID)
	must(err)
	lm26, err := svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: centre, Year: 2026, Email: lm.Email, FullName: lm.Name, Roles: standards.Roles{standards.RoleLM}})
	must(err)
	_, err = svc.Leave(ctx, lm, lm26.ID)
	must(err)
	kim26, err := svc.RegisterColleague(ctx, head, standards.Colleague{CentreID: centre, Year: 2026, Email: "kim@riverside.sch.uk", FullName: "Kim Kaur", Roles: standards.Roles{standards.RoleEO}})
	must(err)
	_, err = svc.RemoveMember(ctx, ops, kim26.ID, "moved on")
	must(err)
	_, err = svc.LeaveTrust(ctx, head, centre)
	must(err)
	must(svc.RemoveTrustLead(ctx, ops, trust.ID, mustPerson(t, svc, ops, lead.Email).ID))
	person := mustPerson(t, svc, ops, eo.Email)
	_, err = svc.ExportPerson(ctx, ops, person.ID)
	must(err)
	_, err = svc.RevokeCertificate(ctx, ops, cert.ID, "issued in error")
	must(err)
	must(svc.ErasePerson(ctx, ops, person.ID))
	_, err = svc.AppointAdmin(ctx, ops, head26.ID)
	require.ErrorIs(t, err, standards.ErrConflict, "the centre has an admin; the call still reads what it needs")
}

func mustPerson(t *testing.T, svc *standards.Service, ops standards.Actor, email string) standards.Person {
	t.Helper()
	p, err := svc.FindPerson(context.Background(), ops, email)
	require.NoError(t, err)
	return p
}
