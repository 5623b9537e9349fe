package standards

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"time"
)

// idEncoding is Crockford's base32 in lower case: no padding, no ambiguous
// letters, and its text sorts like its bytes.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// IDLength is the length of every id the library makes.
const IDLength = 26

// idSource makes 26-character ids: 48 bits of milliseconds then 80 bits
// fresh from crypto/rand for every id, so that nobody can guess another's
// id, not even from one made in the same millisecond. Ids of different
// milliseconds sort in time order; ids of one millisecond sort at random.
// No list relies on more: each Store lists rows by a time or a day of
// their own first, and by ID only to break ties (standards.Store).
type idSource struct{}

func (idSource) next(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails (Go 1.24+)
	return idEncoding.EncodeToString(b[:])
}

// person makes a person's id: 128 bits fresh from crypto/rand, no time.
// Every command that adds a row of a person's checks the key it refers to
// (PostgreSQL's foreign key check reads the people's primary key), and with
// the time first every new person's key went on the last page of that
// index: each such check took a predicate lock on the page every other new
// person was being written to, and people asking to join different
// centres at once refused each other (docs/benchmarks.md). Nothing lists
// people by id: rosters go by name, and a list of ids keeps the order asked
// for.
func (idSource) person() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return idEncoding.EncodeToString(b[:])
}
