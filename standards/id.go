package standards

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"time"
)

// idEncoding is Crockford's base32 in lower case: no padding, no ambiguous
// letters, and its byte order sorts like its text.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// IDLength is the length of every id the library makes.
const IDLength = 26

// newID returns a 26-character id: 48 bits of milliseconds then 80 random
// bits, so ids made later sort later and nobody can guess another's id.
func newID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails (Go 1.24+)
	return idEncoding.EncodeToString(b[:])
}
