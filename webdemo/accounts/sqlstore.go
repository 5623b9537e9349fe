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

// SQLStore is a Store in one table, <prefix>webdemo_accounts, of a database
// bun reaches: SQLite, PostgreSQL, or MySQL/MariaDB. It is safe for
// concurrent use.
//
// Times are kept to the second, which every one of those databases stores
// exactly; Create drops anything finer.
type SQLStore struct {
	db    *bun.DB
	table bun.Ident
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

// NewSQLStore returns a store on db, creating its table <prefix>webdemo_accounts
// if it does not exist yet. The e-mail column is UNIQUE, which each
// database keeps with a unique index of its own. A MySQL database also needs
// parseTime=true in its DSN, as the rest of the demo's store does.
func NewSQLStore(ctx context.Context, db *bun.DB, prefix string) (*SQLStore, error) {
	s := &SQLStore{db: db, table: bun.Ident(prefix + "webdemo_accounts")}
	create := db.NewCreateTable().Model((*accountRow)(nil)).ModelTableExpr("?", s.table).IfNotExists()
	var err error
	if db.Dialect().Name() == dialect.MySQL {
		// Without these, the table takes the database's defaults, which may
		// not hold every name, and may compare e-mail addresses loosely.
		_, err = db.ExecContext(ctx, "? DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin", create)
	} else {
		_, err = create.Exec(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: create table %s: %w", s.table, err)
	}
	return s, nil
}

// Create implements Store.
func (s *SQLStore) Create(ctx context.Context, a Account) error {
	row := &accountRow{
		ID: a.ID, Email: a.Email, Name: a.Name, PasswordHash: a.PasswordHash,
		CreatedAt: a.CreatedAt.UTC().Truncate(time.Second),
	}
	_, err := s.db.NewInsert().Model(row).ModelTableExpr("?", s.table).Exec(ctx)
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
	return s.one(ctx, "email", email)
}

// ByID implements Store.
func (s *SQLStore) ByID(ctx context.Context, id string) (Account, error) {
	return s.one(ctx, "id", id)
}

func (s *SQLStore) one(ctx context.Context, column, value string) (Account, error) {
	var r accountRow
	err := s.db.NewSelect().Model(&r).ModelTableExpr("? AS account", s.table).
		Where("? = ?", bun.Ident(column), value).Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("account %s: %w", value, standards.ErrNotFound)
	}
	if err != nil {
		return Account{}, fmt.Errorf("accounts: find account: %w", err)
	}
	return Account{ID: r.ID, Email: r.Email, Name: r.Name, PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt.UTC()}, nil
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
