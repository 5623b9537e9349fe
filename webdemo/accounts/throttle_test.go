package accounts

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestThrottleKeepsSecondFactorCountsUnderAFlood: someone who has the
// password and has been throttled at the code step cannot wipe the count
// by flooding the throttle with made-up addresses (found in review). The
// counts are in the Store now, which forgets only by time, never to make
// room.
func TestThrottleKeepsSecondFactorCountsUnderAFlood(t *testing.T) {
	t.Parallel()
	th := newThrottle(NewMemoryStore())
	now := time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
	code := codeKey("aaaaaaaaaaaaaaaaaaaaaaaaaa")
	fail := func(keys ...string) []bool {
		over, err := th.begin(context.Background(), now, keys...)
		require.NoError(t, err)
		require.NoError(t, th.end(context.Background(), now, true, keys...))
		return over
	}
	for range accountFailures {
		assert.Equal(t, []bool{false}, fail(code))
	}
	assert.Equal(t, []bool{true}, fail(code), "throttled")
	for i := range 30000 {
		now = now.Add(time.Millisecond)
		fail(fmt.Sprintf("email:flood%d@example.org", i), fmt.Sprintf("addr:2001:db8:%x::/64", i))
	}
	assert.Equal(t, []bool{true}, fail(code), "still throttled after the flood")
}
