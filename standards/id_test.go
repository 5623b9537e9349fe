package standards

import (
	"testing"
	"time"
)

func TestIDsGrowWhenTheClockStandsStill(t *testing.T) {
	var g idSource
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	prev := g.next(now)
	for range 1000 {
		id := g.next(now)
		if len(id) != IDLength || id <= prev {
			t.Fatalf("id %q after %q", id, prev)
		}
		prev = id
	}
	if back := g.next(now.Add(-time.Hour)); back <= prev {
		t.Fatalf("an id made after the clock went back sorts first: %q <= %q", back, prev)
	}
	if later := g.next(now.Add(time.Hour)); later[:10] == prev[:10] {
		t.Fatalf("a later millisecond keeps the old time prefix: %q", later)
	}
}

func TestIncrementOverflows(t *testing.T) {
	n := []byte{0xff, 0xff}
	if increment(n) || n[0] != 0 || n[1] != 0 {
		t.Fatalf("increment(ffff) = %x", n)
	}
}
