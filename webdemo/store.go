package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/eops/eops/storage/sqlstore"
	mysqlstore "github.com/eops/eops/storage/sqlstore/mysql"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// store is the demo's SQL store with what main needs around it.
type store struct {
	*sqlstore.Store
	// Describe says where the data lives, for the start-up line.
	Describe string
	close    func() error
	// checkpointErr is the SQLite file's CheckpointErr; nil on any other
	// database.
	checkpointErr func() error
}

// openStore opens and migrates the store the settings name: a PostgreSQL or
// MySQL DSN if given, else the SQLite file.
func openStore(ctx context.Context, cfg settings, opts ...sqlstore.Option) (*store, error) {
	if cfg.dsn == "" {
		s, err := sqlite.Open(cfg.db, opts...)
		if err != nil {
			return nil, err
		}
		return migrated(ctx, &store{Store: s.Store, Describe: "SQLite file " + cfg.db, close: s.Close, checkpointErr: s.CheckpointErr})
	}
	d, driver, dsn, err := parseDSN(cfg.dsn)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	if d == sqlstore.PostgreSQL {
		db, err = postgres.Open(dsn)
	} else {
		db, err = sql.Open(driver, dsn)
	}
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(cfg.maxConns)
	db.SetMaxIdleConns(cfg.maxConns)
	// Connections are renewed now and then, so that a server restarted or
	// failed over, or a proxy that drops old connections, costs no more
	// than a few at once.
	db.SetConnMaxLifetime(30 * time.Minute)
	var s *sqlstore.Store
	if d == sqlstore.PostgreSQL {
		s, err = postgres.New(db, opts...)
	} else {
		s, err = mysqlstore.New(db, opts...)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return migrated(ctx, &store{Store: s, Describe: string(d), close: db.Close})
}

// migrated migrates the store at start. bun's migration lock is a row,
// which a second instance starting at the same moment finds taken, and
// the migration tables are made with CREATE TABLE IF NOT EXISTS, which two
// instances on a new PostgreSQL database race on: such an instance waits
// for the first to finish (trying again every quarter second, for up to
// migrateWait) rather than failing to start, then finds nothing left to
// apply.
func migrated(ctx context.Context, s *store) (*store, error) {
	deadline := time.Now().Add(migrateWait)
	for {
		err := s.Migrate(ctx)
		if err == nil {
			return s, nil
		}
		if !anotherMigrating(err) || time.Now().After(deadline) {
			s.close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			s.close()
			return nil, err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// anotherMigrating reports whether err is Migrate's for another instance
// migrating at the same moment: the lock taken, or the migration tables
// made by the other meanwhile.
func anotherMigrating(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "migrations table is already locked") ||
		strings.Contains(msg, "sqlstore: init migrations") && (strings.Contains(msg, "already exists") || strings.Contains(msg, "duplicate key"))
}

// migrateWait is how long a start waits for another instance's migration.
const migrateWait = 2 * time.Minute

// parseDSN tells a PostgreSQL URL from a MySQL DSN, and makes sure MySQL
// reads times back as the store keeps them: parsed, in UTC.
func parseDSN(dsn string) (sqlstore.Dialect, string, string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return sqlstore.PostgreSQL, "pgx", dsn, nil
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", "", "", fmt.Errorf("-dsn is neither a postgres:// URL nor a MySQL DSN: %w", err)
	}
	// FormatDSN writes a password only after a user name, so it would drop
	// this one and the app would connect without it.
	if cfg.User == "" && cfg.Passwd != "" {
		return "", "", "", fmt.Errorf("-dsn gives a password but no user name")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	out := cfg.FormatDSN()
	// The driver writes some addresses it read back differently (a "]"
	// where it looks for an IPv6 host, say): refuse rather than connect
	// somewhere the operator did not name.
	if again, err := mysql.ParseDSN(out); err != nil || again.Addr != cfg.Addr || again.Net != cfg.Net {
		return "", "", "", fmt.Errorf("-dsn: the address %q of a MySQL DSN is not one the driver can pass on as given", cfg.Addr)
	}
	return sqlstore.MySQL, "mysql", out, nil
}

// Live checks that a SQLite file's log is being copied back into it, for
// /healthz: a log that grows without end is the process's to mend, by a
// restart that closes its connections. It asks nothing of the database,
// so that a database down does not have every instance restarted.
func (s *store) Live(context.Context) error {
	return s.checkpointed()
}

// checkpointed is the SQLite file's CheckpointErr, and nil on any other
// database.
func (s *store) checkpointed() error {
	if s.checkpointErr == nil {
		return nil
	}
	return s.checkpointErr()
}

// Ping checks the database answers, and that a SQLite file's log is being
// copied back into it.
func (s *store) Ping(ctx context.Context) error {
	if err := s.checkpointed(); err != nil {
		return err
	}
	return s.DB().PingContext(ctx)
}

// Ready checks the database answers and its schema is current (every
// migration applied), for /readyz.
func (s *store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	unapplied, err := s.Unapplied(ctx)
	if err != nil {
		return err
	}
	if len(unapplied) > 0 {
		return fmt.Errorf("the schema is not current: %d migrations not applied (%s)", len(unapplied), strings.Join(unapplied, ", "))
	}
	return nil
}

// Close closes what openStore opened.
func (s *store) Close() error { return s.close() }
