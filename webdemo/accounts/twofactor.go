package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/eops/eops/standards"
)

// ErrBadCode: the code given for the second factor did not work. It is the
// one answer for a wrong code, a code used already, a recovery code used
// already, text that is no code at all, and an account with no second
// factor, so that someone trying codes learns nothing from it.
var ErrBadCode = errors.New("that code did not work")

// ErrSetUpElsewhere: the account's two-factor set-up in progress was begun
// by another session (another browser, or a set-up made without one), and
// its secret is shown only there. Begin it again here.
var ErrSetUpElsewhere = errors.New("accounts: the two-factor set-up in progress was begun in another session")

// RecoveryCodeCount is how many recovery codes a person gets at a time.
const RecoveryCodeCount = 10

// The codes are the ones every authenticator app makes by default: six
// digits, a new one every 30 seconds, HMAC-SHA-1 (RFC 6238).
const totpPeriod = 30

var totpOptions = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// minSecretBytes is the shortest secret ImportTwoFactor takes: RFC 4226
// asks for at least 128 bits (and recommends 160, which is what
// BeginEnrolment makes).
const minSecretBytes = 16

// TwoFactorStatus is what a person may see of their second factor: never
// the secret once it is on.
type TwoFactorStatus struct {
	// Enabled says sign-in asks for a code.
	Enabled bool
	// SettingUp says a secret was made and not yet confirmed with a code.
	SettingUp bool
	// RecoveryCodesLeft is how many unused recovery codes remain.
	RecoveryCodesLeft int
}

// Enrolment is a second factor being set up: what the person puts into
// their authenticator app.
type Enrolment struct {
	// Secret is the key in base32, to type into the app.
	Secret string
	// URI is the otpauth:// address of the key, to show as a QR code.
	URI string
}

// TwoFactorStatus says whether an account has two-factor sign-in on, or is
// setting it up; the zero status when neither.
func (m *Manager) TwoFactorStatus(ctx context.Context, accountID string) (TwoFactorStatus, error) {
	tf, err := m.store.TwoFactor(ctx, accountID)
	if errors.Is(err, standards.ErrNotFound) {
		return TwoFactorStatus{}, nil
	}
	if err != nil {
		return TwoFactorStatus{}, err
	}
	return TwoFactorStatus{Enabled: tf.Enabled, SettingUp: !tf.Enabled, RecoveryCodesLeft: tf.RecoveryCodes}, nil
}

// BeginEnrolment starts setting up two-factor sign-in for an account with a
// new random 160-bit secret, in place of any set-up in progress, which only
// the session sessionID will be shown again (Enrolment). Nothing
// changes at sign-in until ConfirmEnrolment has a code made from the
// secret, so that nobody is locked out by a secret their app never took.
// It is standards.ErrConflict when the account has two-factor sign-in on.
func (m *Manager) BeginEnrolment(ctx context.Context, a Account, sessionID string) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: m.issuer, AccountName: a.Email, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, fmt.Errorf("accounts: make a secret: %w", err)
	}
	// The store keeps which session began it (by its hash), so that the
	// session may be served by any instance.
	if err := m.store.BeginTwoFactor(ctx, a.ID, key.Secret(), sessionHash(sessionID)); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// Enrolment is the set-up in progress for an account, to show again to the
// session that began it; standards.ErrNotFound when there is none, and
// ErrSetUpElsewhere to any other session. Anyone else who has the password
// (and so a session) must not see a secret that will be the account's
// second factor.
func (m *Manager) Enrolment(ctx context.Context, a Account, sessionID string) (Enrolment, error) {
	tf, err := m.store.TwoFactor(ctx, a.ID)
	if err != nil {
		return Enrolment{}, err
	}
	if tf.Enabled {
		return Enrolment{}, fmt.Errorf("no two-factor set-up in progress: %w", standards.ErrNotFound)
	}
	if tf.SetUpBy == "" || tf.SetUpBy != sessionHash(sessionID) {
		return Enrolment{}, ErrSetUpElsewhere
	}
	return m.enrolment(a.Email, tf.Secret)
}

// enrolment rebuilds the otpauth:// address of a kept secret.
func (m *Manager) enrolment(email, secret string) (Enrolment, error) {
	raw, err := decodeSecret(secret)
	if err != nil {
		return Enrolment{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: m.issuer, AccountName: email, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return Enrolment{}, fmt.Errorf("accounts: rebuild a secret's address: %w", err)
	}
	return Enrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// ConfirmEnrolment switches two-factor sign-in on when code is the current
// code of the set-up in progress, and returns the account's recovery
// codes: the only time anyone sees them, since only their hashes are kept.
// The code's time step counts as used. A wrong code, or no set-up in
// progress, is ErrBadCode; failures are throttled as VerifySecondFactor's.
func (m *Manager) ConfirmEnrolment(ctx context.Context, accountID, code, remoteAddr string) ([]string, error) {
	var codes []string
	err := m.guard(ctx, accountID, remoteAddr, func(now time.Time) (bool, error) {
		tf, err := m.store.TwoFactor(ctx, accountID)
		if errors.Is(err, standards.ErrNotFound) || (err == nil && tf.Enabled) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		step, ok := totpStep(tf.Secret, code, now, tf.LastStep)
		if !ok {
			return false, nil
		}
		var hashes []string
		codes, hashes = newRecoveryCodes()
		err = m.store.EnableTwoFactor(ctx, accountID, tf.Secret, step, hashes)
		if errors.Is(err, standards.ErrConflict) {
			return false, nil // another request switched it on, or began afresh
		}
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// ImportTwoFactor switches two-factor sign-in on with a secret the
// person's authenticator app holds already (from an earlier platform, or
// the demo's made-up data), without asking for a code, and returns new
// recovery codes. The secret is base32, of at least 128 bits. It is
// standards.ErrConflict when the account has two-factor sign-in on.
func (m *Manager) ImportTwoFactor(ctx context.Context, accountID, secret string) ([]string, error) {
	raw, err := decodeSecret(secret)
	if err != nil {
		return nil, err
	}
	if len(raw) < minSecretBytes {
		return nil, fmt.Errorf("accounts: a secret needs at least %d bits, this one has %d", minSecretBytes*8, len(raw)*8)
	}
	normal := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw)
	if err := m.store.BeginTwoFactor(ctx, accountID, normal, ""); err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	if err := m.store.EnableTwoFactor(ctx, accountID, normal, 0, hashes); err != nil {
		return nil, err
	}
	return codes, nil
}

// VerifySecondFactor is the second step of signing in: code is either the
// six digits the authenticator app shows now, or one of the account's
// recovery codes, which is then used up. recovery says which it was.
//
// A code is good for its own 30 seconds and the 30 seconds either side
// (for a phone's clock a little off), but only once: a code of a time step
// no later than the last one accepted is refused, so a code seen over
// someone's shoulder cannot be used again. Every failure is ErrBadCode.
// After five failures within fifteen minutes for the account it answers
// ErrThrottled without checking, as SignIn does. A failure counts against
// the address too, but the address's limit does not refuse a code: see
// guard.
func (m *Manager) VerifySecondFactor(ctx context.Context, accountID, code, remoteAddr string) (recovery bool, err error) {
	err = m.guard(ctx, accountID, remoteAddr, func(now time.Time) (bool, error) {
		r, ok, err := m.checkCode(ctx, accountID, code, now)
		recovery = r
		return ok, err
	})
	return recovery, err
}

// DisableTwoFactor switches two-factor sign-in off, and forgets the secret
// and the recovery codes, when code is a current code or an unused
// recovery code (so that someone who lost their phone can switch it off,
// and set it up again on a new one). Failures are as VerifySecondFactor's.
func (m *Manager) DisableTwoFactor(ctx context.Context, accountID, code, remoteAddr string) error {
	return m.guard(ctx, accountID, remoteAddr, func(now time.Time) (bool, error) {
		_, ok, err := m.checkCode(ctx, accountID, code, now)
		if !ok || err != nil {
			return false, err
		}
		return true, m.store.RemoveTwoFactor(ctx, accountID)
	})
}

// RegenerateRecoveryCodes makes new recovery codes in place of the old
// ones, when code is a current code or an unused recovery code, and
// returns them: the only time anyone sees them. Failures are as
// VerifySecondFactor's.
func (m *Manager) RegenerateRecoveryCodes(ctx context.Context, accountID, code, remoteAddr string) ([]string, error) {
	var codes []string
	err := m.guard(ctx, accountID, remoteAddr, func(now time.Time) (bool, error) {
		_, ok, err := m.checkCode(ctx, accountID, code, now)
		if !ok || err != nil {
			return false, err
		}
		var hashes []string
		codes, hashes = newRecoveryCodes()
		return true, m.store.ReplaceRecoveryCodes(ctx, accountID, hashes)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// guard runs one check of a code under the throttle: ErrThrottled without
// running it when the account's second factor has failed five times in
// fifteen minutes; ErrBadCode when it reports false. A failure counts
// against the account's second factor and against the address; the
// address's own limit does not refuse a code, since a right password from a
// throttled address is let on to its code (see SignIn), and the account's
// limit bounds the guesses. A failure of the store is not the person's, so
// it does not count against them.
func (m *Manager) guard(ctx context.Context, accountID, remoteAddr string, check func(now time.Time) (bool, error)) (err error) {
	now := m.now()
	keys := []string{codeKey(accountID)}
	if remoteAddr != "" {
		keys = append(keys, addressKey(remoteAddr))
	}
	over, err := m.limits.begin(ctx, now, keys...)
	if err != nil {
		return err
	}
	failed := false
	defer func() { err = m.endAttempt(ctx, now, failed, err, keys) }()
	if over[0] {
		return ErrThrottled
	}
	ok, err := check(now)
	if err != nil {
		return fmt.Errorf("accounts: check a code of account %s: %w", accountID, err)
	}
	if !ok {
		failed = true
		return ErrBadCode
	}
	return m.limits.clear(ctx, keys[0])
}

// checkCode checks a code against an account's second factor, and uses it
// up: six digits are a TOTP code, anything else a recovery code.
func (m *Manager) checkCode(ctx context.Context, accountID, code string, now time.Time) (recovery, ok bool, err error) {
	tf, err := m.store.TwoFactor(ctx, accountID)
	if errors.Is(err, standards.ErrNotFound) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	if !tf.Enabled {
		return false, false, nil
	}
	code = strings.Map(dropSpace, code) // apps show "123 456"
	if isSixDigits(code) {
		step, ok := totpStep(tf.Secret, code, now, tf.LastStep)
		if !ok {
			return false, false, nil
		}
		// Another request may have used this step since we read LastStep:
		// the store's compare-and-set decides.
		used, err := m.store.UseTimeStep(ctx, accountID, step)
		return false, used, err
	}
	normal, valid := normaliseRecoveryCode(code)
	if !valid {
		return true, false, nil
	}
	used, err := m.store.UseRecoveryCode(ctx, accountID, hashRecoveryCode(normal))
	return true, used, err
}

// totpStep finds the time step, later than last, whose code is code: now's,
// or the one before or after it, for a phone whose clock is a little off
// (RFC 6238 section 5.2). pquerna/otp computes each step's code.
func totpStep(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.Map(dropSpace, code)
	if !isSixDigits(code) {
		return 0, false
	}
	for _, d := range []time.Duration{0, -totpPeriod * time.Second, totpPeriod * time.Second} {
		t := now.Add(d)
		step := t.Unix() / totpPeriod
		if step <= last {
			continue
		}
		if ok, err := totp.ValidateCustom(code, secret, t, totpOptions); err == nil && ok {
			return step, true
		}
	}
	return 0, false
}

func isSixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func dropSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

// decodeSecret reads a base32 secret however it was written: any case,
// with or without spaces and padding.
func decodeSecret(secret string) ([]byte, error) {
	s := strings.TrimRight(strings.ToUpper(strings.Map(dropSpace, secret)), "=")
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("accounts: a secret is base32: %w", err)
	}
	return raw, nil
}

// A recovery code is 80 random bits in 16 characters of the ids' alphabet
// (Crockford's base32), shown in groups of four: abcd-efgh-jkmn-pqrs.
const recoveryCodeLength = 16

// newRecoveryCodes makes a set of recovery codes, and the hashes to keep.
func newRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		var b [10]byte
		_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
		s := idEncoding.EncodeToString(b[:])
		codes = append(codes, s[0:4]+"-"+s[4:8]+"-"+s[8:12]+"-"+s[12:16])
		hashes = append(hashes, hashRecoveryCode(s))
	}
	return codes, hashes
}

// normaliseRecoveryCode reads a recovery code as a person may type it: any
// case, with or without the hyphens, with O for 0 and I or L for 1 (the
// letters Crockford's alphabet leaves out for that reason).
func normaliseRecoveryCode(code string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		switch r {
		case '-':
			continue
		case 'o':
			r = '0'
		case 'i', 'l':
			r = '1'
		}
		if !strings.ContainsRune(idAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	return b.String(), b.Len() == recoveryCodeLength
}

// hashRecoveryCode is the SHA-256 of a normalised recovery code. A fast
// hash is enough, unlike for passwords: a code is 80 random bits, which no
// amount of guessing at a stolen hash will find, so argon2's cost would
// buy nothing.
func hashRecoveryCode(normal string) string {
	sum := sha256.Sum256([]byte(normal))
	return hex.EncodeToString(sum[:])
}

// codeKey is the throttle's key for the codes given for an account.
func codeKey(accountID string) string { return codeKeyPrefix + accountID }

// codeKeyPrefix starts the throttle's keys for second factors.
const codeKeyPrefix = "code:"
