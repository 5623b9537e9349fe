package accounts

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestThrottleKeepsSecondFactorCountsUnderAFlood: someone who has the
// password and has been throttled at the code step cannot wipe the count
// by flooding the throttle with made-up addresses (found in review), and
// the flood still leaves the throttle within its bound.
func TestThrottleKeepsSecondFactorCountsUnderAFlood(t *testing.T) {
	t.Parallel()
	th := newThrottle()
	now := time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
	code := codeKey("aaaaaaaaaaaaaaaaaaaaaaaaaa")
	for range maxFailures {
		assert.True(t, th.admit(now, code))
	}
	assert.False(t, th.admit(now, code), "throttled")
	for i := range 3 * maxThrottleKeys {
		now = now.Add(time.Millisecond)
		th.admit(now, fmt.Sprintf("email:flood%d@example.org", i), fmt.Sprintf("addr:2001:db8:%x::/64", i))
	}
	assert.False(t, th.admit(now, code), "still throttled after the flood")
	assert.LessOrEqual(t, len(th.fails), maxThrottleKeys)
}
