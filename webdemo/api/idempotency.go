package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/api/internal/oapi"
)

// HeaderIdempotencyKey names a POST so that sending it again never acts
// twice (draft-ietf-httpapi-idempotency-key-header).
const HeaderIdempotencyKey = "Idempotency-Key"

// IdempotencyWindow is how long an Idempotency-Key is remembered.
const IdempotencyWindow = 24 * time.Hour

// Answer is what the API answered to a POST with an Idempotency-Key, kept
// to answer the same again.
type Answer struct {
	// Fingerprint is the SHA-256 of the request: its method, path, the
	// person named and the body. The same key with another request is
	// refused.
	Fingerprint string
	// Done is false while the first request is being answered.
	Done        bool
	Status      int
	ContentType string
	Body        []byte
	At          time.Time
}

// IdempotencyStore keeps the answers to POSTs made with an
// Idempotency-Key, per host key. NewSQLIdempotencyStore keeps them in the
// database, so that every instance of the API honours a key;
// NewMemoryIdempotencyStore in the process, for one instance.
type IdempotencyStore interface {
	// Reserve records that the request a (not Done) is being answered
	// under hostKeyID's key, unless the key is already there and younger
	// than IdempotencyWindow: then it returns that answer and true.
	Reserve(ctx context.Context, hostKeyID, key string, a Answer) (Answer, bool, error)
	// Finish keeps the answer to the reserved request, now Done.
	Finish(ctx context.Context, hostKeyID, key string, a Answer) error
	// Release forgets a reservation not Done, so that the request may be
	// made again: for an answer that says nothing was changed.
	Release(ctx context.Context, hostKeyID, key string) error
}

// WithIdempotencyStore keeps Idempotency-Keys in store. The default is a
// NewMemoryIdempotencyStore: a host running several instances gives each
// the same NewSQLIdempotencyStore.
func WithIdempotencyStore(store IdempotencyStore) Option {
	return func(s *server) {
		if store != nil {
			s.idempotency = store
		}
	}
}

// idempotent answers a POST with an Idempotency-Key once: the first time
// by next, whose answer it keeps, and every later time within the window
// with that same answer (and Idempotent-Replayed: true), without acting
// again. The same key with a different request is 422; while the first is
// still being answered, 409. An answer of "transient" (the store refused
// the transaction; nothing was changed) is not kept, so a retry acts. Any
// other failure is kept: a 500 or an unavailable store may have committed,
// so the host looks before it sends the request again under a new key.
func (s *server) idempotent(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(HeaderIdempotencyKey)
		if r.Method != http.MethodPost || key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > 255 || !printableASCII(key) {
			s.problem(w, r, invalidHeader(HeaderIdempotencyKey, standards.FieldInvalidFormat, key,
				"an Idempotency-Key is 1 to 255 printable ASCII characters, such as a UUID"))
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.unreadableAt(w, r, "body", err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		c := callerOf(r.Context())
		sum := sha256.New()
		for _, part := range []string{r.Method, r.URL.Path, c.actor.ExternalID, c.actor.Email} {
			sum.Write([]byte(part + "\n"))
		}
		sum.Write(body)
		fingerprint := hex.EncodeToString(sum.Sum(nil))

		kept, found, err := s.idempotency.Reserve(r.Context(), c.key.ID, key, Answer{Fingerprint: fingerprint, At: time.Now().UTC()})
		switch {
		case err != nil:
			s.fail(w, r, err)
			return
		case found && kept.Fingerprint != fingerprint:
			s.problem(w, r, invalidHeader(HeaderIdempotencyKey, standards.FieldDuplicate, key,
				"this Idempotency-Key was sent with another request: use a new key for a new request"))
			return
		case found && !kept.Done:
			s.problem(w, r, oapi.Problem{Type: "urn:eops:problem:conflict", Title: "Conflict", Status: http.StatusConflict,
				Code: oapi.ProblemCode(standards.CodeConflict), Reason: ptr(string(standards.ReasonDuplicate)),
				Detail: ptr("a request with this Idempotency-Key is still being answered: try again in a moment")})
			return
		case found:
			w.Header().Set("Content-Type", kept.ContentType)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(kept.Status)
			_, _ = w.Write(kept.Body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		// The answer is kept with a context of its own: a host that hung
		// up still has its request answered, and must find it so.
		ctx := context.WithoutCancel(r.Context())
		if transient(rec) {
			if err := s.idempotency.Release(ctx, c.key.ID, key); err != nil {
				s.log.ErrorContext(ctx, "api: releasing an Idempotency-Key", "err", err)
			}
			return
		}
		a := Answer{Fingerprint: fingerprint, Done: true, Status: rec.status, ContentType: rec.Header().Get("Content-Type"), Body: rec.body.Bytes()}
		if err := s.idempotency.Finish(ctx, c.key.ID, key, a); err != nil {
			s.log.ErrorContext(ctx, "api: keeping an Idempotency-Key's answer", "err", err)
		}
	})
}

// transient reports an answer saying the store refused the transaction
// for others at the same time: nothing was changed.
func transient(rec *recorder) bool {
	if rec.status != http.StatusServiceUnavailable {
		return false
	}
	var p struct{ Code string }
	return json.Unmarshal(rec.body.Bytes(), &p) == nil && p.Code == string(standards.CodeTransient)
}

func printableASCII(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func invalidHeader(name string, code standards.FieldCode, value, message string) oapi.Problem {
	return oapi.Problem{Type: "urn:eops:problem:invalid", Title: "Invalid input", Status: http.StatusUnprocessableEntity,
		Code: oapi.ProblemCode(standards.CodeInvalid), Detail: ptr(name + ": " + message),
		Errors: &[]oapi.FieldError{{Field: name, Code: string(code), Message: message, Params: ptr(oapi.Params{"value": value})}}}
}

// recorder passes an answer on and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// NewMemoryIdempotencyStore keeps Idempotency-Keys in this process only:
// for one instance, and for tests.
func NewMemoryIdempotencyStore() IdempotencyStore {
	return &memoryIdempotency{answers: map[[2]string]Answer{}}
}

type memoryIdempotency struct {
	mu      sync.Mutex
	answers map[[2]string]Answer
}

func (m *memoryIdempotency) Reserve(_ context.Context, hostKeyID, key string, a Answer) (Answer, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{hostKeyID, key}
	if kept, ok := m.answers[k]; ok && a.At.Sub(kept.At) < IdempotencyWindow {
		return kept, true, nil
	}
	for old, kept := range m.answers { // forget what the window has passed
		if a.At.Sub(kept.At) >= IdempotencyWindow {
			delete(m.answers, old)
		}
	}
	a.Done = false
	m.answers[k] = a
	return Answer{}, false, nil
}

func (m *memoryIdempotency) Finish(_ context.Context, hostKeyID, key string, a Answer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{hostKeyID, key}
	a.At = m.answers[k].At
	a.Done = true
	m.answers[k] = a
	return nil
}

func (m *memoryIdempotency) Release(_ context.Context, hostKeyID, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{hostKeyID, key}
	if !m.answers[k].Done {
		delete(m.answers, k)
	}
	return nil
}

// NewSQLIdempotencyStore keeps Idempotency-Keys in db, in a table of its
// own (prefix and webdemo_api_idempotency), made if it is not there, as
// webdemo/accounts keeps its tables: SQLite, PostgreSQL or MySQL/MariaDB.
// Every instance of the API on the database honours every key.
//
// It forgets the keys the window has passed as it goes: at most once a
// minute (in the times of the requests it is given), a Reserve first
// deletes up to SweepBatch of them, oldest first, by an index on their
// time; when a sweep finds a full batch, the next Reserve sweeps again, so
// the sweeps keep up with any rate of POSTs while no request does more
// than one batch. Several instances sweeping at once are safe: a row is
// deleted once, and PostgreSQL's instances skip the rows another is
// deleting. A failed sweep fails no request: the next one tries again.
func NewSQLIdempotencyStore(ctx context.Context, db *bun.DB, prefix string) (IdempotencyStore, error) {
	s := &sqlIdempotency{db: db, table: bun.Ident(prefix + "webdemo_api_idempotency")}
	create := db.NewCreateTable().Model((*idempotencyRow)(nil)).ModelTableExpr("?", s.table).IfNotExists()
	var err error
	if db.Dialect().Name() == dialect.MySQL {
		_, err = db.ExecContext(ctx, "? DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin", create)
	} else {
		_, err = create.Exec(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("api: create table %s: %w", s.table, err)
	}
	if err := s.createAtIndex(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// createAtIndex makes the index the sweep deletes by, if it is not there
// (a table made before the sweep gains it on the next start). MySQL has no
// CREATE INDEX IF NOT EXISTS (MariaDB has), so there the catalogue is asked
// first; two instances starting at once may both find it missing, and an
// error is forgiven when the index is there after all (as
// webdemo/accounts makes its sweeps' indexes).
func (s *sqlIdempotency) createAtIndex(ctx context.Context) error {
	mysql := s.db.Dialect().Name() == dialect.MySQL
	name := bun.Ident(string(s.table) + "_at")
	exists := func() (bool, error) {
		if !mysql {
			return false, nil
		}
		var n int
		err := s.db.NewRaw("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?",
			string(s.table), string(name)).Scan(ctx, &n)
		return n > 0, err
	}
	if ok, err := exists(); err != nil || ok {
		return err
	}
	create := "CREATE INDEX IF NOT EXISTS ? ON ? (at)"
	if mysql {
		create = "CREATE INDEX ? ON ? (at)"
	}
	if _, err := s.db.ExecContext(ctx, create, name, s.table); err != nil {
		if ok, _ := exists(); ok {
			return nil
		}
		if _, again := s.db.ExecContext(ctx, create, name, s.table); again == nil && !mysql {
			return nil
		}
		return fmt.Errorf("api: create index %s: %w", name, err)
	}
	return nil
}

// SweepBatch is the most expired Idempotency-Keys one sweep of
// NewSQLIdempotencyStore's deletes.
const SweepBatch = 500

// sweepEvery is how often a store sweeps while there is less than a batch
// to sweep.
const sweepEvery = time.Minute

type sqlIdempotency struct {
	db    *bun.DB
	table bun.Ident

	mu        sync.Mutex
	nextSweep time.Time // when the next sweep is due; zero: at once
}

// maybeSweep sweeps if one is due at now, the time of the request being
// reserved.
func (s *sqlIdempotency) maybeSweep(ctx context.Context, now time.Time) {
	s.mu.Lock()
	due := !now.Before(s.nextSweep) || now.Before(s.nextSweep.Add(-sweepEvery)) // a clock set back sweeps too
	if due {
		s.nextSweep = now.Add(sweepEvery)
	}
	s.mu.Unlock()
	if !due {
		return
	}
	if n, err := s.sweep(ctx, now.Add(-IdempotencyWindow)); err == nil && n == SweepBatch {
		s.mu.Lock()
		s.nextSweep = time.Time{} // more to do: the next request sweeps again
		s.mu.Unlock()
	}
}

// sweep deletes up to SweepBatch rows at or before cutoff, oldest first,
// and says how many it deleted. Each database bounds a DELETE its own way:
// MySQL by DELETE … ORDER BY … LIMIT (it allows no LIMIT in a subquery of
// IN, nor a subquery of the table deleted from); PostgreSQL and SQLite by
// the keys a bounded SELECT gives, PostgreSQL's with FOR UPDATE SKIP
// LOCKED so that instances sweeping at once share the rows, not wait on
// them.
func (s *sqlIdempotency) sweep(ctx context.Context, cutoff time.Time) (int, error) {
	var q string
	switch s.db.Dialect().Name() {
	case dialect.MySQL:
		q = "DELETE FROM ?0 WHERE at <= ?1 ORDER BY at LIMIT ?2"
	case dialect.PG:
		q = "DELETE FROM ?0 WHERE (host_key_id, idempotency_key) IN (SELECT host_key_id, idempotency_key FROM ?0 WHERE at <= ?1 ORDER BY at LIMIT ?2 FOR UPDATE SKIP LOCKED)"
	default:
		q = "DELETE FROM ?0 WHERE (host_key_id, idempotency_key) IN (SELECT host_key_id, idempotency_key FROM ?0 WHERE at <= ?1 ORDER BY at LIMIT ?2)"
	}
	res, err := s.db.ExecContext(ctx, q, s.table, cutoff, SweepBatch)
	if err != nil {
		return 0, fmt.Errorf("api: sweep expired Idempotency-Keys: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

type idempotencyRow struct {
	bun.BaseModel `bun:"alias:idempotency"`
	HostKeyID     string    `bun:"host_key_id,pk,type:varchar(26)"`
	Key           string    `bun:"idempotency_key,pk,type:varchar(255)"`
	Fingerprint   string    `bun:"fingerprint,notnull,type:varchar(64)"`
	Done          bool      `bun:"done,notnull"`
	Status        int       `bun:"status,notnull"`
	ContentType   string    `bun:"content_type,notnull,type:varchar(100)"`
	Body          string    `bun:"body,notnull,type:text"` // JSON; MySQL's TEXT holds 64 KiB, far above a POST's answer
	At            time.Time `bun:"at,notnull"`
}

func (s *sqlIdempotency) Reserve(ctx context.Context, hostKeyID, key string, a Answer) (Answer, bool, error) {
	s.maybeSweep(ctx, a.At)
	// This key, if the window has passed it, is forgotten, so that it can
	// be used again at once, whether or not a sweep has reached it.
	if _, err := s.db.NewDelete().TableExpr("?", s.table).
		Where("host_key_id = ? AND idempotency_key = ? AND at <= ?", hostKeyID, key, a.At.Add(-IdempotencyWindow)).Exec(ctx); err != nil {
		return Answer{}, false, err
	}
	res, err := s.db.NewInsert().Model(&idempotencyRow{HostKeyID: hostKeyID, Key: key, Fingerprint: a.Fingerprint, At: a.At}).
		ModelTableExpr("?", s.table).Ignore().Exec(ctx)
	if err != nil {
		return Answer{}, false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return Answer{}, false, err
	}
	var row idempotencyRow
	if err := s.db.NewSelect().Model(&row).ModelTableExpr("? AS idempotency", s.table).
		Where("host_key_id = ? AND idempotency_key = ?", hostKeyID, key).Scan(ctx); err != nil {
		return Answer{}, false, err
	}
	return Answer{Fingerprint: row.Fingerprint, Done: row.Done, Status: row.Status, ContentType: row.ContentType,
		Body: []byte(row.Body), At: row.At.UTC()}, true, nil
}

func (s *sqlIdempotency) Finish(ctx context.Context, hostKeyID, key string, a Answer) error {
	_, err := s.db.NewUpdate().TableExpr("?", s.table).
		Set("done = ?", true).Set("status = ?", a.Status).Set("content_type = ?", a.ContentType).Set("body = ?", string(a.Body)).
		Where("host_key_id = ? AND idempotency_key = ?", hostKeyID, key).Exec(ctx)
	return err
}

func (s *sqlIdempotency) Release(ctx context.Context, hostKeyID, key string) error {
	_, err := s.db.NewDelete().TableExpr("?", s.table).
		Where("host_key_id = ? AND idempotency_key = ? AND done = ?", hostKeyID, key, false).Exec(ctx)
	return err
}
