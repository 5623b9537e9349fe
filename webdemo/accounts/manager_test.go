package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

const goodPassword = "correct horse battery staple"

func TestSignUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a, err := m.SignUp(ctx, "  Ada@School.org.UK ", " Ada Lovelace ", goodPassword)
		require.NoError(t, err)
		assert.Len(t, a.ID, accounts.IDLength)
		assert.Equal(t, "ada@school.org.uk", a.Email, "the e-mail address is normalised")
		assert.Equal(t, "Ada Lovelace", a.Name, "the name is trimmed")
		assert.Equal(t, c.Now(), a.CreatedAt)
		assert.NotContains(t, a.PasswordHash, goodPassword)
		ok, err := accounts.VerifyPassword(a.PasswordHash, goodPassword)
		require.NoError(t, err)
		assert.True(t, ok)

		stored, err := store.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, stored)
		assert.Equal(t, standards.Actor{Email: "ada@school.org.uk", Name: "Ada Lovelace"}, a.Actor())
	})

	t.Run("ErrConflictDuplicateEmailAnyCase", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		// The first account is stored directly, to spare one argon2 hash.
		require.NoError(t, store.Create(ctx, account("ada@school.org.uk")))
		_, err := m.SignUp(ctx, "ADA@School.org.uk", "Another Ada", goodPassword)
		assert.ErrorIs(t, err, standards.ErrConflict)
	})

	t.Run("ValidationErrorNamesEveryBadField", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.SignUp(ctx, "not an address", "  ", "short")
		var ve *standards.ValidationError
		require.True(t, errors.As(err, &ve), "want a *standards.ValidationError, got %v", err)
		assert.NotEmpty(t, ve.Message("email"))
		assert.NotEmpty(t, ve.Message("full_name"))
		assert.NotEmpty(t, ve.Message("password"))
	})

	t.Run("ValidationErrorPasswordIsEmail", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.SignUp(ctx, "ada.lovelace@school.org.uk", "Ada Lovelace", "Ada.Lovelace")
		var ve *standards.ValidationError
		require.True(t, errors.As(err, &ve), "want a *standards.ValidationError, got %v", err)
		assert.NotEmpty(t, ve.Message("password"))
		assert.Len(t, ve.Fields, 1)
	})
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, _ := MustManager(t)
	want, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword)
	require.NoError(t, err)

	t.Run("OK", func(t *testing.T) {
		a, err := m.SignIn(ctx, " ADA@school.org.uk", goodPassword, "192.0.2.1:5000")
		require.NoError(t, err)
		assert.Equal(t, want, a)
	})

	t.Run("WrongPasswordAndUnknownEmailGiveTheSameError", func(t *testing.T) {
		_, wrong := m.SignIn(ctx, "ada@school.org.uk", "not the password", "192.0.2.2:5000")
		_, unknown := m.SignIn(ctx, "nobody@school.org.uk", goodPassword, "192.0.2.3:5000")
		_, malformed := m.SignIn(ctx, "not an address", goodPassword, "192.0.2.4:5000")
		require.ErrorIs(t, wrong, accounts.ErrBadCredentials)
		assert.Equal(t, wrong, unknown)
		assert.Equal(t, wrong, malformed)
	})
}

// TestSignInUnknownEmailTakesAsLongAsWrongPassword runs alone (not
// parallel), so that other tests do not disturb its timings.
func TestSignInUnknownEmailTakesAsLongAsWrongPassword(t *testing.T) {
	ctx := context.Background()
	m, _, store := MustManager(t)
	a := account("ada@school.org.uk")
	a.PasswordHash = accounts.HashPassword(goodPassword)
	require.NoError(t, store.Create(ctx, a))
	_, _ = m.SignIn(ctx, "warm@school.org.uk", "x", "") // makes the dummy hash once

	timed := func(email string) time.Duration {
		start := time.Now()
		_, err := m.SignIn(ctx, email, "not the password", "")
		require.ErrorIs(t, err, accounts.ErrBadCredentials)
		return time.Since(start)
	}
	known, unknown := timed("ada@school.org.uk"), timed("nobody@school.org.uk")
	// Both run one argon2 hash; without the dummy hash, the unknown address
	// would answer in microseconds.
	assert.Greater(t, unknown, known/10, "known %v, unknown %v", known, unknown)
}

func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// fail makes n failed sign-ins.
	fail := func(t *testing.T, m *accounts.Manager, n int, email func(i int) string, addr func(i int) string) {
		t.Helper()
		for i := range n {
			_, err := m.SignIn(ctx, email(i), "not the password", addr(i))
			require.ErrorIs(t, err, accounts.ErrBadCredentials, "attempt %d", i+1)
		}
	}
	same := func(s string) func(int) string { return func(int) string { return s } }
	numbered := func(format string) func(int) string { return func(i int) string { return fmt.Sprintf(format, i) } }

	t.Run("PerAccount", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = accounts.HashPassword(goodPassword)
		require.NoError(t, store.Create(ctx, a))

		fail(t, m, 5, same("ada@school.org.uk"), numbered("192.0.2.%d:5000"))
		_, err := m.SignIn(ctx, "ADA@school.org.uk", goodPassword, "198.51.100.9:5000")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "even the right password, from a fresh address")
		_, err = m.SignIn(ctx, "grace@school.org.uk", "not the password", "198.51.100.9:5000")
		assert.ErrorIs(t, err, accounts.ErrBadCredentials, "other accounts are not throttled")
	})

	t.Run("FiveFailuresFromAnAddressLockNobodyElseOut", func(t *testing.T) {
		// A school's staff share one address behind its NAT: five mistakes
		// there must not lock out everyone else.
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = accounts.HashPassword(goodPassword)
		require.NoError(t, store.Create(ctx, a))
		fail(t, m, 5, numbered("person%d@school.org.uk"), same("192.0.2.1:5000"))
		_, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1:6000")
		assert.NoError(t, err)
	})

	t.Run("PerAddress", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = accounts.HashPassword(goodPassword)
		require.NoError(t, store.Create(ctx, a))

		fail(t, m, 49, numbered("person%d@school.org.uk"), same("192.0.2.1:5000"))
		_, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1:6000")
		require.NoError(t, err, "49 failures: not yet")
		fail(t, m, 1, same("person49@school.org.uk"), same("192.0.2.1:5000"))

		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1:6000")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "fifty: a password alone is not enough from there, whatever the port")
		_, err = m.SignIn(ctx, "someone@school.org.uk", "not the password", "192.0.2.1:5000")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "nor a wrong one")
		_, err = m.SignIn(ctx, "someone@school.org.uk", "not the password", "192.0.2.2:5000")
		assert.ErrorIs(t, err, accounts.ErrBadCredentials, "other addresses are not throttled")
		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.2:5000")
		assert.NoError(t, err, "nor is the account, from elsewhere")
	})

	t.Run("PerAddressIPv6Slash64", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = accounts.HashPassword(goodPassword)
		require.NoError(t, store.Create(ctx, a))
		fail(t, m, 50, numbered("person%d@school.org.uk"), numbered("[2001:db8:1:2::%d]:5000"))
		_, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "[2001:db8:1:2:ffff::1]:5000")
		assert.ErrorIs(t, err, accounts.ErrThrottled)
	})

	t.Run("WindowExpires", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = accounts.HashPassword(goodPassword)
		require.NoError(t, store.Create(ctx, a))

		fail(t, m, 5, same("ada@school.org.uk"), same("192.0.2.1:5000"))
		c.Advance(15*time.Minute - time.Second)
		_, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1:5000")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "within fifteen minutes")
		c.Advance(time.Second)
		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1:5000")
		assert.NoError(t, err, "fifteen minutes after the failures")
	})

	t.Run("SuccessClearsTheAccountsCount", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = accounts.HashPassword(goodPassword)
		require.NoError(t, store.Create(ctx, a))

		fail(t, m, 4, same("ada@school.org.uk"), numbered("192.0.2.%d:5000"))
		_, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "198.51.100.1:5000")
		require.NoError(t, err)
		fail(t, m, 4, same("ada@school.org.uk"), numbered("203.0.113.%d:5000"))
		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "198.51.100.1:5000")
		assert.NoError(t, err, "eight failures, but never five since the last success")
	})
}

// TestSignInConcurrent: attempts under way are not failures. A dozen
// people signing in at once from one school's address all get in, and so
// does one person in a dozen tabs; but a burst of wrong passwords for one
// account checks no more than five of them.
func TestSignInConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const n = 12
	hash := accounts.HashPassword(goodPassword)

	// signIns runs n sign-ins at once and returns their errors.
	signIns := func(m *accounts.Manager, email func(i int) string, password string) []error {
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = m.SignIn(ctx, email(i), password, "192.0.2.1:5000")
			})
		}
		close(start)
		wg.Wait()
		return errs
	}

	t.Run("ManyAccountsOneAddress", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		for i := range n {
			a := account(fmt.Sprintf("person%d@school.org.uk", i))
			a.ID = fmt.Sprintf("%026d", i)
			a.PasswordHash = hash
			require.NoError(t, store.Create(ctx, a))
		}
		for i, err := range signIns(m, func(i int) string { return fmt.Sprintf("person%d@school.org.uk", i) }, goodPassword) {
			assert.NoError(t, err, "sign-in %d", i)
		}
	})

	t.Run("OneAccountManyTabs", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = hash
		require.NoError(t, store.Create(ctx, a))
		for i, err := range signIns(m, func(int) string { return "ada@school.org.uk" }, goodPassword) {
			assert.NoError(t, err, "sign-in %d", i)
		}
	})

	t.Run("WrongPasswordsCheckNoMoreThanTheLimit", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		a := account("ada@school.org.uk")
		a.PasswordHash = hash
		require.NoError(t, store.Create(ctx, a))
		var bad, throttled int
		for _, err := range signIns(m, func(int) string { return "ada@school.org.uk" }, "not the password") {
			switch {
			case errors.Is(err, accounts.ErrBadCredentials):
				bad++
			case errors.Is(err, accounts.ErrThrottled):
				throttled++
			default:
				t.Errorf("unexpected %v", err)
			}
		}
		assert.Equal(t, 5, bad, "checked")
		assert.Equal(t, n-5, throttled, "refused unchecked")
	})
}
