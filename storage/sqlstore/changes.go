package sqlstore

import (
	"context"
	"strings"

	"github.com/eops/eops/standards"
)

var _ standards.ChangeCounter = (*Store)(nil)

// CountChange adds one to the count of committed commands, on PostgreSQL
// and MySQL a statement on its own outside any transaction: at the
// database's own level (READ COMMITTED) an UPDATE of the one row waits for
// another's rather than failing it, as it would inside the commands'
// SERIALIZABLE transactions. On SQLite, whose one writer never lets two
// writes clash, Update has already counted, inside the command's own
// transaction (countChange), and this does nothing.
func (s *Store) CountChange(ctx context.Context) error {
	if s.dialect == SQLite {
		return nil
	}
	text, args := s.countStatement("UPDATE {t} SET n = n + 1", false)
	_, err := s.db.ExecContext(ctx, text, args...)
	return translate(err)
}

// countChange adds one to the count inside an Update on SQLite: the
// change and its count commit together, at the cost of one statement on
// the connection the transaction already holds rather than a transaction
// of its own.
func (t *tx) countChange(ctx context.Context) error {
	text, args := t.s.countStatement("UPDATE {t} SET n = n + 1", t.bind != nil)
	if t.bind != nil {
		_, err := t.execPrepared(ctx, text, args)
		return err
	}
	_, err := t.tx.ExecContext(ctx, text, args...)
	return err
}

// countStatement is a statement on the count's one row: verb with {t} for
// the table, then the row's id, bound when the statement is to be kept by
// the engine (it keeps only statements with values bound: stmtcache.go),
// written in otherwise.
func (s *Store) countStatement(verb string, bound bool) (string, []any) {
	text := strings.Replace(verb, "{t}", s.prefix+"change_count", 1)
	if bound {
		return text + " WHERE id = ?", []any{1}
	}
	return text + " WHERE id = 1", nil
}

// ChangeCount reads the count of committed commands by its primary key, a
// statement on its own on the store's readers: hosts read it on every
// request they may answer from what they kept, so on a SQLite file package
// sqlite opened it runs as a statement prepared once per connection
// (prepared.go), as the store's reads do.
func (s *Store) ChangeCount(ctx context.Context) (int64, error) {
	text, args := s.countStatement("SELECT n FROM {t}", s.prepares)
	var n int64
	if !s.prepares {
		if err := s.read.QueryRowContext(ctx, text, args...).Scan(&n); err != nil {
			return 0, translate(err)
		}
		return n, nil
	}
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return 0, translate(err)
	}
	defer conn.Close()
	t := &tx{s: s, db: s.read, tx: conn, conn: conn.Conn}
	err = t.hooked(ctx, text, args, func(ctx context.Context) error {
		return conn.Conn.QueryRowContext(ctx, text, args...).Scan(&n)
	})
	if err != nil {
		return 0, translate(err)
	}
	return n, nil
}
