package sqlstore

import (
	"context"

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
	_, err := s.db.ExecContext(ctx, s.countText())
	return translate(err)
}

// countChange adds one to the count inside an Update on SQLite: the
// change and its count commit together, at the cost of one statement on
// the connection the transaction already holds rather than a transaction
// of its own.
func (t *tx) countChange(ctx context.Context) error {
	if t.bind != nil {
		// With a value bound, so that the engine keeps the statement.
		_, err := t.execPrepared(ctx, "UPDATE "+t.s.prefix+"change_count SET n = n + 1 WHERE id = ?", []any{1})
		return err
	}
	_, err := t.tx.ExecContext(ctx, t.s.countText())
	return err
}

func (s *Store) countText() string {
	return "UPDATE " + s.prefix + "change_count SET n = n + 1 WHERE id = 1"
}

// ChangeCount reads the count of committed commands by its primary key, a
// statement on its own on the store's readers: hosts read it on every
// request they may answer from what they kept, so on a SQLite file package
// sqlite opened it runs as a statement prepared once per connection
// (prepared.go), as the store's reads do.
func (s *Store) ChangeCount(ctx context.Context) (int64, error) {
	text := "SELECT n FROM " + s.prefix + "change_count WHERE id = 1"
	var n int64
	if !s.prepares {
		if err := s.read.QueryRowContext(ctx, text).Scan(&n); err != nil {
			return 0, translate(err)
		}
		return n, nil
	}
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return 0, translate(err)
	}
	defer conn.Close()
	// With a value bound, so that the engine keeps the statement (it keeps
	// only those: stmtcache.go).
	text, args := "SELECT n FROM "+s.prefix+"change_count WHERE id = ?", []any{1}
	t := &tx{s: s, db: s.read, tx: conn, conn: conn.Conn}
	err = t.hooked(ctx, text, args, func(ctx context.Context) error {
		return conn.Conn.QueryRowContext(ctx, text, args...).Scan(&n)
	})
	if err != nil {
		return 0, translate(err)
	}
	return n, nil
}
