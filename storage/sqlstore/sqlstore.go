package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	"github.com/eops/eops/standards"
)

// Dialect is the kind of database.
type Dialect string

// The databases a Store runs on.
const (
	SQLite     Dialect = "sqlite"
	PostgreSQL Dialect = "postgres"
	MySQL      Dialect = "mysql"
)

// Store is a standards.Store on a SQL database. It is safe for concurrent
// use.
type Store struct {
	db      *bun.DB // read-write
	read    *bun.DB // read-only transactions; the same as db but for SQLite
	dialect Dialect
	prefix  string
	hooks   []bun.QueryHook
	// committed and closeEngine are the engine's (Engine.Committed,
	// Engine.Close); nil on a store made with New.
	committed   func()
	closeEngine func() error
	// updateIsolation is Update's isolation on PostgreSQL and MySQL; zero
	// means SERIALIZABLE. Only a test changes it, to show what goes wrong
	// without it.
	updateIsolation sql.IsolationLevel
	// prepares is true on an engine whose connections keep the statements
	// they prepare (Engine.KeepsStatements: a SQLite file package sqlite
	// opened; see prepared.go).
	prepares bool
	// bindsViews is Engine.BindsViews: the views' statements bind their
	// values (views.go), after viewOptions (Engine.ViewOptions).
	bindsViews  bool
	viewOptions []any
	// texts keeps, on a store that prepares, the text of each read the
	// store has written, by its *read (see reads.go), and each join it has
	// written with its columns (a join, see joins.go).
	texts sync.Map
}

var _ standards.Store = (*Store)(nil)

// Option configures a Store, as standards.Option configures a Service: New
// checks what the options set, and refuses a store they set wrongly.
type Option func(*Store)

var prefixPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)

// WithPrefix puts every table of the library under a name prefix, such as
// "eops_", so that they sit in a database the host already uses. A prefix is
// lower-case letters, digits and underscores, starting with a letter.
func WithPrefix(prefix string) Option {
	return func(s *Store) { s.prefix = prefix }
}

// WithQueryHook adds a bun query hook to the databases the store uses, for
// logging, tracing or counting queries. For OpenTelemetry, pass bun's own
// hook, bunotel.NewQueryHook() (github.com/uptrace/bun/extra/bunotel): each
// statement's span nests under the span of the Service call it belongs to
// when the Service has an Observer (standards/otelobserver). The store
// itself does not import OpenTelemetry.
func WithQueryHook(h bun.QueryHook) Option {
	return func(s *Store) { s.hooks = append(s.hooks, h) }
}

// New returns a Store on the host's *bun.DB, whose dialect must be SQLite,
// PostgreSQL or MySQL. The host keeps ownership of db; Close does not close
// it. The store keeps times in UTC: a MySQL dialect must be made with
// mysqldialect.WithTimeLocation("UTC"), and the DSN must read them back in
// UTC (parseTime=true, and loc UTC, the driver's default).
//
// A host with a *sql.DB rather than a *bun.DB uses the package of its
// database instead (storage/sqlstore/sqlite, postgres or mysql), which
// picks bun's dialect for it; only that package links its database's
// driver or dialect.
func New(db *bun.DB, opts ...Option) (*Store, error) {
	return NewEngine(Engine{DB: db}, opts...)
}

// Engine is how a Store reaches its database when one *bun.DB does not say
// it all: the packages for each database build their stores with it
// (package sqlite gives reads a pool of their own, keeps prepared
// statements and checkpoints after writes). A host with one *bun.DB calls
// New.
type Engine struct {
	// DB runs the store's transactions. Required; its dialect must be
	// SQLite, PostgreSQL or MySQL.
	DB *bun.DB
	// ReadDB runs its read-only transactions (View); nil means DB. It must
	// see every commit of DB at once (read-only connections to the same
	// SQLite file, say), never a replica that lags.
	ReadDB *bun.DB
	// KeepsStatements says DB's and ReadDB's connections keep the
	// statements they prepare, so that the store prepares its own and runs
	// each transaction on one connection with BEGIN and COMMIT of its own
	// (see runOnConn). SQLite only.
	KeepsStatements bool
	// BindsViews says the store binds the values of its views' statements
	// (views.go), and of its reads (reads.go), rather than writing them
	// into the text, so that the database plans each once for a
	// connection: PostgreSQL only, and
	// only where the store's hooks (WithQueryHook) are all the hooks there
	// are, since hooks added to DB itself do not see those statements.
	// postgres.New sets it.
	BindsViews bool
	// ViewOptions go before the values of each view's and read's
	// statement when BindsViews is set: options for the driver, not
	// values. Package postgres passes pgx's QueryExecModeCacheStatement
	// when pgx is in exec mode (as postgres.Open opens it) or its default,
	// so that pgx keeps each prepared on a connection.
	ViewOptions []any
	// Committed, if set, is called after each write transaction commits
	// (package sqlite starts a checkpoint then).
	Committed func()
	// Close, if set, is called by Store.Close, to close what the engine
	// opened itself.
	Close func() error
}

// NewEngine returns a Store on e, for a package that connects the store to
// one database in its own way (storage/sqlstore/sqlite does).
func NewEngine(e Engine, opts ...Option) (*Store, error) {
	if e.DB == nil {
		return nil, errors.New("sqlstore: Engine.DB is required")
	}
	d, err := dialectOf(e.DB)
	if err != nil {
		return nil, err
	}
	if e.KeepsStatements && d != SQLite {
		return nil, fmt.Errorf("sqlstore: Engine.KeepsStatements is for SQLite, not %s", d)
	}
	if e.BindsViews && d != PostgreSQL {
		return nil, fmt.Errorf("sqlstore: Engine.BindsViews is for PostgreSQL, not %s", d)
	}
	read := e.ReadDB
	if read == nil {
		read = e.DB
	}
	if other, err := dialectOf(read); err != nil || other != d {
		return nil, fmt.Errorf("sqlstore: Engine.ReadDB must be on the same database as DB")
	}
	s, err := newStore(e.DB, read, d, opts)
	if err != nil {
		return nil, err
	}
	s.prepares, s.committed, s.closeEngine = e.KeepsStatements, e.Committed, e.Close
	s.bindsViews, s.viewOptions = e.BindsViews, e.ViewOptions
	return s, nil
}

// dialectOf says which database db's dialect writes for, and refuses one
// that would not keep times in UTC.
func dialectOf(db *bun.DB) (Dialect, error) {
	var d Dialect
	switch db.Dialect().Name().String() {
	case "sqlite":
		d = SQLite
	case "pg":
		d = PostgreSQL
	case "mysql":
		d = MySQL
	default:
		return "", fmt.Errorf("sqlstore: unsupported dialect %s", db.Dialect().Name())
	}
	if !writesUTC(db.Dialect()) {
		return "", fmt.Errorf(`sqlstore: the %s dialect writes times in their own zone, not UTC: make it with mysqldialect.WithTimeLocation("UTC")`, db.Dialect().Name())
	}
	return d, nil
}

// writesUTC reports whether the dialect writes a time as its instant in
// UTC, as the store keeps them (in a column without a zone on MySQL).
// mysqldialect writes a time's wall clock in its own zone unless it was
// given a location.
func writesUTC(d schema.Dialect) bool {
	probe := time.Date(2000, time.January, 1, 12, 0, 0, 0, time.FixedZone("probe", 3600))
	return string(d.AppendTime(nil, probe)) == string(d.AppendTime(nil, probe.UTC()))
}

func newStore(db, read *bun.DB, d Dialect, opts []Option) (*Store, error) {
	s := &Store{db: db, read: read, dialect: d}
	for _, o := range opts {
		o(s)
	}
	if s.prefix != "" && !prefixPattern.MatchString(s.prefix) {
		return nil, fmt.Errorf("sqlstore: prefix %q: use lower-case letters, digits and underscores, starting with a letter", s.prefix)
	}
	for _, h := range s.hooks {
		same := s.read == s.db
		s.db = s.db.WithQueryHook(h)
		if same {
			s.read = s.db
		} else {
			s.read = s.read.WithQueryHook(h)
		}
	}
	return s, nil
}

// Close closes what the store's engine opened itself (a SQLite file
// package sqlite opened, say); a database the host passed in stays open.
func (s *Store) Close() error {
	if s.closeEngine == nil {
		return nil
	}
	return s.closeEngine()
}

// DB returns the read-write *bun.DB the store uses, for a host that wants to
// run its own queries beside the library's. On an engine that keeps its
// statements (a SQLite file package sqlite opened), the statements the store prepares do not pass through bun, so a
// hook added to this *bun.DB does not see them: add hooks with
// WithQueryHook, which sees them all.
func (s *Store) DB() *bun.DB { return s.db }

// ReadDB returns the *bun.DB the store reads through, for a host's own
// reads that should not wait for a write in progress: on a SQLite file
// package sqlite opened, a pool of read-only connections beside the one writer
// (SQLite lets one connection write at a time, and a read on DB queues
// behind it); on any other database, DB itself. A read here sees what was
// committed when it began, never a write still in progress.
func (s *Store) ReadDB() *bun.DB { return s.read }

// Dialect says which kind of database the store is on.
func (s *Store) Dialect() Dialect { return s.dialect }

// Update runs fn in one serialisable read-write transaction.
func (s *Store) Update(ctx context.Context, fn func(tx standards.Tx) error) error {
	if s.dialect == SQLite {
		// Counted with the change (changes.go).
		return s.run(ctx, s.db, nil, func(t standards.Tx) error {
			if err := fn(t); err != nil {
				return err
			}
			return translate(t.(*tx).countChange(ctx))
		})
	}
	// SQLite's single writer already serialises; the others need to be
	// told, so that write skew (two admins revoking each other) is refused
	// rather than committed.
	opts := &sql.TxOptions{Isolation: sql.LevelSerializable}
	if s.updateIsolation != sql.LevelDefault {
		opts.Isolation = s.updateIsolation
	}
	return s.run(ctx, s.db, opts, fn)
}

// View runs fn in one read-only transaction that sees a single snapshot.
func (s *Store) View(ctx context.Context, fn func(tx standards.Tx) error) error {
	var opts *sql.TxOptions
	if s.dialect != SQLite {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return s.run(ctx, s.read, opts, fn)
}

// ViewOneRead runs fn as View does (standards.OneReadViewer), but on
// PostgreSQL and MySQL, where every statement is a round trip, lets fn's
// first read run alone, outside a transaction: one statement sees one
// state on its own, and BEGIN and COMMIT would be two more round trips.
// Every statement fn makes is counted, whatever the path it takes (bun's
// own queries through a hook of the call's own, the store's through
// hooked); should there be more than one, fn's reads may have seen
// different states, so fn runs again in View, and that run's answer is the
// one returned. On SQLite, in the process, it is View.
func (s *Store) ViewOneRead(ctx context.Context, fn func(tx standards.Tx) error) error {
	if s.dialect == SQLite {
		return s.View(ctx, fn)
	}
	reads := &statementCount{}
	db := s.read.WithQueryHook(reads)
	err := fn(&tx{s: s, db: db, tx: db, conn: db.DB, alone: reads})
	if reads.n <= 1 {
		return err
	}
	return s.View(ctx, fn)
}

// statementCount counts the statements of a call ViewOneRead runs alone.
// A call runs on one goroutine, so a plain count will do.
type statementCount struct{ n int }

func (c *statementCount) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	c.n++
	return ctx
}

func (c *statementCount) AfterQuery(context.Context, *bun.QueryEvent) {}

func (s *Store) run(ctx context.Context, db *bun.DB, opts *sql.TxOptions, fn func(tx standards.Tx) error) (err error) {
	if s.prepares {
		return s.runOnConn(ctx, db, fn)
	}
	btx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return translate(err)
	}
	ended := false
	defer func() {
		if !ended {
			_ = btx.Rollback()
		}
	}()
	t := &tx{s: s, db: db, tx: btx, conn: btx.Tx, writes: opts != nil && !opts.ReadOnly}
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := btx.Commit(); err != nil {
		return translate(err)
	}
	ended = true
	if db == s.db && s.committed != nil {
		s.committed()
	}
	return nil
}

// tx is one transaction of the store.
type tx struct {
	s  *Store
	db *bun.DB // the database tx runs on
	tx bun.IDB // a bun.Tx, or on a store that prepares the bun.Conn of runOnConn
	// conn runs the statements the store writes itself (prepared.go): the
	// *sql.Tx of tx, or the *sql.Conn runOnConn holds.
	conn statements
	// uncancelled says conn's statements run under a context that cannot
	// be cancelled, the caller's being checked between them (runOnConn).
	uncancelled bool
	// writes says the transaction is an Update's on PostgreSQL or MySQL.
	writes bool
	// alone counts the statements of a call ViewOneRead runs outside a
	// transaction; nil in a transaction.
	alone *statementCount
	// bind collects the values of a read being prepared; nil when the
	// store does not prepare (see prepared.go).
	bind *binder
	// people are those read with a centre's registrations, and leads the
	// trusts led by a person read by e-mail, by person (joins.go).
	people map[string]standards.Person
	leads  map[string][]standards.TrustLead
}

// table is the prefixed name of one of the library's tables, for bun's
// ModelTableExpr and raw queries.
func (t *tx) table(name string) schema.Ident {
	return schema.Ident(t.s.prefix + name)
}
