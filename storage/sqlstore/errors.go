package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"

	"github.com/eops/eops/standards"
)

// translate turns a driver's error into the domain's kinds, keeping the
// driver's error in the chain for the host's logs.
func translate(err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %w", standards.ErrNotFound, err)
	case isSerialization(err):
		return fmt.Errorf("%w: %w", standards.ErrTransient, err)
	case isUnique(err):
		return &standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonDuplicate, Message: "a unique key is taken", Err: err}
	case isForeignKey(err):
		return fmt.Errorf("%w: a row it refers to does not exist: %w", standards.ErrNotFound, err)
	}
	return err
}

// Each driver reports a constraint in its own way: PostgreSQL (pgx and bun's
// pgdriver) by SQLSTATE, MySQL by error number, SQLite (modernc) by extended
// result code.

type sqlState interface{ SQLState() string }

type pgField interface{ Field(byte) string }

type sqliteCode interface{ Code() int }

func state(err error) string {
	var s sqlState
	if errors.As(err, &s) {
		return s.SQLState()
	}
	var f pgField
	if errors.As(err, &f) {
		return f.Field('C')
	}
	return ""
}

// mysqlNumber is the error number of a *mysql.MySQLError in err's chain.
// The driver's error has no method to ask it through, and importing the
// driver here would link it into every host, PostgreSQL's too; so the
// error is known by its type's package and name
// (TestDriverErrorsAndTheirKinds, and every MariaDB test that meets a
// duplicate or a deadlock, prove it still is).
func mysqlNumber(err error) uint16 {
	var number uint16
	walk(err, func(e error) bool {
		v := reflect.ValueOf(e)
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return false
		}
		t := v.Elem().Type()
		if t.PkgPath() != "github.com/go-sql-driver/mysql" || t.Name() != "MySQLError" {
			return false
		}
		n := v.Elem().FieldByName("Number")
		if !n.IsValid() || n.Kind() != reflect.Uint16 {
			return false
		}
		number = uint16(n.Uint())
		return true
	})
	return number
}

// walk calls found on err and each error it wraps, depth first, until found
// says it found what it looked for.
func walk(err error, found func(error) bool) bool {
	if err == nil {
		return false
	}
	if found(err) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), found)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if walk(e, found) {
				return true
			}
		}
	}
	return false
}

func sqliteResult(err error) int {
	var c sqliteCode
	if errors.As(err, &c) {
		return c.Code()
	}
	return 0
}

const (
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
	sqliteConstraintForeignKey = 787
	sqliteBusy                 = 5
	sqliteLocked               = 6
)

func isUnique(err error) bool {
	switch c := sqliteResult(err); c {
	case sqliteConstraintPrimaryKey, sqliteConstraintUnique:
		return true
	}
	return state(err) == "23505" || mysqlNumber(err) == 1062
}

func isForeignKey(err error) bool {
	n := mysqlNumber(err)
	return state(err) == "23503" || n == 1451 || n == 1452 || sqliteResult(err) == sqliteConstraintForeignKey
}

// isSerialization says err is the database refusing a transaction for
// others at the same time: PostgreSQL's serialization failure (40001) or
// deadlock (40P01), MySQL's deadlock (1213) or lock wait timeout (1205),
// SQLite busy or locked. Running the transaction again may succeed.
func isSerialization(err error) bool {
	s := state(err)
	n := mysqlNumber(err)
	c := sqliteResult(err) & 0xff
	return s == "40001" || s == "40P01" || n == 1213 || n == 1205 || c == sqliteBusy || c == sqliteLocked
}
