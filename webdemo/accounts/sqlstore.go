package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/eops/eops/standards"
)

// SQLStore is a Store in ten tables of a database bun reaches: SQLite,
// PostgreSQL, or MySQL/MariaDB. <prefix>webdemo_accounts holds the
// accounts; <prefix>webdemo_account_unconfirmed names those whose address
// is not yet confirmed; <prefix>webdemo_signup_tokens the hashes of their
// confirmation links; <prefix>webdemo_reset_tokens those of the password
// reset links; <prefix>webdemo_email_tokens those of the links that
// confirm a new address; <prefix>webdemo_account_totp each account's second
// factor, if it has one; <prefix>webdemo_recovery_codes the hashes of its
// unused recovery codes; <prefix>webdemo_totp_setups the session that
// began a set-up in progress; <prefix>webdemo_sessions the sessions, by
// the SHA-256 of their ids; <prefix>webdemo_counts the sign-in failures
// and mails asked for that the throttles count, by the SHA-256 of their
// keys. So every instance of the app on one database shares all of it. It
// is safe for concurrent use.
//
// An account is confirmed when it has no row in the unconfirmed table. So
// the accounts of a database made before confirmation came, which could
// already sign in and act, stay confirmed when the table is added.
//
// Times are kept to the second, which every one of those databases stores
// exactly; Create drops anything finer.
type SQLStore struct {
	db   *bun.DB
	read *bun.DB // db, or the pool ReadFrom gave
	// byID is ByID's statement, which every signed-in request runs. Its
	// value is bound rather than written into it, so that a connection
	// that keeps the statements it prepares (sqlite.Open's) parses
	// it only once.
	byID, byEmail string
	// sessionWithAccount is SessionWithAccount's statement, bound as
	// byID's is: every signed-in request runs it.
	sessionWithAccount string
	table              bun.Ident
	unconfirmedTable   bun.Ident
	tokensTable        bun.Ident
	resetsTable        bun.Ident
	emailsTable        bun.Ident
	totpTable          bun.Ident
	codesTable         bun.Ident
	setUpsTable        bun.Ident
	sessionsTable      bun.Ident
	eventsTable        bun.Ident
}

// accountRow is an account as a row; it stays private to the store.
type accountRow struct {
	bun.BaseModel `bun:"alias:account"`
	ID            string    `bun:"id,pk,type:varchar(26)"`
	Email         string    `bun:"email,notnull,unique,type:varchar(254)"`
	Name          string    `bun:"name,notnull,type:varchar(200)"`
	PasswordHash  string    `bun:"password_hash,notnull,type:varchar(255)"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
}

// unconfirmedRow names an account whose address is not confirmed yet.
type unconfirmedRow struct {
	bun.BaseModel `bun:"alias:unconfirmed"`
	AccountID     string `bun:"account_id,pk,type:varchar(26)"`
}

// tokenRow is a confirmation link's token, by its hash.
type tokenRow struct {
	bun.BaseModel `bun:"alias:token"`
	Hash          string    `bun:"token_hash,pk,type:varchar(64)"`
	AccountID     string    `bun:"account_id,notnull,type:varchar(26)"`
	Name          string    `bun:"name,notnull,type:varchar(200)"`
	PasswordHash  string    `bun:"password_hash,notnull,type:varchar(255)"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
	ExpiresAt     time.Time `bun:"expires_at,notnull"`
	UsedAt        time.Time `bun:"used_at,nullzero"`
}

// resetRow is a password reset link's token, by its hash.
type resetRow struct {
	bun.BaseModel `bun:"alias:reset"`
	Hash          string    `bun:"token_hash,pk,type:varchar(64)"`
	AccountID     string    `bun:"account_id,notnull,type:varchar(26)"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
	ExpiresAt     time.Time `bun:"expires_at,notnull"`
	UsedAt        time.Time `bun:"used_at,nullzero"`
}

// emailRow is a link to confirm a new address, by its token's hash.
type emailRow struct {
	bun.BaseModel `bun:"alias:email"`
	Hash          string    `bun:"token_hash,pk,type:varchar(64)"`
	AccountID     string    `bun:"account_id,notnull,type:varchar(26)"`
	Email         string    `bun:"email,notnull,type:varchar(254)"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
	ExpiresAt     time.Time `bun:"expires_at,notnull"`
	UsedAt        time.Time `bun:"used_at,nullzero"`
}

// totpRow is an account's second factor as a row.
type totpRow struct {
	bun.BaseModel `bun:"alias:totp"`
	AccountID     string `bun:"account_id,pk,type:varchar(26)"`
	Secret        string `bun:"secret,notnull,type:varchar(128)"`
	Enabled       bool   `bun:"enabled,notnull"`
	LastStep      int64  `bun:"last_step,notnull"`
}

// recoveryRow is the hash of one unused recovery code.
type recoveryRow struct {
	bun.BaseModel `bun:"alias:recovery"`
	AccountID     string `bun:"account_id,pk,type:varchar(26)"`
	CodeHash      string `bun:"code_hash,pk,type:varchar(64)"`
}

// setUpRow names the session that began an account's two-factor set-up
// in progress, by the hash of its id.
type setUpRow struct {
	bun.BaseModel `bun:"alias:setup"`
	AccountID     string `bun:"account_id,pk,type:varchar(26)"`
	SessionHash   string `bun:"session_hash,notnull,type:varchar(64)"`
}

// sessionRow is a session, by the hash of its id.
type sessionRow struct {
	bun.BaseModel `bun:"alias:session"`
	Hash          string    `bun:"id_hash,pk,type:varchar(64)"`
	AccountID     string    `bun:"account_id,notnull,type:varchar(26)"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
	LastSeen      time.Time `bun:"last_seen,notnull"`
	Half          bool      `bun:"half,notnull"`
}

// eventRow is one counted event: a sign-in failure or a mail asked for.
// The primary key starts with what CountSince looks up by.
type eventRow struct {
	bun.BaseModel `bun:"alias:event"`
	Kind          string    `bun:"kind,pk,type:varchar(8)"`
	KeyHash       string    `bun:"key_hash,pk,type:varchar(64)"`
	At            time.Time `bun:"at,pk"`
	ID            string    `bun:"id,pk,type:varchar(26)"`
}

// SQLOption configures an SQLStore.
type SQLOption func(*SQLStore)

// ReadFrom has the store look up accounts and second factors through read,
// a pool on the same database that reads beside db's writer, such as
// sqlstore.Store.ReadDB. Every signed-in request looks its account up, and
// on SQLite a lookup through db would wait for any write in progress. Writes,
// and the reads they make, stay on db. A nil read changes nothing.
func ReadFrom(read *bun.DB) SQLOption {
	return func(s *SQLStore) {
		if read != nil {
			s.read = read
		}
	}
}

// NewSQLStore returns a store on db, creating its tables if they do not
// exist yet. The tables are created one by one with CREATE TABLE IF NOT
// EXISTS, so a database made before the second factor came gains its two
// tables on the next start and keeps its accounts, and one made before
// sign-up's confirmation came gains the unconfirmed and token tables, its
// accounts all confirmed (they could act already). The e-mail column is
// UNIQUE, which each database keeps with a unique index of its own. A
// MySQL database also needs parseTime=true in its DSN, as the rest of the
// demo's store does.
func NewSQLStore(ctx context.Context, db *bun.DB, prefix string, opts ...SQLOption) (*SQLStore, error) {
	s := &SQLStore{
		db:               db,
		read:             db,
		table:            bun.Ident(prefix + "webdemo_accounts"),
		unconfirmedTable: bun.Ident(prefix + "webdemo_account_unconfirmed"),
		tokensTable:      bun.Ident(prefix + "webdemo_signup_tokens"),
		resetsTable:      bun.Ident(prefix + "webdemo_reset_tokens"),
		emailsTable:      bun.Ident(prefix + "webdemo_email_tokens"),
		totpTable:        bun.Ident(prefix + "webdemo_account_totp"),
		codesTable:       bun.Ident(prefix + "webdemo_recovery_codes"),
		setUpsTable:      bun.Ident(prefix + "webdemo_totp_setups"),
		sessionsTable:    bun.Ident(prefix + "webdemo_sessions"),
		eventsTable:      bun.Ident(prefix + "webdemo_counts"),
	}
	for _, o := range opts {
		o(s)
	}
	placeholder := "?"
	if db.Dialect().Name() == dialect.PG {
		placeholder = "$1"
	}
	// The account and whether it waits for confirmation, in one statement.
	selectAccount := "SELECT a.id, a.email, a.name, a.password_hash, a.created_at, u.account_id FROM ? AS a LEFT JOIN ? AS u ON u.account_id = a.id WHERE a."
	s.byID = db.NewRaw(selectAccount+"id = "+placeholder, s.table, s.unconfirmedTable).String()
	s.byEmail = db.NewRaw(selectAccount+"email = "+placeholder, s.table, s.unconfirmedTable).String()
	// A session, its account and whether that waits for confirmation, in
	// one statement. The account is joined on the left, so that a session
	// whose account is gone is still found (the foreign key's cascade
	// leaves none, but the Manager ends one should it be there).
	s.sessionWithAccount = db.NewRaw("SELECT s.account_id, s.created_at, s.last_seen, s.half, "+
		"a.id, a.email, a.name, a.password_hash, a.created_at, u.account_id "+
		"FROM ? AS s LEFT JOIN ? AS a ON a.id = s.account_id LEFT JOIN ? AS u ON u.account_id = a.id WHERE s.id_hash = "+placeholder,
		s.sessionsTable, s.table, s.unconfirmedTable).String()
	tables := []struct {
		name   bun.Ident
		create *bun.CreateTableQuery
	}{
		{s.table, db.NewCreateTable().Model((*accountRow)(nil))},
		// Added with sign-up's confirmation; both go with their account.
		{s.unconfirmedTable, db.NewCreateTable().Model((*unconfirmedRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
		{s.tokensTable, db.NewCreateTable().Model((*tokenRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
		// A second factor goes with its account, and recovery codes with
		// their second factor.
		{s.totpTable, db.NewCreateTable().Model((*totpRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
		{s.codesTable, db.NewCreateTable().Model((*recoveryRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (account_id) ON DELETE CASCADE", s.totpTable)},
		// Added when the app's state moved out of its process (issue 19),
		// so that any instance serves any request.
		{s.setUpsTable, db.NewCreateTable().Model((*setUpRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
		{s.sessionsTable, db.NewCreateTable().Model((*sessionRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
		{s.eventsTable, db.NewCreateTable().Model((*eventRow)(nil))},
		// Added with password reset (issue 21); goes with its account.
		{s.resetsTable, db.NewCreateTable().Model((*resetRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
		{s.emailsTable, db.NewCreateTable().Model((*emailRow)(nil)).
			ForeignKey("(account_id) REFERENCES ? (id) ON DELETE CASCADE", s.table)},
	}
	for _, t := range tables {
		create := t.create.ModelTableExpr("?", t.name).IfNotExists()
		var err error
		if db.Dialect().Name() == dialect.MySQL {
			// Without these, the table takes the database's defaults, which
			// may not hold every name, may compare e-mail addresses loosely,
			// and would not match the accounts' id column for the foreign
			// keys.
			_, err = db.ExecContext(ctx, "? DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin", create)
		} else {
			_, err = create.Exec(ctx)
		}
		if err != nil {
			return nil, fmt.Errorf("accounts: create table %s: %w", t.name, err)
		}
	}
	if err := s.createIndexes(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// sweepIndexes are the indexes the Manager's sweeps delete by, so that a
// sweep reads the rows it deletes and not the whole table: the sessions by
// when they were last used and when they began (and half sessions by
// that), the counts by when they happened (their primary key starts with
// kind and key, which a sweep does not give). Added after the tables, so a
// database made before them gains them on its next start. Each costs a
// little on a write: a session's last_seen changes at most once a minute.
var sweepIndexes = []struct {
	table func(*SQLStore) bun.Ident
	name  string
	cols  string
}{
	{func(s *SQLStore) bun.Ident { return s.sessionsTable }, "last_seen", "last_seen"},
	{func(s *SQLStore) bun.Ident { return s.sessionsTable }, "created_at", "created_at"},
	{func(s *SQLStore) bun.Ident { return s.sessionsTable }, "half_created_at", "half, created_at"},
	{func(s *SQLStore) bun.Ident { return s.eventsTable }, "at", "at"},
}

// createIndexes makes the sweeps' indexes that are not there yet, each
// named after its table. MySQL has no CREATE INDEX IF NOT EXISTS (MariaDB
// has), so there the catalogue is asked first. Two instances starting at
// once may both find an index missing and one fails to make it: an error
// is forgiven when the index is there after all.
func (s *SQLStore) createIndexes(ctx context.Context) error {
	mysql := s.db.Dialect().Name() == dialect.MySQL
	for _, ix := range sweepIndexes {
		table := ix.table(s)
		name := bun.Ident(string(table) + "_" + ix.name)
		exists := func() (bool, error) {
			if !mysql {
				return false, nil
			}
			var n int
			err := s.db.NewRaw("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?",
				string(table), string(name)).Scan(ctx, &n)
			return n > 0, err
		}
		if ok, err := exists(); err != nil {
			return fmt.Errorf("accounts: look for index %s: %w", name, err)
		} else if ok {
			continue
		}
		create := "CREATE INDEX IF NOT EXISTS ? ON ? (" + ix.cols + ")"
		if mysql {
			create = "CREATE INDEX ? ON ? (" + ix.cols + ")"
		}
		if _, err := s.db.ExecContext(ctx, create, name, table); err != nil {
			// Another instance may have made it meanwhile.
			if ok, _ := exists(); ok {
				continue
			}
			if _, again := s.db.ExecContext(ctx, create, name, table); again == nil && !mysql {
				continue
			}
			return fmt.Errorf("accounts: create index %s: %w", name, err)
		}
	}
	return nil
}

// Create implements Store.
func (s *SQLStore) Create(ctx context.Context, a Account) error {
	row := &accountRow{
		ID: a.ID, Email: a.Email, Name: a.Name, PasswordHash: a.PasswordHash,
		CreatedAt: a.CreatedAt.UTC().Truncate(time.Second),
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(row).ModelTableExpr("?", s.table).Exec(ctx); err != nil {
			return err
		}
		if a.Confirmed {
			return nil
		}
		_, err := tx.NewInsert().Model(&unconfirmedRow{AccountID: a.ID}).ModelTableExpr("?", s.unconfirmedTable).Exec(ctx)
		return err
	})
	if isUnique(err) {
		return fmt.Errorf("%w: an account with this e-mail address already exists: %w", standards.ErrConflict, err)
	}
	if err != nil {
		return fmt.Errorf("accounts: create account: %w", err)
	}
	return nil
}

// ByEmail implements Store.
func (s *SQLStore) ByEmail(ctx context.Context, email string) (Account, error) {
	return s.one(ctx, s.byEmail, email)
}

// ByID implements Store.
func (s *SQLStore) ByID(ctx context.Context, id string) (Account, error) {
	return s.one(ctx, s.byID, id)
}

// one runs query, ByID's or ByEmail's, for value.
func (s *SQLStore) one(ctx context.Context, query, value string) (Account, error) {
	var r accountRow
	var waiting sql.NullString // the unconfirmed table's row, if any
	// Through database/sql, which binds value, where bun would write it in.
	err := s.read.DB.QueryRowContext(ctx, query, value).Scan(&r.ID, &r.Email, &r.Name, &r.PasswordHash, &r.CreatedAt, &waiting)
	a, err := r.account(value, err)
	a.Confirmed = err == nil && !waiting.Valid
	return a, err
}

// account is the row read for the account named by what, or the read's
// error: ErrNotFound when there was no row.
func (r *accountRow) account(what string, err error) (Account, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("account %s: %w", what, standards.ErrNotFound)
	}
	if err != nil {
		return Account{}, fmt.Errorf("accounts: find account: %w", err)
	}
	return Account{ID: r.ID, Email: r.Email, Name: r.Name, PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt.UTC()}, nil
}

// AddSignUpToken implements Store.
func (s *SQLStore) AddSignUpToken(ctx context.Context, t SignUpToken) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var n int
		if err := tx.NewRaw("SELECT COUNT(*) FROM ? WHERE id = ?", s.table, t.AccountID).Scan(ctx, &n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
		}
		row := &tokenRow{Hash: t.Hash, AccountID: t.AccountID, Name: t.Name, PasswordHash: t.PasswordHash,
			CreatedAt: t.CreatedAt.UTC().Truncate(time.Second), ExpiresAt: t.ExpiresAt.UTC().Truncate(time.Second)}
		_, err := tx.NewInsert().Model(row).ModelTableExpr("?", s.tokensTable).Exec(ctx)
		if isUnique(err) {
			return fmt.Errorf("%w: the token is taken", standards.ErrConflict)
		}
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: keep a sign-up token: %w", err)
	}
	return err
}

// SignUpToken implements Store.
func (s *SQLStore) SignUpToken(ctx context.Context, hash string) (SignUpToken, error) {
	r, err := s.token(ctx, s.read, hash)
	if err != nil {
		return SignUpToken{}, err
	}
	return r.token(), nil
}

// tokenByHash reads the row of a single-use link's token (a sign-up's, a
// reset's, an e-mail change's) by its hash, from table under alias (the
// row struct's), through db, a pool or a transaction; what names the kind
// of token in its errors.
func tokenByHash[R any](ctx context.Context, db bun.IDB, table bun.Ident, alias, what, hash string) (R, error) {
	var r R
	err := db.NewSelect().Model(&r).ModelTableExpr("? AS "+alias, table).
		Where("token_hash = ?", hash).Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%s: %w", what, standards.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("accounts: find %s: %w", what, err)
	}
	return r, nil
}

// token reads the token row of hash through db, a pool or a transaction.
func (s *SQLStore) token(ctx context.Context, db bun.IDB, hash string) (tokenRow, error) {
	return tokenByHash[tokenRow](ctx, db, s.tokensTable, "token", "sign-up token", hash)
}

func (r tokenRow) token() SignUpToken {
	t := SignUpToken{Hash: r.Hash, AccountID: r.AccountID, Name: r.Name, PasswordHash: r.PasswordHash,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
	if !r.UsedAt.IsZero() {
		t.UsedAt = r.UsedAt.UTC()
	}
	return t
}

// ConfirmAccount implements Store. The condition on used_at makes it one
// compare-and-set: of two requests with the same link, one updates the
// token's row and the other finds nothing to update, and its transaction
// changes nothing.
func (s *SQLStore) ConfirmAccount(ctx context.Context, hash string, at time.Time) error {
	at = at.UTC().Truncate(time.Second)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		r, err := s.token(ctx, tx, hash)
		if err != nil {
			return err
		}
		if !r.UsedAt.IsZero() || !at.Before(r.ExpiresAt) {
			return fmt.Errorf("%w: the link is used or expired", standards.ErrConflict)
		}
		res, err := tx.ExecContext(ctx, "UPDATE ? SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", s.tokensTable, at, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: the link is used", standards.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE ? SET name = ?, password_hash = ? WHERE id = ?", s.table, r.Name, r.PasswordHash, r.AccountID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.unconfirmedTable, r.AccountID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ? AND token_hash <> ?", s.tokensTable, r.AccountID, hash)
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: confirm an account: %w", err)
	}
	return err
}

// AddResetToken implements Store.
func (s *SQLStore) AddResetToken(ctx context.Context, t ResetToken) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var n int
		if err := tx.NewRaw("SELECT COUNT(*) FROM ? WHERE id = ?", s.table, t.AccountID).Scan(ctx, &n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
		}
		row := &resetRow{Hash: t.Hash, AccountID: t.AccountID,
			CreatedAt: t.CreatedAt.UTC().Truncate(time.Second), ExpiresAt: t.ExpiresAt.UTC().Truncate(time.Second)}
		_, err := tx.NewInsert().Model(row).ModelTableExpr("?", s.resetsTable).Exec(ctx)
		if isUnique(err) {
			return fmt.Errorf("%w: the token is taken", standards.ErrConflict)
		}
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: keep a reset token: %w", err)
	}
	return err
}

// ResetToken implements Store.
func (s *SQLStore) ResetToken(ctx context.Context, hash string) (ResetToken, error) {
	r, err := s.resetToken(ctx, s.read, hash)
	if err != nil {
		return ResetToken{}, err
	}
	t := ResetToken{Hash: r.Hash, AccountID: r.AccountID, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
	if !r.UsedAt.IsZero() {
		t.UsedAt = r.UsedAt.UTC()
	}
	return t, nil
}

// resetToken reads the reset token row of hash through db, a pool or a
// transaction.
func (s *SQLStore) resetToken(ctx context.Context, db bun.IDB, hash string) (resetRow, error) {
	return tokenByHash[resetRow](ctx, db, s.resetsTable, "reset", "reset token", hash)
}

// ResetPassword implements Store. As in ConfirmAccount, the condition on
// used_at makes it one compare-and-set.
func (s *SQLStore) ResetPassword(ctx context.Context, hash, passwordHash string, at time.Time) error {
	at = at.UTC().Truncate(time.Second)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		r, err := s.resetToken(ctx, tx, hash)
		if err != nil {
			return err
		}
		if !r.UsedAt.IsZero() || !at.Before(r.ExpiresAt) {
			return fmt.Errorf("%w: the link is used or expired", standards.ErrConflict)
		}
		res, err := tx.ExecContext(ctx, "UPDATE ? SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", s.resetsTable, at, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: the link is used", standards.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE ? SET password_hash = ? WHERE id = ?", s.table, passwordHash, r.AccountID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ? AND token_hash <> ?", s.resetsTable, r.AccountID, hash); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.sessionsTable, r.AccountID)
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: reset a password: %w", err)
	}
	return err
}

// AddEmailToken implements Store.
func (s *SQLStore) AddEmailToken(ctx context.Context, t EmailToken) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var n int
		if err := tx.NewRaw("SELECT COUNT(*) FROM ? WHERE id = ?", s.table, t.AccountID).Scan(ctx, &n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
		}
		row := &emailRow{Hash: t.Hash, AccountID: t.AccountID, Email: t.Email,
			CreatedAt: t.CreatedAt.UTC().Truncate(time.Second), ExpiresAt: t.ExpiresAt.UTC().Truncate(time.Second)}
		_, err := tx.NewInsert().Model(row).ModelTableExpr("?", s.emailsTable).Exec(ctx)
		if isUnique(err) {
			return fmt.Errorf("%w: the token is taken", standards.ErrConflict)
		}
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: keep an e-mail token: %w", err)
	}
	return err
}

// EmailToken implements Store.
func (s *SQLStore) EmailToken(ctx context.Context, hash string) (EmailToken, error) {
	r, err := s.emailToken(ctx, s.read, hash)
	if err != nil {
		return EmailToken{}, err
	}
	t := EmailToken{Hash: r.Hash, AccountID: r.AccountID, Email: r.Email, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
	if !r.UsedAt.IsZero() {
		t.UsedAt = r.UsedAt.UTC()
	}
	return t, nil
}

// emailToken reads the e-mail token row of hash through db, a pool or a
// transaction.
func (s *SQLStore) emailToken(ctx context.Context, db bun.IDB, hash string) (emailRow, error) {
	return tokenByHash[emailRow](ctx, db, s.emailsTable, "email", "e-mail token", hash)
}

// ChangeEmail implements Store. As in ConfirmAccount, the condition on
// used_at makes it one compare-and-set; the accounts' unique e-mail
// column refuses an address another account took meanwhile, and the
// whole transaction with it.
func (s *SQLStore) ChangeEmail(ctx context.Context, hash string, at time.Time) error {
	at = at.UTC().Truncate(time.Second)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		r, err := s.emailToken(ctx, tx, hash)
		if err != nil {
			return err
		}
		if !r.UsedAt.IsZero() || !at.Before(r.ExpiresAt) {
			return fmt.Errorf("%w: the link is used or expired", standards.ErrConflict)
		}
		res, err := tx.ExecContext(ctx, "UPDATE ? SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", s.emailsTable, at, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: the link is used", standards.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE ? SET email = ? WHERE id = ?", s.table, r.Email, r.AccountID); err != nil {
			if isUnique(err) {
				return fmt.Errorf("%w: an account with this e-mail address already exists", standards.ErrConflict)
			}
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ? AND token_hash <> ?", s.emailsTable, r.AccountID, hash)
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: change an account's address: %w", err)
	}
	return err
}

// TwoFactor implements Store.
func (s *SQLStore) TwoFactor(ctx context.Context, accountID string) (TwoFactor, error) {
	var r totpRow
	err := s.read.NewSelect().Model(&r).ModelTableExpr("? AS totp", s.totpTable).
		Where("account_id = ?", accountID).Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return TwoFactor{}, fmt.Errorf("second factor of account %s: %w", accountID, standards.ErrNotFound)
	}
	if err != nil {
		return TwoFactor{}, fmt.Errorf("accounts: find second factor: %w", err)
	}
	var left int
	if err := s.read.NewRaw("SELECT COUNT(*) FROM ? WHERE account_id = ?", s.codesTable, accountID).Scan(ctx, &left); err != nil {
		return TwoFactor{}, fmt.Errorf("accounts: count recovery codes: %w", err)
	}
	tf := TwoFactor{Secret: r.Secret, Enabled: r.Enabled, LastStep: r.LastStep, RecoveryCodes: left}
	if !tf.Enabled {
		var su setUpRow
		err := s.read.NewSelect().Model(&su).ModelTableExpr("? AS setup", s.setUpsTable).
			Where("account_id = ?", accountID).Limit(1).Scan(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return TwoFactor{}, fmt.Errorf("accounts: find who began a two-factor set-up: %w", err)
		}
		tf.SetUpBy = su.SessionHash
	}
	return tf, nil
}

// BeginTwoFactor implements Store.
func (s *SQLStore) BeginTwoFactor(ctx context.Context, accountID, secret, sessionHash string) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var n int
		if err := tx.NewRaw("SELECT COUNT(*) FROM ? WHERE id = ?", s.table, accountID).Scan(ctx, &n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("account %s: %w", accountID, standards.ErrNotFound)
		}
		// A set-up in progress makes way; one switched on stays, and the
		// insert below then finds its key taken.
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ? AND enabled = ?", s.totpTable, accountID, false); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&totpRow{AccountID: accountID, Secret: secret}).ModelTableExpr("?", s.totpTable).Exec(ctx)
		if isUnique(err) {
			return fmt.Errorf("%w: two-factor sign-in is on already", standards.ErrConflict)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.setUpsTable, accountID); err != nil {
			return err
		}
		if sessionHash == "" {
			return nil
		}
		_, err = tx.NewInsert().Model(&setUpRow{AccountID: accountID, SessionHash: sessionHash}).ModelTableExpr("?", s.setUpsTable).Exec(ctx)
		return err
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: begin two-factor set-up: %w", err)
	}
	return err
}

// EnableTwoFactor implements Store.
func (s *SQLStore) EnableTwoFactor(ctx context.Context, accountID, secret string, step int64, recoveryHashes []string) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE ? SET enabled = ?, last_step = ? WHERE account_id = ? AND secret = ? AND enabled = ?",
			s.totpTable, true, step, accountID, secret, false)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: no set-up of this secret is in progress", standards.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.setUpsTable, accountID); err != nil {
			return err
		}
		return s.putCodes(ctx, tx, accountID, recoveryHashes)
	})
	if err != nil && !errors.Is(err, standards.ErrConflict) {
		return fmt.Errorf("accounts: switch two-factor sign-in on: %w", err)
	}
	return err
}

// putCodes replaces an account's recovery codes, inside tx.
func (s *SQLStore) putCodes(ctx context.Context, tx bun.Tx, accountID string, hashes []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.codesTable, accountID); err != nil {
		return err
	}
	if len(hashes) == 0 {
		return nil
	}
	rows := make([]recoveryRow, len(hashes))
	for i, h := range hashes {
		rows[i] = recoveryRow{AccountID: accountID, CodeHash: h}
	}
	_, err := tx.NewInsert().Model(&rows).ModelTableExpr("?", s.codesTable).Exec(ctx)
	return err
}

// RemoveTwoFactor implements Store.
func (s *SQLStore) RemoveTwoFactor(ctx context.Context, accountID string) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// The codes go first, by hand: a SQLite connection opened without
		// foreign_keys(1) does not cascade.
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.codesTable, accountID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.setUpsTable, accountID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ?", s.totpTable, accountID)
		return err
	})
	if err != nil {
		return fmt.Errorf("accounts: switch two-factor sign-in off: %w", err)
	}
	return nil
}

// UseTimeStep implements Store. The condition on last_step makes it one
// compare-and-set: of two requests with the same code, one updates the row
// and the other finds nothing to update.
func (s *SQLStore) UseTimeStep(ctx context.Context, accountID string, step int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, "UPDATE ? SET last_step = ? WHERE account_id = ? AND enabled = ? AND last_step < ?",
		s.totpTable, step, accountID, true, step)
	if err != nil {
		return false, fmt.Errorf("accounts: use a time step: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("accounts: use a time step: %w", err)
	}
	return n == 1, nil
}

// ReplaceRecoveryCodes implements Store.
func (s *SQLStore) ReplaceRecoveryCodes(ctx context.Context, accountID string, recoveryHashes []string) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var n int
		if err := tx.NewRaw("SELECT COUNT(*) FROM ? WHERE account_id = ? AND enabled = ?", s.totpTable, accountID, true).Scan(ctx, &n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("two-factor sign-in of account %s: %w", accountID, standards.ErrNotFound)
		}
		return s.putCodes(ctx, tx, accountID, recoveryHashes)
	})
	if err != nil && !errors.Is(err, standards.ErrNotFound) {
		return fmt.Errorf("accounts: replace recovery codes: %w", err)
	}
	return err
}

// UseRecoveryCode implements Store. Deleting the row is the use: of two
// requests with the same code, only one deletes it.
func (s *SQLStore) UseRecoveryCode(ctx context.Context, accountID, hash string) (bool, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ? AND code_hash = ?", s.codesTable, accountID, hash)
	if err != nil {
		return false, fmt.Errorf("accounts: use a recovery code: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("accounts: use a recovery code: %w", err)
	}
	return n == 1, nil
}

// AddSession implements Store.
func (s *SQLStore) AddSession(ctx context.Context, ss StoredSession) error {
	row := &sessionRow{Hash: ss.Hash, AccountID: ss.AccountID, Half: ss.Half,
		CreatedAt: ss.Created.UTC().Truncate(time.Second), LastSeen: ss.LastSeen.UTC().Truncate(time.Second)}
	_, err := s.db.NewInsert().Model(row).ModelTableExpr("?", s.sessionsTable).Exec(ctx)
	if isUnique(err) {
		return fmt.Errorf("%w: the session id is taken", standards.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("accounts: keep a session: %w", err)
	}
	return nil
}

// SessionByHash implements Store. Every signed-in request runs it, so it
// reads through the reading pool (ReadFrom), which sees every committed
// write: on SQLite, a page view does not wait for a write in progress.
func (s *SQLStore) SessionByHash(ctx context.Context, hash string) (StoredSession, error) {
	var r sessionRow
	err := s.read.NewSelect().Model(&r).ModelTableExpr("? AS session", s.sessionsTable).
		Where("id_hash = ?", hash).Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return StoredSession{}, fmt.Errorf("session: %w", standards.ErrNotFound)
	}
	if err != nil {
		return StoredSession{}, fmt.Errorf("accounts: find a session: %w", err)
	}
	return StoredSession{Hash: r.Hash, AccountID: r.AccountID, Created: r.CreatedAt.UTC(), LastSeen: r.LastSeen.UTC(), Half: r.Half}, nil
}

// SessionWithAccount implements Store, in one statement through the
// reading pool, as SessionByHash and ByID each are.
func (s *SQLStore) SessionWithAccount(ctx context.Context, hash string) (StoredSession, Account, error) {
	var ss sessionRow
	var id, email, name, passwordHash, waiting sql.NullString
	var created sql.NullTime
	err := s.read.DB.QueryRowContext(ctx, s.sessionWithAccount, hash).Scan(&ss.AccountID, &ss.CreatedAt, &ss.LastSeen, &ss.Half,
		&id, &email, &name, &passwordHash, &created, &waiting)
	if errors.Is(err, sql.ErrNoRows) {
		return StoredSession{}, Account{}, fmt.Errorf("session: %w", standards.ErrNotFound)
	}
	if err != nil {
		return StoredSession{}, Account{}, fmt.Errorf("accounts: find a session and its account: %w", err)
	}
	kept := StoredSession{Hash: hash, AccountID: ss.AccountID, Created: ss.CreatedAt.UTC(), LastSeen: ss.LastSeen.UTC(), Half: ss.Half}
	if !id.Valid {
		return kept, Account{}, nil
	}
	return kept, Account{ID: id.String, Email: email.String, Name: name.String, PasswordHash: passwordHash.String,
		CreatedAt: created.Time.UTC(), Confirmed: !waiting.Valid}, nil
}

// TouchSession implements Store.
func (s *SQLStore) TouchSession(ctx context.Context, hash string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, "UPDATE ? SET last_seen = ? WHERE id_hash = ?", s.sessionsTable, at.UTC().Truncate(time.Second), hash); err != nil {
		return fmt.Errorf("accounts: touch a session: %w", err)
	}
	return nil
}

// DeleteSession implements Store.
func (s *SQLStore) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM ? WHERE id_hash = ?", s.sessionsTable, hash); err != nil {
		return fmt.Errorf("accounts: end a session: %w", err)
	}
	return nil
}

// DeleteSessionsOf implements Store.
func (s *SQLStore) DeleteSessionsOf(ctx context.Context, accountID, keep string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM ? WHERE account_id = ? AND id_hash <> ?", s.sessionsTable, accountID, keep); err != nil {
		return fmt.Errorf("accounts: end an account's sessions: %w", err)
	}
	return nil
}

// The sweeps' statements, each an index range per condition
// (sweepIndexes): TestSweepsUseTheirIndexes reads their plans.
const (
	sweepSessions = "DELETE FROM ? WHERE last_seen < ? OR created_at < ? OR (half = ? AND created_at < ?)"
	sweepCounts   = "DELETE FROM ? WHERE at <= ?"
)

// DeleteSessionsBefore implements Store.
func (s *SQLStore) DeleteSessionsBefore(ctx context.Context, seen, started, halfStarted time.Time) error {
	_, err := s.db.ExecContext(ctx, sweepSessions,
		s.sessionsTable, seen.UTC().Truncate(time.Second), started.UTC().Truncate(time.Second), true, halfStarted.UTC().Truncate(time.Second))
	if err != nil {
		return fmt.Errorf("accounts: forget sessions that are over: %w", err)
	}
	return nil
}

// CountSince implements Store. It reads through the reading pool, as
// SessionByHash does: every sign-in runs it.
func (s *SQLStore) CountSince(ctx context.Context, kind string, keys []string, since time.Time) ([]int, error) {
	return s.countSince(ctx, s.read, kind, keys, since)
}

// countSince is CountSince through db.
func (s *SQLStore) countSince(ctx context.Context, db bun.IDB, kind string, keys []string, since time.Time) ([]int, error) {
	n := make([]int, len(keys))
	if len(keys) == 0 {
		return n, nil
	}
	var rows []struct {
		KeyHash string `bun:"key_hash"`
		N       int    `bun:"n"`
	}
	err := db.NewRaw("SELECT key_hash, COUNT(*) AS n FROM ? WHERE kind = ? AND key_hash IN (?) AND at > ? GROUP BY key_hash",
		s.eventsTable, kind, bun.List(keys), since.UTC().Truncate(time.Second)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("accounts: count %s events: %w", kind, err)
	}
	for _, r := range rows {
		for i, k := range keys {
			if k == r.KeyHash {
				n[i] = r.N
			}
		}
	}
	return n, nil
}

// AddEvents implements Store.
func (s *SQLStore) AddEvents(ctx context.Context, kind string, keys []string, at time.Time) error {
	if len(keys) == 0 {
		return nil
	}
	rows := make([]eventRow, len(keys))
	for i, k := range keys {
		rows[i] = eventRow{Kind: kind, KeyHash: k, At: at.UTC().Truncate(time.Second), ID: newID()}
	}
	if _, err := s.db.NewInsert().Model(&rows).ModelTableExpr("?", s.eventsTable).Exec(ctx); err != nil {
		return fmt.Errorf("accounts: count %s events: %w", kind, err)
	}
	return nil
}

// ClearEvents implements Store.
func (s *SQLStore) ClearEvents(ctx context.Context, kind, key string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM ? WHERE kind = ? AND key_hash = ?", s.eventsTable, kind, key); err != nil {
		return fmt.Errorf("accounts: clear %s events: %w", kind, err)
	}
	return nil
}

// AdmitEvent implements Store. It counts the event first and then looks:
// when that makes more than max, it takes its own back and refuses. So
// two instances at once at max-1 may both refuse, but never both admit,
// and no lock is held between them.
func (s *SQLStore) AdmitEvent(ctx context.Context, kind, key string, at, since time.Time, max int) (bool, error) {
	row := &eventRow{Kind: kind, KeyHash: key, At: at.UTC().Truncate(time.Second), ID: newID()}
	if _, err := s.db.NewInsert().Model(row).ModelTableExpr("?", s.eventsTable).Exec(ctx); err != nil {
		return false, fmt.Errorf("accounts: count a %s event: %w", kind, err)
	}
	n, err := s.countSince(ctx, s.db, kind, []string{key}, since)
	if err != nil {
		return false, err
	}
	if n[0] <= max {
		return true, nil
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM ? WHERE kind = ? AND key_hash = ? AND at = ? AND id = ?",
		s.eventsTable, kind, key, row.At, row.ID); err != nil {
		return false, fmt.Errorf("accounts: take back a %s event: %w", kind, err)
	}
	return false, nil
}

// DeleteEventsBefore implements Store.
func (s *SQLStore) DeleteEventsBefore(ctx context.Context, before time.Time) error {
	if _, err := s.db.ExecContext(ctx, sweepCounts, s.eventsTable, before.UTC().Truncate(time.Second)); err != nil {
		return fmt.Errorf("accounts: forget old events: %w", err)
	}
	return nil
}

// isUnique reports a unique violation, which each driver reports in its own
// way (as storage/sqlstore reads them): PostgreSQL by SQLSTATE 23505, MySQL
// by error 1062, SQLite (modernc) by the extended result codes for a unique
// or primary key constraint.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) && pg.SQLState() == "23505" {
		return true
	}
	var pgField interface{ Field(byte) string } // bun's pgdriver
	if errors.As(err, &pgField) && pgField.Field('C') == "23505" {
		return true
	}
	var my *mysql.MySQLError
	if errors.As(err, &my) && my.Number == 1062 {
		return true
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		switch lite.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			return true
		}
	}
	return false
}
