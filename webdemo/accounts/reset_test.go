package accounts_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

const newPassword = "a new password nobody knows"

// confirmedAccount makes a confirmed account of m with goodPassword.
func confirmedAccount(t *testing.T, m *accounts.Manager, email string) accounts.Account {
	t.Helper()
	a, err := m.CreateAccount(context.Background(), email, "Ada Lovelace", goodPassword)
	require.NoError(t, err)
	return a
}

// TestRequestReset: a link for a confirmed account, word for an
// unconfirmed one, nothing for an address with no account; the store
// keeps the token's SHA-256, never the token.
func TestRequestReset(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("ConfirmedAccountGetsALinkWhoseHashIsKept", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestReset(ctx, " Ada@School.org.UK ", "192.0.2.1")
		require.NoError(t, err)
		assert.Equal(t, "ada@school.org.uk", sent.Email)
		assert.Len(t, sent.Token, 43)
		assert.Equal(t, c.Now().Add(accounts.ResetLifetime), sent.Expires)
		assert.False(t, sent.Unconfirmed)

		_, err = store.ResetToken(ctx, sent.Token)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the token itself is not a key")
		sum := sha256.Sum256([]byte(sent.Token))
		kept, err := store.ResetToken(ctx, hex.EncodeToString(sum[:]))
		require.NoError(t, err, "its SHA-256 is")
		assert.Equal(t, a.ID, kept.AccountID)
		assert.NotContains(t, fmt.Sprintf("%+v", kept), sent.Token)
	})

	t.Run("UnconfirmedAccountGetsNoLink", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.SignUp(ctx, "ada@school.org.uk", "Ada Lovelace", goodPassword, "")
		require.NoError(t, err)
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		assert.Equal(t, accounts.Reset{Email: "ada@school.org.uk", Unconfirmed: true}, sent)
	})

	t.Run("NoAccountNothingToSend", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		sent, err := m.RequestReset(ctx, "nobody@school.org.uk", "")
		require.NoError(t, err)
		assert.Equal(t, accounts.Reset{}, sent)
	})

	t.Run("BadAddressValidationError", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		_, err := m.RequestReset(ctx, "not an address", "")
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "email", ve.Fields[0].Field)
	})
}

// TestRequestResetThrottled: five mails to one address an hour, whether
// or not it has an account (so the throttle says nothing of who has one),
// and fifty from one network address; an hour later it sends again.
func TestRequestResetThrottled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("PerAddress", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t)
		confirmedAccount(t, m, "ada@school.org.uk")
		for _, email := range []string{"ada@school.org.uk", "nobody@school.org.uk"} {
			for i := range 5 {
				_, err := m.RequestReset(ctx, email, fmt.Sprintf("192.0.2.%d", i))
				require.NoError(t, err)
			}
			_, err := m.RequestReset(ctx, email, "192.0.2.99")
			assert.ErrorIs(t, err, accounts.ErrTooManyMails, email)
		}
		c.Advance(time.Hour)
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "192.0.2.1")
		require.NoError(t, err)
		assert.NotEmpty(t, sent.Token)
	})

	t.Run("PerNetworkAddress", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		for i := range 50 {
			_, err := m.RequestReset(ctx, fmt.Sprintf("person%d@school.org.uk", i), "198.51.100.7:1234")
			require.NoError(t, err)
		}
		_, err := m.RequestReset(ctx, "someone.else@school.org.uk", "198.51.100.7:5678")
		assert.ErrorIs(t, err, accounts.ErrTooManyMails)
	})

	t.Run("SharedWithSignUpMails", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		for range 5 {
			_, err := m.Resend(ctx, "ada@school.org.uk", "")
			require.NoError(t, err)
		}
		_, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		assert.ErrorIs(t, err, accounts.ErrTooManyMails, "one mailbox, one budget")
	})
}

// TestResetPassword: the link sets a new password once, within the hour;
// the old password stops working and every session of the account ends.
func TestResetPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("OKEndsSessionsAndChangesThePassword", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		laptop, err := m.StartSession(ctx, a.ID)
		require.NoError(t, err)
		half, err := m.StartHalfSession(ctx, a.ID)
		require.NoError(t, err)
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		email, err := m.ResetLink(ctx, sent.Token)
		require.NoError(t, err)
		assert.Equal(t, "ada@school.org.uk", email)

		got, err := m.ResetPassword(ctx, sent.Token, newPassword)
		require.NoError(t, err)
		assert.Equal(t, a.ID, got.ID)
		_, ok := m.Session(ctx, laptop.ID)
		assert.False(t, ok, "the other device is signed out")
		_, ok = m.HalfSession(ctx, half.ID)
		assert.False(t, ok, "and a half session too")
		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "")
		assert.ErrorIs(t, err, accounts.ErrBadCredentials, "the old password no longer works")
		_, err = m.SignIn(ctx, "ada@school.org.uk", newPassword, "")
		assert.NoError(t, err)
	})

	t.Run("SecondUseErrLinkUsed", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		_, err = m.ResetPassword(ctx, sent.Token, newPassword)
		require.NoError(t, err)
		_, err = m.ResetPassword(ctx, sent.Token, "yet another password here")
		assert.ErrorIs(t, err, accounts.ErrLinkUsed)
		_, err = m.ResetLink(ctx, sent.Token)
		assert.ErrorIs(t, err, accounts.ErrLinkUsed)
		_, err = m.SignIn(ctx, "ada@school.org.uk", newPassword, "")
		assert.NoError(t, err, "the second use changed nothing")
	})

	t.Run("OtherLinksGoWhenOneIsUsed", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		confirmedAccount(t, m, "ada@school.org.uk")
		first, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		second, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		_, err = m.ResetPassword(ctx, second.Token, newPassword)
		require.NoError(t, err)
		_, err = m.ResetPassword(ctx, first.Token, "yet another password here")
		assert.ErrorIs(t, err, accounts.ErrLinkUnknown)
	})

	t.Run("ExpiredErrLinkExpired", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t)
		confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		c.Advance(accounts.ResetLifetime - time.Second)
		_, err = m.ResetLink(ctx, sent.Token)
		require.NoError(t, err, "still good a second before")
		c.Advance(time.Second)
		_, err = m.ResetPassword(ctx, sent.Token, newPassword)
		assert.ErrorIs(t, err, accounts.ErrLinkExpired)
		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "")
		assert.NoError(t, err, "the password is as it was")
	})

	t.Run("UnknownAndMalformedErrLinkUnknown", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		for _, token := range []string{"", "x", strings.Repeat("A", 43), strings.Repeat("A", 44), strings.Repeat("*", 43)} {
			_, err := m.ResetPassword(ctx, token, newPassword)
			assert.ErrorIs(t, err, accounts.ErrLinkUnknown, "%q", token)
			_, err = m.ResetLink(ctx, token)
			assert.ErrorIs(t, err, accounts.ErrLinkUnknown, "%q", token)
		}
	})

	t.Run("SignUpRulesAndTheLinkStaysUnused", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		for _, bad := range []string{"short", "password", "ada@school.org.uk", "ADA"} {
			_, err := m.ResetPassword(ctx, sent.Token, bad)
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve, bad)
			assert.Equal(t, "password", ve.Fields[0].Field, bad)
		}
		_, err = m.ResetPassword(ctx, sent.Token, newPassword)
		assert.NoError(t, err, "a refused password did not use the link")
	})

	t.Run("TwoFactorStaysOn", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		_, err := m.ImportTwoFactor(ctx, a.ID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
		require.NoError(t, err)
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		_, err = m.ResetPassword(ctx, sent.Token, newPassword)
		require.NoError(t, err)
		st, err := m.TwoFactorStatus(ctx, a.ID)
		require.NoError(t, err)
		assert.True(t, st.Enabled, "a reset does not take the second factor away")
	})

	t.Run("ClearsTheSignInThrottle", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		confirmedAccount(t, m, "ada@school.org.uk")
		for range 5 {
			_, err := m.SignIn(ctx, "ada@school.org.uk", "a wrong guess", "")
			require.ErrorIs(t, err, accounts.ErrBadCredentials)
		}
		_, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "")
		require.ErrorIs(t, err, accounts.ErrThrottled)
		sent, err := m.RequestReset(ctx, "ada@school.org.uk", "")
		require.NoError(t, err)
		_, err = m.ResetPassword(ctx, sent.Token, newPassword)
		require.NoError(t, err)
		_, err = m.SignIn(ctx, "ada@school.org.uk", newPassword, "")
		assert.NoError(t, err, "the owner of the address is let in at once")
	})
}
