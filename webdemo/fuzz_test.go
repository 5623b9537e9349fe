package main

// Fuzz targets for the demo's readers: the history file the operator
// imports with -import, and the -dsn flag. Their seed corpora (f.Add below
// and testdata/fuzz/FuzzX) run as ordinary tests; `go test -fuzz` explores
// further (see .ci/run and docs/security.md).

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore"
)

// frame is one drawing of the progress bar: [#####.....]  45%  4500/10000 rows.
var frame = regexp.MustCompile(`^\[([#.]{30})\] +([0-9]+)%  ([0-9]+)/([0-9]+) rows$`)

// totals is importHistory's last line.
var totals = regexp.MustCompile(`(?m)^([0-9]+) imported, ([0-9]+) already present, ([0-9]+) invalid$`)

// FuzzImportHistory checks the operator's import of a history file (R-REG-8)
// on any file: it fails only as the library refuses a file, with a
// *ValidationError on "file"; the progress bar never shows more than 100%
// or more rows done than it counted, and at 100% it shows as many rows as
// the totals count.
func FuzzImportHistory(f *testing.F) {
	for _, s := range []string{
		"email,full name,centre number,academic year,date certified,certificate number\n" +
			"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\nnot-an-email,Bad,12345,2023/24,2024-07-10,NAEO-BAD\n",
		"\ufeffemail,full name,centre number,academic year,date certified,certificate number\r\n" +
			"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\r\n",
		"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1",
		"kim@riverside.sch.uk,\"Kim\nKaur\",12345,2024/25,2025-07-01,NAEO-1\n\n\n",
		"", "\n", "email", "email\n", "kim@riverside.sch.uk,\"broken\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "history.csv")
		require.NoError(t, os.WriteFile(path, data, 0o600))
		var out bytes.Buffer
		err := importHistory(context.Background(), standards.New(memory.New()), path, &out)
		if err != nil {
			var ve *standards.ValidationError
			require.True(t, errors.As(err, &ve), "%T %v", err, err)
			require.NotEmpty(t, ve.Message("file"), "%v", err)
			return
		}

		m := totals.FindStringSubmatch(out.String())
		require.NotNil(t, m, "no totals in %q", out.String())
		sum := 0
		for _, n := range m[1:] {
			k, _ := strconv.Atoi(n)
			sum += k
		}
		for _, draw := range strings.Split(out.String(), "\r")[1:] {
			draw, _, _ = strings.Cut(draw, "\n")
			m := frame.FindStringSubmatch(draw)
			require.NotNil(t, m, "progress bar %q", draw)
			percent, _ := strconv.Atoi(m[2])
			done, _ := strconv.Atoi(m[3])
			total, _ := strconv.Atoi(m[4])
			require.LessOrEqual(t, percent, 100)
			require.LessOrEqual(t, done, total, "more rows done than counted: %q", draw)
			require.Equal(t, percent*30/100, strings.Count(m[1], "#"))
			if percent == 100 {
				require.Equal(t, sum, done, "the bar shows 100%% at %q of %d rows", draw, sum)
			}
		}
	})
}

// FuzzParseDSN checks the reading of the -dsn flag: a PostgreSQL URL is
// passed on as it is; a MySQL DSN is passed on so that the driver reads
// times parsed and in UTC, and reading what it passes on again changes
// nothing, so the app connects with the settings the operator gave.
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{"postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "postgresql://u:p@db/eops",
		"root@tcp(127.0.0.1:3306)/test", "u:p@tcp(db:3306)/eops?parseTime=false&loc=Local&charset=utf8mb4",
		"u:p@unix(/run/mysqld/mysqld.sock)/eops", "/eops", "", "not a dsn", "u:p@tcp(db)/eops?timeout=5s&tls=skip-verify",
		"u@tcp(db)/eops?loc=Europe%2FLondon", "u:p@/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		dialect, driver, out, err := parseDSN(dsn)
		if err != nil {
			return // the operator is told the flag is wrong; nothing to check
		}
		if dialect == sqlstore.PostgreSQL {
			require.Equal(t, "pgx", driver)
			require.Equal(t, dsn, out)
			return
		}
		require.Equal(t, sqlstore.MySQL, dialect)
		require.Equal(t, "mysql", driver)
		cfg, err := mysql.ParseDSN(out)
		require.NoError(t, err, "%q passed on as %q, which does not parse", dsn, out)
		require.True(t, cfg.ParseTime)
		require.Equal(t, time.UTC, cfg.Loc)

		orig, err := mysql.ParseDSN(dsn)
		require.NoError(t, err)
		require.Equal(t, orig.User, cfg.User)
		require.Equal(t, orig.Passwd, cfg.Passwd)
		require.Equal(t, orig.Net, cfg.Net)
		require.Equal(t, orig.Addr, cfg.Addr)
		require.Equal(t, orig.DBName, cfg.DBName)

		_, _, again, err := parseDSN(out)
		require.NoError(t, err)
		require.Equal(t, out, again, "reading %q again changes it", out)
	})
}

// TestParseDSNRefusesAPasswordWithoutAUser is the regression test for what
// FuzzParseDSN found: ":0@/" was passed on as "/", because the MySQL
// driver writes a password only after a user name, so the app would have
// connected without the password it was given.
func TestParseDSNRefusesAPasswordWithoutAUser(t *testing.T) {
	_, _, _, err := parseDSN(":secret@tcp(db:3306)/eops")
	require.ErrorContains(t, err, "-dsn")
}

// TestImportHistoryBarCountsALongFirstField is the regression test for what
// FuzzImportHistory's property found: the bar took a first field of over 64
// bytes that starts "email" for a header and left its row uncounted, so
// that it stopped at "100%  1/1 rows" of two.
func TestImportHistoryBarCountsALongFirstField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.csv")
	require.NoError(t, os.WriteFile(path, []byte("email"+strings.Repeat(" ", 60)+"x,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\n"+
		"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\n"), 0o600))
	var out bytes.Buffer
	require.NoError(t, importHistory(context.Background(), standards.New(memory.New()), path, &out))
	require.Contains(t, out.String(), "100%  2/2 rows")
}
