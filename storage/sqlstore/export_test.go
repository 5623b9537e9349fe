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

// StopCheckpoints stops the store's own checkpoints (checkpoint.go), for
// the write comparisons, which checkpoint between their turns themselves.
func StopCheckpoints(s *Store) error {
	if s.checkpoints == nil {
		return nil
	}
	return s.checkpoints.close()
}

// Translate is translate, for the table of driver errors and their kinds.
var Translate = translate
