package sqlstore

import "database/sql"

// WithUpdateIsolation runs Update at level instead of SERIALIZABLE on
// PostgreSQL and MySQL, for the test that shows why it must not.
func WithUpdateIsolation(level sql.IsolationLevel) Option {
	return func(s *Store) error {
		s.updateIsolation = level
		return nil
	}
}

// ReadDB is the pool the store reads through, for the benchmark's
// hand-written SQL to read on the same connections as the library.
func (s *Store) ReadDB() *sql.DB { return s.read.DB }
