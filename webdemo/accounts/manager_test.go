package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
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
		sent, err := m.SignUp(ctx, "  Ada@School.org.UK ", " Ada Lovelace ", goodPassword, "192.0.2.1")
		require.NoError(t, err)
		assert.Equal(t, "ada@school.org.uk", sent.Email, "the e-mail address is normalised")
		assert.Len(t, sent.Token, 43, "256 random bits")
		assert.False(t, sent.HasAccount)
		assert.Equal(t, c.Now().Add(accounts.ConfirmationLifetime), sent.Expires)

		a, err := store.ByEmail(ctx, "ada@school.org.uk")
		require.NoError(t, err)
		assert.False(t, a.Confirmed, "the account waits for its link")
		assert.Len(t, a.ID, accounts.IDLength)
		assert.Equal(t, "Ada Lovelace", a.Name, "the name is trimmed")
		assert.Equal(t, c.Now(), a.CreatedAt)
		assert.NotContains(t, a.PasswordHash, goodPassword)
		ok, err := accounts.VerifyPassword(a.PasswordHash, goodPassword)
		require.NoError(t, err)
		assert.True(t, ok)

		confirmed, err := m.Confirm(ctx, sent.Token, goodPassword, "192.0.2.1")
		require.NoError(t, err)
		assert.True(t, confirmed.Confirmed)
		assert.Equal(t, a.ID, confirmed.ID)
		assert.Equal(t, standards.Actor{Email: "ada@school.org.uk", Name: "Ada Lovelace"}, confirmed.Actor())
		stored, err := store.ByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, confirmed, stored)
	})

	t.Run("ExistingAddressAnyCaseSaysHasAccount", func(t *testing.T) {
		t.Parallel()
		m, _, store := MustManager(t)
		// The first account is stored directly, to spare one argon2 hash.
		require.NoError(t, store.Create(ctx, account("ada@school.org.uk")))
		sent, err := m.SignUp(ctx, "ADA@School.org.uk", "Another Ada", goodPassword, "192.0.2.1")
		require.NoError(t, err, "no conflict: the page must not tell")
		assert.Equal(t, accounts.Confirmation{Email: "ada@school.org.uk", HasAccount: true}, sent, "no link, only the mail that says so")
		a, err := store.ByEmail(ctx, "ada@school.org.uk")
		require.NoError(t, err)
		assert.Equal(t, account("ada@school.org.uk"), a, "the account is untouched")
	})

	t.Run("ValidationErrorNamesEveryBadField", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.SignUp(ctx, "not an address", "  ", "short", "")
		var ve *standards.ValidationError
		require.True(t, errors.As(err, &ve), "want a *standards.ValidationError, got %v", err)
		assert.NotEmpty(t, ve.Message("email"))
		assert.NotEmpty(t, ve.Message("full_name"))
		assert.NotEmpty(t, ve.Message("password"))
	})

	t.Run("ValidationErrorsComeInTheFormsOrder", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.SignUp(ctx, "", "", "", "")
		var ve *standards.ValidationError
		require.True(t, errors.As(err, &ve), "want a *standards.ValidationError, got %v", err)
		var fields []string
		for _, f := range ve.Fields {
			fields = append(fields, f.Field)
		}
		assert.Equal(t, []string{"full_name", "email", "password"}, fields, "as the form asks, so the error summary reads down it")
		assert.Equal(t, standards.FieldRequired, ve.Fields[2].Code, "an empty password is asked for, not called short")
		assert.Equal(t, "enter a password", ve.Message("password"))
	})

	t.Run("ValidationErrorPasswordIsEmail", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.SignUp(ctx, "ada.lovelace@school.org.uk", "Ada Lovelace", "Ada.Lovelace", "")
		var ve *standards.ValidationError
		require.True(t, errors.As(err, &ve), "want a *standards.ValidationError, got %v", err)
		assert.NotEmpty(t, ve.Message("password"))
		assert.Len(t, ve.Fields, 1)
	})
}

// TestRPER4UnconfirmedAccountCannotSignIn: an account acts only once its
// address is proved. Before its link is followed, the right password is
// ErrUnconfirmed and no session can stand for it; a wrong one is the usual
// ErrBadCredentials, so that only the password's holder learns even that.
func TestRPER4UnconfirmedAccountCannotSignIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, store := MustManager(t)
	sent, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "192.0.2.1")
	require.NoError(t, err)

	_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1")
	assert.ErrorIs(t, err, accounts.ErrUnconfirmed)
	_, err = m.SignIn(ctx, "ada@school.org.uk", "not the password", "192.0.2.1")
	assert.ErrorIs(t, err, accounts.ErrBadCredentials)

	// A session started for it anyway (a host's mistake) stands for nobody.
	a, err := store.ByEmail(ctx, "ada@school.org.uk")
	require.NoError(t, err)
	s, err := m.StartSession(context.Background(), a.ID)
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: s.ID})
	_, _, ok := m.SessionFromRequest(req)
	assert.False(t, ok, "an unconfirmed account's session stands for nobody")

	_, err = m.Confirm(ctx, sent.Token, goodPassword, "192.0.2.1")
	require.NoError(t, err)
	_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "192.0.2.1")
	assert.NoError(t, err, "once confirmed, the account signs in")
	_, _, ok = m.SessionFromRequest(req)
	assert.True(t, ok, "the same session now stands for the confirmed account (the control)")
}

// TestConfirmLinkSingleUseAndExpiry: a link works once, and for 24 hours.
func TestConfirmLinkSingleUseAndExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("SecondUseErrLinkUsed", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		sent, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "")
		require.NoError(t, err)
		_, err = m.Confirm(ctx, sent.Token, goodPassword, "")
		require.NoError(t, err)
		_, err = m.Confirm(ctx, sent.Token, goodPassword, "")
		assert.ErrorIs(t, err, accounts.ErrLinkUsed)
		email, err := m.Link(ctx, sent.Token)
		assert.ErrorIs(t, err, accounts.ErrLinkUsed)
		assert.Equal(t, "ada@school.org.uk", email)
	})

	t.Run("ExpiredErrLinkExpiredThenResend", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t)
		sent, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "")
		require.NoError(t, err)
		c.Advance(accounts.ConfirmationLifetime - time.Second)
		email, err := m.Link(ctx, sent.Token)
		require.NoError(t, err, "still good a second before")
		assert.Equal(t, "ada@school.org.uk", email)
		c.Advance(time.Second)
		_, err = m.Confirm(ctx, sent.Token, goodPassword, "")
		assert.ErrorIs(t, err, accounts.ErrLinkExpired)
		email, err = m.Link(ctx, sent.Token)
		assert.ErrorIs(t, err, accounts.ErrLinkExpired)
		assert.Equal(t, "ada@school.org.uk", email, "the page offers to send it again, to this address")

		again, err := m.Resend(ctx, email, "")
		require.NoError(t, err)
		require.NotEmpty(t, again.Token)
		assert.NotEqual(t, sent.Token, again.Token)
		_, err = m.Confirm(ctx, again.Token, goodPassword, "")
		assert.NoError(t, err, "the new link works, with the password of the sign-up")
	})

	t.Run("UnknownAndMalformedErrLinkUnknown", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		for _, token := range []string{"", "x", strings.Repeat("A", 43), strings.Repeat("A", 44), strings.Repeat("*", 43)} {
			_, err := m.Confirm(ctx, token, goodPassword, "")
			assert.ErrorIs(t, err, accounts.ErrLinkUnknown, "%q", token)
			_, err = m.Link(ctx, token)
			assert.ErrorIs(t, err, accounts.ErrLinkUnknown, "%q", token)
		}
	})

	t.Run("WrongPasswordErrBadCredentialsAndThrottled", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		sent, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "")
		require.NoError(t, err)
		for range 5 {
			_, err = m.Confirm(ctx, sent.Token, "not the password", "192.0.2.9")
			assert.ErrorIs(t, err, accounts.ErrBadCredentials)
		}
		_, err = m.Confirm(ctx, sent.Token, goodPassword, "192.0.2.9")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "guessing at the password behind a link is throttled as sign-in is")
	})
}

// TestAttackSignUpFirstDoesNotTakeTheAddress: a stranger signs up first
// with someone's address and a password of their own (account
// pre-hijacking). The owner's own sign-up then gets a link of its own, and
// following it with their password gives them the account, with their
// name and password; the stranger's password then signs nobody in. The
// stranger's link, followed by the owner with their own password, does
// not confirm the account.
func TestAttackSignUpFirstDoesNotTakeTheAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, _ := MustManager(t)
	strangers, err := m.SignUp(ctx, "ada@school.org.uk", "Not Ada", "the stranger's own password", "198.51.100.1")
	require.NoError(t, err)
	owners, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "192.0.2.1")
	require.NoError(t, err)
	require.NotEmpty(t, owners.Token, "the owner gets a link, not 'you have an account'")

	_, err = m.Confirm(ctx, strangers.Token, goodPassword, "192.0.2.1")
	assert.ErrorIs(t, err, accounts.ErrBadCredentials, "the stranger's link wants the stranger's password")
	a, err := m.Confirm(ctx, owners.Token, goodPassword, "192.0.2.1")
	require.NoError(t, err)
	assert.Equal(t, "Ada Lovelace", a.Name)

	_, err = m.SignIn(ctx, "ada@school.org.uk", "the stranger's own password", "198.51.100.1")
	assert.ErrorIs(t, err, accounts.ErrBadCredentials)
	_, err = m.Confirm(ctx, strangers.Token, "the stranger's own password", "198.51.100.1")
	assert.ErrorIs(t, err, accounts.ErrLinkUnknown, "the other links went when the account was confirmed")
}

// TestResend: the same answer whatever the address holds; only the mail
// differs, and nothing at all is sent for an address with no account.
func TestResend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, store := MustManager(t)
	require.NoError(t, store.Create(ctx, account("grace@school.org.uk")))
	_, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "")
	require.NoError(t, err)

	waiting, err := m.Resend(ctx, "ADA@school.org.uk", "")
	require.NoError(t, err)
	assert.Equal(t, "ada@school.org.uk", waiting.Email)
	assert.NotEmpty(t, waiting.Token)
	has, err := m.Resend(ctx, "grace@school.org.uk", "")
	require.NoError(t, err)
	assert.Equal(t, accounts.Confirmation{Email: "grace@school.org.uk", HasAccount: true}, has)
	none, err := m.Resend(ctx, "nobody@school.org.uk", "")
	require.NoError(t, err)
	assert.Equal(t, accounts.Confirmation{}, none)
	_, err = m.Resend(ctx, "not an address", "")
	var ve *standards.ValidationError
	assert.True(t, errors.As(err, &ve))
}

// TestAttackMailBombIsThrottled: at most five mails an hour go to one
// address, from sign-ups and resends together, whether or not it has an
// account; and at most fifty are asked for from one network address.
func TestAttackMailBombIsThrottled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	require.NoError(t, store.Create(ctx, account("grace@school.org.uk")))
	for _, email := range []string{"grace@school.org.uk", "ada@school.org.uk", "nobody@school.org.uk"} {
		for i := range 5 {
			_, err := m.Resend(ctx, email, fmt.Sprintf("192.0.2.%d", i))
			require.NoError(t, err, "%s, mail %d", email, i+1)
		}
		_, err := m.Resend(ctx, email, "192.0.2.200")
		assert.ErrorIs(t, err, accounts.ErrTooManyMails, email)
		_, err = m.SignUp(ctx, email, "Someone", goodPassword, "192.0.2.201")
		assert.ErrorIs(t, err, accounts.ErrTooManyMails, email)
	}
	c.Advance(time.Hour)
	_, err := m.Resend(ctx, "ada@school.org.uk", "192.0.2.1")
	assert.NoError(t, err, "an hour later")

	for i := range 50 {
		_, err := m.Resend(ctx, fmt.Sprintf("p%d@school.org.uk", i), "198.51.100.7")
		require.NoError(t, err)
	}
	_, err = m.Resend(ctx, "p50@school.org.uk", "198.51.100.7")
	assert.ErrorIs(t, err, accounts.ErrTooManyMails, "fifty from one network address")
}

// TestCreateAccount makes a confirmed account at once, for addresses the
// host has verified itself (the demo's seed).
func TestCreateAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, _ := MustManager(t)
	a, err := m.CreateAccount(ctx, " Ada@School.org.uk", "Ada Lovelace", goodPassword)
	require.NoError(t, err)
	assert.True(t, a.Confirmed)
	in, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "")
	require.NoError(t, err)
	assert.Equal(t, a, in)
	_, err = m.CreateAccount(ctx, "ADA@school.org.uk", "Ada", goodPassword)
	assert.ErrorIs(t, err, standards.ErrConflict)
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, _ := MustManager(t)
	want, err := m.CreateAccount(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword)
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

// TestSignUpExistingAddressTakesAsLongAsANewOne: the page does not tell
// who has an account, and neither should the time it takes: the password
// is hashed whether or not the address has an account. Runs alone (not
// parallel), as the sign-in timing test does.
func TestSignUpExistingAddressTakesAsLongAsANewOne(t *testing.T) {
	ctx := context.Background()
	m, _, store := MustManager(t)
	require.NoError(t, store.Create(ctx, account("ada@school.org.uk")))
	timed := func(email string) time.Duration {
		start := time.Now()
		_, err := m.SignUp(ctx, email, "Someone", goodPassword, "")
		require.NoError(t, err)
		return time.Since(start)
	}
	existing, fresh := timed("ada@school.org.uk"), timed("grace@school.org.uk")
	// Both run one argon2 hash; without it, the existing address would
	// answer in microseconds.
	assert.Greater(t, existing, fresh/10, "existing %v, new %v", existing, fresh)
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
