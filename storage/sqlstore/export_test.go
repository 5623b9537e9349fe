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
