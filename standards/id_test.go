package standards

import (
	"encoding/binary"
	"math/bits"
	"testing"
	"time"
)

// TestIDsAreRandomWithinAMillisecond checks what docs/security.md promises
// of ids: each is 48 bits of milliseconds then 80 fresh random bits, so two
// ids made in the same millisecond share the time prefix and nothing more
// than chance gives: the random parts are neither sequential nor close.
func TestIDsAreRandomWithinAMillisecond(t *testing.T) {
	var g idSource
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	decode := func(id string) [16]byte {
		t.Helper()
		if len(id) != IDLength {
			t.Fatalf("id %q is %d characters, not %d", id, len(id), IDLength)
		}
		b, err := idEncoding.DecodeString(id)
		if err != nil || len(b) != 16 {
			t.Fatalf("id %q does not decode to 16 bytes: %x, %v", id, b, err)
		}
		return [16]byte(b)
	}
	prev := decode(g.next(now))
	seen := map[[16]byte]bool{prev: true}
	for range 1000 {
		id := decode(g.next(now))
		if ms := binary.BigEndian.Uint64(id[:8]) >> 16; ms != uint64(now.UnixMilli()) {
			t.Fatalf("id %x: time prefix %d, want %d", id, ms, now.UnixMilli())
		}
		if seen[id] {
			t.Fatalf("id %x made twice", id)
		}
		seen[id] = true
		// The 80 random bits of two ids: 2^-40 is the chance that they
		// share 40 leading bits, and about 2^-40 that they differ in fewer
		// than 10; an id sequential on the last (…skkm, …skkr) shares 70 or
		// more and differs in a few.
		shared, differ := 0, 0
		for i := 6; i < 16; i++ {
			differ += bits.OnesCount8(id[i] ^ prev[i])
		}
		for i := 6; i < 16 && id[i] == prev[i]; i++ {
			shared += 8
		}
		if shared >= 40 {
			t.Fatalf("ids %x and %x share %d bits after the time prefix", prev, id, shared)
		}
		if differ < 10 {
			t.Fatalf("ids %x and %x differ in %d of their 80 random bits", prev, id, differ)
		}
		// Nor are they near each other as numbers, as a counter's are.
		lo, plo := binary.BigEndian.Uint64(id[8:]), binary.BigEndian.Uint64(prev[8:])
		if [2]byte(id[6:8]) == [2]byte(prev[6:8]) && (lo-plo < 1<<40 || plo-lo < 1<<40) {
			t.Fatalf("ids %x and %x are sequential", prev, id)
		}
		prev = id
	}
	if later := decode(g.next(now.Add(time.Millisecond))); binary.BigEndian.Uint64(later[:8])>>16 != uint64(now.UnixMilli())+1 {
		t.Fatalf("an id a millisecond later has prefix %x", later[:6])
	}
}

// TestPersonIDsTellNothingOfTime: a person's id is 128 random bits, so
// that new people's keys spread over the people's index rather than all
// going on its last page (docs/benchmarks.md); ids made in one millisecond
// share no time prefix.
func TestPersonIDsTellNothingOfTime(t *testing.T) {
	var g idSource
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	timed := g.next(now)
	seen := map[string]bool{}
	samePrefix := 0
	for range 1000 {
		id := g.person()
		if len(id) != IDLength {
			t.Fatalf("id %q is %d characters, not %d", id, len(id), IDLength)
		}
		if b, err := idEncoding.DecodeString(id); err != nil || len(b) != 16 {
			t.Fatalf("id %q does not decode to 16 bytes: %x, %v", id, b, err)
		}
		if seen[id] {
			t.Fatalf("id %q made twice", id)
		}
		seen[id] = true
		if id[:4] == timed[:4] {
			samePrefix++
		}
	}
	// 20 bits in common with the time's id: about 1 in a million each.
	if samePrefix > 5 {
		t.Fatalf("%d of 1000 person ids begin as an id of the time does", samePrefix)
	}
}
