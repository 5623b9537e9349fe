package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestClearedAccountsKeepNoAnswerOlderThanAForget: a check of whether
// two-factor is due that began before the account was forgotten (it was
// just made an admin, or switched two-factor off) must not keep its stale
// "nothing due" (found in review).
func TestClearedAccountsKeepNoAnswerOlderThanAForget(t *testing.T) {
	t.Parallel()
	var c clearedAccounts
	now := time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
	gen := c.generation("ada")
	c.forget("ada") // while the check runs
	c.add("ada", now, gen)
	assert.False(t, c.recently("ada", now), "the stale answer is not kept")

	c.add("ada", now, c.generation("ada"))
	assert.True(t, c.recently("ada", now.Add(59*time.Second)))
	assert.False(t, c.recently("ada", now.Add(time.Minute)), "kept for a minute")
	assert.False(t, c.recently("bob", now), "per account")
}
