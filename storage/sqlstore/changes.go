package sqlstore

import (
	"context"

	"github.com/eops/eops/standards"
)

var _ standards.ChangeCounter = (*Store)(nil)

// CountChange adds one to the count of committed commands, a statement on
// its own outside any transaction: at the database's own level (READ
// COMMITTED on PostgreSQL) an UPDATE of the one row waits for another's
// rather than failing it, and on SQLite it runs on the one writer.
func (s *Store) CountChange(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "UPDATE "+s.prefix+"change_count SET n = n + 1 WHERE id = 1")
	return translate(err)
}

// ChangeCount reads the count of committed commands by its primary key, a
// statement on its own on the store's readers.
func (s *Store) ChangeCount(ctx context.Context) (int64, error) {
	var n int64
	if err := s.read.QueryRowContext(ctx, "SELECT n FROM "+s.prefix+"change_count WHERE id = 1").Scan(&n); err != nil {
		return 0, translate(err)
	}
	return n, nil
}
