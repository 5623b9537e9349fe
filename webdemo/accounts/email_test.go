package accounts_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/accounts"
)

// TestRequestEmailChange: the password is asked for; a link goes to a new
// address no account has, its hash alone kept; an address another
// account has gets word instead, and the answer to the asker is the same.
func TestRequestEmailChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("OKHashKept", func(t *testing.T) {
		t.Parallel()
		m, c, store := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestEmailChange(ctx, a.ID, goodPassword, " Ada.King@School.org.uk ", "192.0.2.1")
		require.NoError(t, err)
		assert.Equal(t, "ada.king@school.org.uk", sent.Email)
		assert.Len(t, sent.Token, 43)
		assert.Equal(t, c.Now().Add(accounts.EmailChangeLifetime), sent.Expires)
		_, err = store.EmailToken(ctx, sent.Token)
		assert.ErrorIs(t, err, standards.ErrNotFound, "the token itself is not a key")
		sum := sha256.Sum256([]byte(sent.Token))
		kept, err := store.EmailToken(ctx, hex.EncodeToString(sum[:]))
		require.NoError(t, err)
		assert.Equal(t, "ada.king@school.org.uk", kept.Email)
		got, err := m.SignIn(ctx, "ada@school.org.uk", goodPassword, "")
		require.NoError(t, err)
		assert.Equal(t, "ada@school.org.uk", got.Email, "nothing changes until the link is followed")
	})

	t.Run("TakenAddressNoLink", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		confirmedAccount(t, m, "grace@school.org.uk")
		sent, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "grace@school.org.uk", "")
		require.NoError(t, err)
		assert.Equal(t, accounts.EmailChange{Email: "grace@school.org.uk", Taken: true}, sent)
	})

	t.Run("WrongPasswordThrottled", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		for range 5 {
			_, err := m.RequestEmailChange(ctx, a.ID, "a wrong guess", "ada.king@school.org.uk", "")
			assert.ErrorIs(t, err, accounts.ErrBadCredentials)
		}
		_, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "ada.king@school.org.uk", "")
		assert.ErrorIs(t, err, accounts.ErrThrottled, "guessing the password behind an open session counts as sign-in's")
	})

	t.Run("BadOrOwnAddressValidationError", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		for _, e := range []string{"not an address", "ADA@school.org.uk"} {
			_, err := m.RequestEmailChange(ctx, a.ID, goodPassword, e, "")
			var ve *standards.ValidationError
			require.ErrorAs(t, err, &ve, e)
			assert.Equal(t, "email", ve.Fields[0].Field)
		}
	})

	t.Run("MailsThrottled", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		for range 5 {
			_, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "ada.king@school.org.uk", "")
			require.NoError(t, err)
		}
		_, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "ada.king@school.org.uk", "")
		assert.ErrorIs(t, err, accounts.ErrTooManyMails)
	})
}

// TestChangeEmail: the link changes the address once, within its
// lifetime; the account signs in with the new address, keeps its
// sessions, and the old address is nobody's.
func TestChangeEmail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		s, err := m.StartSession(ctx, a.ID)
		require.NoError(t, err)
		sent, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "ada.king@school.org.uk", "")
		require.NoError(t, err)
		acc, email, err := m.EmailChangeLink(ctx, sent.Token)
		require.NoError(t, err)
		assert.Equal(t, "ada@school.org.uk", acc.Email)
		assert.Equal(t, "ada.king@school.org.uk", email)

		changed, err := m.ChangeEmail(ctx, sent.Token)
		require.NoError(t, err)
		assert.Equal(t, a.ID, changed.ID)
		assert.Equal(t, "ada.king@school.org.uk", changed.Email)
		_, ok := m.Session(ctx, s.ID)
		assert.True(t, ok, "the session goes on")
		_, err = m.SignIn(ctx, "ada@school.org.uk", goodPassword, "")
		assert.ErrorIs(t, err, accounts.ErrBadCredentials, "the old address signs nobody in")
		_, err = m.SignIn(ctx, "ada.king@school.org.uk", goodPassword, "")
		assert.NoError(t, err)

		_, err = m.ChangeEmail(ctx, sent.Token)
		assert.ErrorIs(t, err, accounts.ErrLinkUsed)
	})

	t.Run("ExpiredErrLinkExpired", func(t *testing.T) {
		t.Parallel()
		m, c, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "ada.king@school.org.uk", "")
		require.NoError(t, err)
		c.Advance(accounts.EmailChangeLifetime)
		_, err = m.ChangeEmail(ctx, sent.Token)
		assert.ErrorIs(t, err, accounts.ErrLinkExpired)
	})

	t.Run("TakenSinceErrEmailTaken", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		a := confirmedAccount(t, m, "ada@school.org.uk")
		sent, err := m.RequestEmailChange(ctx, a.ID, goodPassword, "ada.king@school.org.uk", "")
		require.NoError(t, err)
		confirmedAccount(t, m, "ada.king@school.org.uk")
		_, err = m.ChangeEmail(ctx, sent.Token)
		assert.ErrorIs(t, err, accounts.ErrEmailTaken)
		_, _, err = m.EmailChangeLink(ctx, sent.Token)
		assert.NoError(t, err, "the link is still unused")
	})

	t.Run("UnknownErrLinkUnknown", func(t *testing.T) {
		t.Parallel()
		m, _, _ := MustManager(t)
		for _, token := range []string{"", "x", strings.Repeat("A", 43)} {
			_, err := m.ChangeEmail(ctx, token)
			assert.ErrorIs(t, err, accounts.ErrLinkUnknown, "%q", token)
		}
	})
}
