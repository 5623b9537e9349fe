package standards

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"sync"
	"time"
)

// idEncoding is Crockford's base32 in lower case: no padding, no ambiguous
// letters, and its text sorts like its bytes.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// IDLength is the length of every id the library makes.
const IDLength = 26

// idSource makes 26-character ids: 48 bits of milliseconds then 80 random
// bits, so that nobody can guess another's id. Within one Service ids only
// grow, even within a millisecond or when the clock stands still (as in
// tests), so rows made at the same instant still list in the order made.
type idSource struct {
	mu   sync.Mutex
	last [16]byte
}

func (g *idSource) next(now time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var b [16]byte
	ms := uint64(now.UnixMilli())
	lastMS := binary.BigEndian.Uint64(g.last[:8]) >> 16
	if ms > lastMS || !increment(g.last[6:]) {
		binary.BigEndian.PutUint64(b[:8], ms<<16)
		_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails (Go 1.24+)
	} else {
		b = g.last
	}
	g.last = b
	return idEncoding.EncodeToString(b[:])
}

// increment adds one to a big-endian number in place, reporting false
// when it overflows.
func increment(n []byte) bool {
	for i := len(n) - 1; i >= 0; i-- {
		n[i]++
		if n[i] != 0 {
			return true
		}
	}
	return false
}
