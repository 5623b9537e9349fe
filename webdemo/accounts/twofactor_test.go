package accounts_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

const addr = "192.0.2.1:51000"

// code is the authenticator app's code for secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	require.NoError(t, err)
	return c
}

// wrong is a six-digit code that is not secret's at t, nor a step either
// side, so that a test of a wrong code cannot pass by chance.
func wrong(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	near := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		near[code(t, secret, at.Add(d))] = true
	}
	for _, w := range []string{"000000", "111111", "222222", "333333"} {
		if !near[w] {
			return w
		}
	}
	panic("unreachable: three codes cannot cover four")
}

// enrolled is an account, stored directly to spare argon2, with two-factor
// sign-in switched on at the clock's time; it returns the secret and the
// recovery codes.
func enrolled(t *testing.T, m *accounts.Manager, c *clock, store *accounts.MemoryStore, email string) (accounts.Account, string, []string) {
	t.Helper()
	ctx := context.Background()
	a := account(email)
	a.ID = strings.Repeat(string(email[0]), accounts.IDLength)
	require.NoError(t, store.Create(ctx, a))
	e, err := m.BeginEnrolment(ctx, a, "session-1")
	require.NoError(t, err)
	codes, err := m.ConfirmEnrolment(ctx, a.ID, code(t, e.Secret, c.Now()), addr)
	require.NoError(t, err)
	return a, e.Secret, codes
}

func TestEnrolmentNeedsAValidCode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t, accounts.WithIssuer("Riverside eops"))
	a := account("ada@school.org.uk")
	require.NoError(t, store.Create(ctx, a))

	e, err := m.BeginEnrolment(ctx, a, "session-1")
	require.NoError(t, err)
	assert.Regexp(t, `^[A-Z2-7]{32}$`, e.Secret, "160 bits in base32")
	assert.True(t, strings.HasPrefix(e.URI, "otpauth://totp/Riverside%20eops:ada@school.org.uk?"), e.URI)
	assert.Contains(t, e.URI, "secret="+e.Secret)
	again, err := m.Enrolment(ctx, a, "session-1")
	require.NoError(t, err)
	assert.Equal(t, e, again, "the set-up in progress can be shown again")
	st, err := m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, accounts.TwoFactorStatus{SettingUp: true}, st, "not on until confirmed")

	// Four, so that the throttle does not refuse the right one after them.
	for _, bad := range []string{"", "abcdef", code(t, e.Secret, c.Now().Add(2*time.Minute)), code(t, e.Secret, c.Now()) + "0"} {
		_, err := m.ConfirmEnrolment(ctx, a.ID, bad, addr)
		assert.ErrorIs(t, err, accounts.ErrBadCode, "code %q", bad)
	}
	st, err = m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.False(t, st.Enabled)

	codes, err := m.ConfirmEnrolment(ctx, a.ID, code(t, e.Secret, c.Now()), addr)
	require.NoError(t, err)
	require.Len(t, codes, accounts.RecoveryCodeCount)
	seen := map[string]bool{}
	for _, rc := range codes {
		assert.Regexp(t, `^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$`, rc)
		assert.False(t, seen[rc], "recovery code %s twice", rc)
		seen[rc] = true
	}
	st, err = m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, accounts.TwoFactorStatus{Enabled: true, RecoveryCodesLeft: 10}, st)

	_, err = m.Enrolment(ctx, a, "session-1")
	assert.ErrorIs(t, err, standards.ErrNotFound, "the secret is not shown once it is on")
	_, err = m.BeginEnrolment(ctx, a, "session-1")
	assert.ErrorIs(t, err, standards.ErrConflict, "switch it off before setting up another")
	_, err = m.ConfirmEnrolment(ctx, a.ID, code(t, e.Secret, c.Now().Add(30*time.Second)), addr)
	assert.ErrorIs(t, err, accounts.ErrBadCode, "nothing left to confirm")

	stored, err := store.TwoFactor(ctx, a.ID)
	require.NoError(t, err)
	for _, rc := range codes {
		assert.NotContains(t, stored.Secret, rc)
	}
}

func TestSignInWithCode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a, secret, _ := enrolled(t, m, c, store, "ada@school.org.uk")

	c.Advance(30 * time.Second)
	recovery, err := m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now()), addr)
	require.NoError(t, err)
	assert.False(t, recovery)

	c.Advance(time.Minute)
	spaced := code(t, secret, c.Now())
	spaced = spaced[:3] + " " + spaced[3:]
	_, err = m.VerifySecondFactor(ctx, a.ID, spaced, addr)
	assert.NoError(t, err, "as an app shows it, with a space")

	t.Run("ClockDriftOneStep", func(t *testing.T) {
		c.Advance(time.Minute)
		_, err := m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now().Add(-30*time.Second)), addr)
		assert.NoError(t, err, "a phone 30 seconds slow")
		c.Advance(time.Minute)
		_, err = m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now().Add(30*time.Second)), addr)
		assert.NoError(t, err, "a phone 30 seconds fast")
		c.Advance(2 * time.Minute)
		_, err = m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now().Add(-time.Minute)), addr)
		assert.ErrorIs(t, err, accounts.ErrBadCode, "a minute slow is too far")
		_, err = m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now().Add(time.Minute)), addr)
		assert.ErrorIs(t, err, accounts.ErrBadCode, "a minute fast is too far")
	})
}

func TestWrongCode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a, secret, _ := enrolled(t, m, c, store, "ada@school.org.uk")
	plain := account("grace@school.org.uk")
	plain.ID = strings.Repeat("g", accounts.IDLength)
	require.NoError(t, store.Create(ctx, plain))

	c.Advance(time.Minute)
	right := code(t, secret, c.Now())
	for _, tc := range []struct{ name, account, code string }{
		{"WrongDigits", a.ID, wrong(t, secret, c.Now())},
		{"NotDigits", a.ID, "abcdef"},
		{"Empty", a.ID, ""},
		{"NotARecoveryCode", a.ID, "abcd-efgh-jkmn-pqrs"},
		{"NoSecondFactor", plain.ID, right},
		{"NoAccount", "zzzzzzzzzzzzzzzzzzzzzzzzzz", right},
	} {
		_, err := m.VerifySecondFactor(ctx, tc.account, tc.code, "")
		require.ErrorIs(t, err, accounts.ErrBadCode, tc.name)
		assert.Equal(t, "that code did not work", err.Error(), "%s: the answer says nothing more", tc.name)
	}
	_, err := m.VerifySecondFactor(ctx, a.ID, right, "")
	assert.NoError(t, err, "four failures are not yet a lock-out")
}

func TestReplayedCodeRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("TheEnrolmentCode", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a, secret, _ := enrolled(t, m, c, store, "ada@school.org.uk")
		_, err := m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now()), addr)
		assert.ErrorIs(t, err, accounts.ErrBadCode, "the code that switched it on is used")
	})

	t.Run("InsideItsWindow", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a, secret, _ := enrolled(t, m, c, store, "ada@school.org.uk")
		c.Advance(30 * time.Second)
		used := code(t, secret, c.Now())
		_, err := m.VerifySecondFactor(ctx, a.ID, used, addr)
		require.NoError(t, err)
		c.Advance(10 * time.Second)
		_, err = m.VerifySecondFactor(ctx, a.ID, used, addr)
		assert.ErrorIs(t, err, accounts.ErrBadCode, "the same code again")
		c.Advance(30 * time.Second)
		_, err = m.VerifySecondFactor(ctx, a.ID, used, addr)
		assert.ErrorIs(t, err, accounts.ErrBadCode, "the same code, a step later, when it is still within the drift allowed")
		_, err = m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now()), addr)
		assert.NoError(t, err, "the next code works")
	})

	t.Run("AtOnce", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a, secret, _ := enrolled(t, m, c, store, "ada@school.org.uk")
		c.Advance(30 * time.Second)
		same := code(t, secret, c.Now())
		const n = 4 // under the throttle's limit, so that only replay refuses
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { _, errs[i] = m.VerifySecondFactor(ctx, a.ID, same, "") })
		}
		wg.Wait()
		passed := 0
		for _, err := range errs {
			if err == nil {
				passed++
				continue
			}
			assert.ErrorIs(t, err, accounts.ErrBadCode)
		}
		assert.Equal(t, 1, passed)
	})
}

func TestRecoveryCodeWorksOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a, _, codes := enrolled(t, m, c, store, "ada@school.org.uk")

	recovery, err := m.VerifySecondFactor(ctx, a.ID, codes[0], addr)
	require.NoError(t, err)
	assert.True(t, recovery)
	_, err = m.VerifySecondFactor(ctx, a.ID, codes[0], addr)
	assert.ErrorIs(t, err, accounts.ErrBadCode, "used up")

	typed := " " + strings.ToUpper(strings.ReplaceAll(codes[1], "-", "")) + " "
	recovery, err = m.VerifySecondFactor(ctx, a.ID, typed, addr)
	require.NoError(t, err, "upper case, without hyphens")
	assert.True(t, recovery)

	st, err := m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, 8, st.RecoveryCodesLeft)

	stored, err := store.TwoFactor(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, 8, stored.RecoveryCodes)
}

func TestRecoveryCodesAreStoredAsHashes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a, _, codes := enrolled(t, m, c, store, "ada@school.org.uk")
	for _, rc := range codes {
		plain := strings.ReplaceAll(rc, "-", "")
		ok, err := store.UseRecoveryCode(ctx, a.ID, plain)
		require.NoError(t, err)
		assert.False(t, ok, "the store does not know the code itself")
		ok, err = store.UseRecoveryCode(ctx, a.ID, rc)
		require.NoError(t, err)
		assert.False(t, ok)
	}
}

func TestCodeStepThrottled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("PerAccount", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a, secret, codes := enrolled(t, m, c, store, "ada@school.org.uk")
		for i := range 5 {
			_, err := m.VerifySecondFactor(ctx, a.ID, wrong(t, secret, c.Now()), fmt.Sprintf("192.0.2.%d:5000", i+1))
			require.ErrorIs(t, err, accounts.ErrBadCode)
		}
		c.Advance(30 * time.Second)
		_, err := m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now()), "198.51.100.7:5000")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "even the right code, from anywhere")
		_, err = m.VerifySecondFactor(ctx, a.ID, codes[0], "198.51.100.7:5000")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "even a recovery code")
		assert.ErrorIs(t, m.DisableTwoFactor(ctx, a.ID, code(t, secret, c.Now()), ""), accounts.ErrThrottled, "switching off is throttled too")

		c.Advance(15 * time.Minute)
		_, err = m.VerifySecondFactor(ctx, a.ID, code(t, secret, c.Now()), "198.51.100.7:5000")
		assert.NoError(t, err, "fifteen minutes later")
	})

	t.Run("CodesCountAgainstTheAddress", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a, secret, _ := enrolled(t, m, c, store, "ada@school.org.uk")
		for range 5 {
			_, err := m.VerifySecondFactor(ctx, a.ID, wrong(t, secret, c.Now()), addr)
			require.ErrorIs(t, err, accounts.ErrBadCode)
		}
		for i := range 45 {
			_, err := m.SignIn(ctx, fmt.Sprintf("person%d@school.org.uk", i), "not the password", addr)
			require.ErrorIs(t, err, accounts.ErrBadCredentials, "attempt %d", i+1)
		}
		_, err := m.SignIn(ctx, "someone@school.org.uk", "not the password", addr)
		assert.ErrorIs(t, err, accounts.ErrThrottled, "five wrong codes and forty-five wrong passwords make fifty")
	})
}

// TestSignInFromAThrottledAddress: an address with fifty failures lets
// through only a right password whose account asks for a code, and then
// only a right code (decided in issue 18, item 5).
func TestSignInFromAThrottledAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a := account("ada@school.org.uk")
	a.PasswordHash = accounts.HashPassword("correct horse battery staple")
	require.NoError(t, store.Create(ctx, a))
	e, err := m.BeginEnrolment(ctx, a, "session-1")
	require.NoError(t, err)
	_, err = m.ConfirmEnrolment(ctx, a.ID, code(t, e.Secret, c.Now()), "198.51.100.7:5000")
	require.NoError(t, err)
	plain := account("bob@school.org.uk")
	plain.ID = strings.Repeat("b", accounts.IDLength)
	plain.PasswordHash = a.PasswordHash
	require.NoError(t, store.Create(ctx, plain))

	for i := range 50 {
		_, err := m.SignIn(ctx, fmt.Sprintf("person%d@school.org.uk", i), "not the password", addr)
		require.ErrorIs(t, err, accounts.ErrBadCredentials, "attempt %d", i+1)
	}
	_, err = m.SignIn(ctx, "bob@school.org.uk", "correct horse battery staple", addr)
	assert.ErrorIs(t, err, accounts.ErrThrottled, "a password alone")
	_, err = m.SignIn(ctx, "ada@school.org.uk", "not the password", addr)
	assert.ErrorIs(t, err, accounts.ErrThrottled, "a wrong password")

	got, err := m.SignIn(ctx, "ada@school.org.uk", "correct horse battery staple", addr)
	require.NoError(t, err, "a right password, with a code to come")
	assert.Equal(t, a.ID, got.ID)
	c.Advance(30 * time.Second)
	_, err = m.VerifySecondFactor(ctx, a.ID, wrong(t, e.Secret, c.Now()), addr)
	assert.ErrorIs(t, err, accounts.ErrBadCode, "a wrong code is checked, and fails")
	_, err = m.VerifySecondFactor(ctx, a.ID, code(t, e.Secret, c.Now()), addr)
	assert.NoError(t, err, "the right code")
}

func TestDisableNeedsACode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a, secret, codes := enrolled(t, m, c, store, "ada@school.org.uk")

	c.Advance(30 * time.Second)
	assert.ErrorIs(t, m.DisableTwoFactor(ctx, a.ID, wrong(t, secret, c.Now()), addr), accounts.ErrBadCode)
	st, err := m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.True(t, st.Enabled, "still on")

	require.NoError(t, m.DisableTwoFactor(ctx, a.ID, code(t, secret, c.Now()), addr))
	st, err = m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, accounts.TwoFactorStatus{}, st)
	_, err = m.VerifySecondFactor(ctx, a.ID, codes[0], addr)
	assert.ErrorIs(t, err, accounts.ErrBadCode, "the recovery codes are gone")

	t.Run("WithARecoveryCode", func(t *testing.T) {
		b, _, codes := enrolled(t, m, c, store, "bob@school.org.uk")
		require.NoError(t, m.DisableTwoFactor(ctx, b.ID, codes[3], addr), "a lost phone")
		st, err := m.TwoFactorStatus(ctx, b.ID)
		require.NoError(t, err)
		assert.False(t, st.Enabled)
	})
}

func TestRegenerateRecoveryCodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a, secret, old := enrolled(t, m, c, store, "ada@school.org.uk")
	_, err := m.VerifySecondFactor(ctx, a.ID, old[0], addr)
	require.NoError(t, err)

	_, err = m.RegenerateRecoveryCodes(ctx, a.ID, wrong(t, secret, c.Now()), addr)
	assert.ErrorIs(t, err, accounts.ErrBadCode, "needs a code")
	c.Advance(30 * time.Second)
	fresh, err := m.RegenerateRecoveryCodes(ctx, a.ID, code(t, secret, c.Now()), addr)
	require.NoError(t, err)
	require.Len(t, fresh, accounts.RecoveryCodeCount)
	st, err := m.TwoFactorStatus(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, 10, st.RecoveryCodesLeft)

	_, err = m.VerifySecondFactor(ctx, a.ID, old[1], addr)
	assert.ErrorIs(t, err, accounts.ErrBadCode, "the old codes stop working")
	_, err = m.VerifySecondFactor(ctx, a.ID, fresh[1], addr)
	assert.NoError(t, err)
}

func TestImportTwoFactor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, c, store := MustManager(t)
	a := account("ada@school.org.uk")
	require.NoError(t, store.Create(ctx, a))

	_, err := m.ImportTwoFactor(ctx, a.ID, "JBSWY3DPEHPK3PXP")
	assert.Error(t, err, "80 bits are too few")
	_, err = m.ImportTwoFactor(ctx, a.ID, "not base32!")
	assert.Error(t, err)

	const secret = "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp" // as an earlier platform printed it
	codes, err := m.ImportTwoFactor(ctx, a.ID, secret)
	require.NoError(t, err)
	assert.Len(t, codes, accounts.RecoveryCodeCount)
	_, err = m.VerifySecondFactor(ctx, a.ID, code(t, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", c.Now()), addr)
	assert.NoError(t, err)
	_, err = m.ImportTwoFactor(ctx, a.ID, secret)
	assert.ErrorIs(t, err, standards.ErrConflict)
}

// TestHalfSession proves a half-signed-in session stands for nobody and
// ends five minutes after the password, however busy.
func TestHalfSession(t *testing.T) {
	t.Parallel()
	m, c, _ := MustManager(t)
	half, err := m.StartHalfSession(context.Background(), "account-1")
	require.NoError(t, err)
	assert.True(t, half.Half)
	full, err := m.StartSession(context.Background(), "account-1")
	require.NoError(t, err)

	_, ok := m.Session(context.Background(), half.ID)
	assert.False(t, ok, "a half session is no session")
	_, ok = m.HalfSession(context.Background(), full.ID)
	assert.False(t, ok, "nor is a full session a half one")
	got, ok := m.HalfSession(context.Background(), half.ID)
	require.True(t, ok)
	assert.Equal(t, "account-1", got.AccountID)

	for range 4 {
		c.Advance(time.Minute)
		_, ok = m.HalfSession(context.Background(), half.ID)
		require.True(t, ok)
	}
	c.Advance(59 * time.Second)
	_, ok = m.HalfSession(context.Background(), half.ID)
	require.True(t, ok, "4 minutes 59 seconds")
	c.Advance(time.Second)
	_, ok = m.HalfSession(context.Background(), half.ID)
	assert.False(t, ok, "five minutes from the password, however busy")
	_, ok = m.Session(context.Background(), full.ID)
	assert.True(t, ok, "a full session lasts longer")
}

func TestHalfSessionFromRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, store := MustManager(t)
	a := account("ada@school.org.uk")
	require.NoError(t, store.Create(ctx, a))
	half, err := m.StartHalfSession(context.Background(), a.ID)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	m.SetSessionCookie(w, httptest.NewRequest(http.MethodPost, "/signin", nil), half)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, ck := range w.Result().Cookies() {
		r.AddCookie(ck)
	}

	_, _, ok := m.SessionFromRequest(r)
	assert.False(t, ok, "the signed-in pages see nobody")
	_, got, ok := m.HalfSessionFromRequest(r)
	require.True(t, ok, "the code page sees the half session")
	assert.Equal(t, a, got)
}

// TestSetUpSecretShownOnlyToItsSession: the secret of a set-up in progress
// is shown again only to the session that began it, so that someone else
// signed in with the password cannot copy the second factor before it is
// switched on.
func TestSetUpSecretShownOnlyToItsSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _, store := MustManager(t)
	a := account("ada@school.org.uk")
	require.NoError(t, store.Create(ctx, a))
	e, err := m.BeginEnrolment(ctx, a, "mine")
	require.NoError(t, err)
	again, err := m.Enrolment(ctx, a, "mine")
	require.NoError(t, err)
	assert.Equal(t, e, again)
	_, err = m.Enrolment(ctx, a, "someone else's")
	assert.ErrorIs(t, err, accounts.ErrSetUpElsewhere)
	_, err = m.Enrolment(ctx, a, "")
	assert.ErrorIs(t, err, accounts.ErrSetUpElsewhere)

	// Beginning again elsewhere makes a new secret for that session alone.
	theirs, err := m.BeginEnrolment(ctx, a, "someone else's")
	require.NoError(t, err)
	assert.NotEqual(t, e.Secret, theirs.Secret)
	_, err = m.Enrolment(ctx, a, "mine")
	assert.ErrorIs(t, err, accounts.ErrSetUpElsewhere)
}

// TestEndOtherSessions ends an account's other sessions, whole and half,
// and nobody else's.
func TestEndOtherSessions(t *testing.T) {
	t.Parallel()
	m, _, _ := MustManager(t)
	keep, err := m.StartSession(context.Background(), "aaaaaaaaaaaaaaaaaaaaaaaaaa")
	require.NoError(t, err)
	other, err := m.StartSession(context.Background(), "aaaaaaaaaaaaaaaaaaaaaaaaaa")
	require.NoError(t, err)
	half, err := m.StartHalfSession(context.Background(), "aaaaaaaaaaaaaaaaaaaaaaaaaa")
	require.NoError(t, err)
	someoneElse, err := m.StartSession(context.Background(), "bbbbbbbbbbbbbbbbbbbbbbbbbb")
	require.NoError(t, err)
	require.NoError(t, m.EndOtherSessions(context.Background(), "aaaaaaaaaaaaaaaaaaaaaaaaaa", keep.ID))
	_, ok := m.Session(context.Background(), keep.ID)
	assert.True(t, ok, "the session kept")
	_, ok = m.Session(context.Background(), other.ID)
	assert.False(t, ok, "another session of the account")
	_, ok = m.HalfSession(context.Background(), half.ID)
	assert.False(t, ok, "a half session of the account")
	_, ok = m.Session(context.Background(), someoneElse.ID)
	assert.True(t, ok, "another account's")
}
