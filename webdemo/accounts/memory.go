package accounts

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/eops/eops/standards"
)

// MemoryStore is a Store held in memory, for tests and demos whose accounts
// need not outlive the process.
type MemoryStore struct {
	mu      sync.RWMutex
	byID    map[string]Account
	byEmail map[string]string // e-mail → id
	// second maps an account id to its second factor (RecoveryCodes
	// unused), codes to its recovery codes' hashes.
	second map[string]TwoFactor
	codes  map[string]map[string]bool
	// tokens are the confirmation links, by hash.
	tokens map[string]SignUpToken
	// resets are the password reset links, by hash.
	resets map[string]ResetToken
	// emails are the links to confirm a new address, by hash.
	emails map[string]EmailToken
	// sessions are the sessions, by the hash of their id.
	sessions map[string]StoredSession
	// events are the counted events' times, by kind and key, in the order
	// they were added.
	events map[eventKey][]time.Time
}

type eventKey struct{ kind, key string }

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		byID: map[string]Account{}, byEmail: map[string]string{},
		second: map[string]TwoFactor{}, codes: map[string]map[string]bool{},
		tokens: map[string]SignUpToken{}, resets: map[string]ResetToken{},
		emails: map[string]EmailToken{}, sessions: map[string]StoredSession{},
		events: map[eventKey][]time.Time{},
	}
}

// Create implements Store.
func (s *MemoryStore) Create(_ context.Context, a Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byEmail[a.Email]; ok {
		return fmt.Errorf("%w: an account with this e-mail address already exists", standards.ErrConflict)
	}
	if _, ok := s.byID[a.ID]; ok {
		return fmt.Errorf("%w: account id %s is taken", standards.ErrConflict, a.ID)
	}
	s.byID[a.ID] = a
	s.byEmail[a.Email] = a.ID
	return nil
}

// ByEmail implements Store.
func (s *MemoryStore) ByEmail(_ context.Context, email string) (Account, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if id, ok := s.byEmail[email]; ok {
		return s.byID[id], nil
	}
	return Account{}, fmt.Errorf("account %s: %w", email, standards.ErrNotFound)
}

// ByID implements Store.
func (s *MemoryStore) ByID(_ context.Context, id string) (Account, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a, ok := s.byID[id]; ok {
		return a, nil
	}
	return Account{}, fmt.Errorf("account %s: %w", id, standards.ErrNotFound)
}

// AddSignUpToken implements Store.
func (s *MemoryStore) AddSignUpToken(_ context.Context, t SignUpToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[t.AccountID]; !ok {
		return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
	}
	if _, ok := s.tokens[t.Hash]; ok {
		return fmt.Errorf("%w: the token is taken", standards.ErrConflict)
	}
	s.tokens[t.Hash] = t
	return nil
}

// SignUpToken implements Store.
func (s *MemoryStore) SignUpToken(_ context.Context, hash string) (SignUpToken, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.tokens[hash]
	if !ok {
		return SignUpToken{}, fmt.Errorf("sign-up token: %w", standards.ErrNotFound)
	}
	return t, nil
}

// ConfirmAccount implements Store.
func (s *MemoryStore) ConfirmAccount(_ context.Context, hash string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[hash]
	if !ok {
		return fmt.Errorf("sign-up token: %w", standards.ErrNotFound)
	}
	if !t.UsedAt.IsZero() || !at.Before(t.ExpiresAt) {
		return fmt.Errorf("%w: the link is used or expired", standards.ErrConflict)
	}
	a, ok := s.byID[t.AccountID]
	if !ok {
		return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
	}
	a.Name, a.PasswordHash, a.Confirmed = t.Name, t.PasswordHash, true
	s.byID[a.ID] = a
	for h, other := range s.tokens {
		if other.AccountID == a.ID && h != hash {
			delete(s.tokens, h)
		}
	}
	t.UsedAt = at.UTC().Truncate(time.Second)
	s.tokens[hash] = t
	return nil
}

// AddResetToken implements Store.
func (s *MemoryStore) AddResetToken(_ context.Context, t ResetToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[t.AccountID]; !ok {
		return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
	}
	if _, ok := s.resets[t.Hash]; ok {
		return fmt.Errorf("%w: the token is taken", standards.ErrConflict)
	}
	s.resets[t.Hash] = t
	return nil
}

// ResetToken implements Store.
func (s *MemoryStore) ResetToken(_ context.Context, hash string) (ResetToken, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.resets[hash]
	if !ok {
		return ResetToken{}, fmt.Errorf("reset token: %w", standards.ErrNotFound)
	}
	return t, nil
}

// ResetPassword implements Store.
func (s *MemoryStore) ResetPassword(_ context.Context, hash, passwordHash string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.resets[hash]
	if !ok {
		return fmt.Errorf("reset token: %w", standards.ErrNotFound)
	}
	if !t.UsedAt.IsZero() || !at.Before(t.ExpiresAt) {
		return fmt.Errorf("%w: the link is used or expired", standards.ErrConflict)
	}
	a, ok := s.byID[t.AccountID]
	if !ok {
		return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
	}
	a.PasswordHash = passwordHash
	s.byID[a.ID] = a
	for h, other := range s.resets {
		if other.AccountID == a.ID && h != hash {
			delete(s.resets, h)
		}
	}
	for h, ss := range s.sessions {
		if ss.AccountID == a.ID {
			delete(s.sessions, h)
		}
	}
	t.UsedAt = at.UTC().Truncate(time.Second)
	s.resets[hash] = t
	return nil
}

// AddEmailToken implements Store.
func (s *MemoryStore) AddEmailToken(_ context.Context, t EmailToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[t.AccountID]; !ok {
		return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
	}
	if _, ok := s.emails[t.Hash]; ok {
		return fmt.Errorf("%w: the token is taken", standards.ErrConflict)
	}
	s.emails[t.Hash] = t
	return nil
}

// EmailToken implements Store.
func (s *MemoryStore) EmailToken(_ context.Context, hash string) (EmailToken, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.emails[hash]
	if !ok {
		return EmailToken{}, fmt.Errorf("e-mail token: %w", standards.ErrNotFound)
	}
	return t, nil
}

// ChangeEmail implements Store.
func (s *MemoryStore) ChangeEmail(_ context.Context, hash string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.emails[hash]
	if !ok {
		return fmt.Errorf("e-mail token: %w", standards.ErrNotFound)
	}
	if !t.UsedAt.IsZero() || !at.Before(t.ExpiresAt) {
		return fmt.Errorf("%w: the link is used or expired", standards.ErrConflict)
	}
	if _, taken := s.byEmail[t.Email]; taken {
		return fmt.Errorf("%w: an account with this e-mail address already exists", standards.ErrConflict)
	}
	a, ok := s.byID[t.AccountID]
	if !ok {
		return fmt.Errorf("account %s: %w", t.AccountID, standards.ErrNotFound)
	}
	delete(s.byEmail, a.Email)
	a.Email = t.Email
	s.byID[a.ID] = a
	s.byEmail[a.Email] = a.ID
	for h, other := range s.emails {
		if other.AccountID == a.ID && h != hash {
			delete(s.emails, h)
		}
	}
	t.UsedAt = at.UTC().Truncate(time.Second)
	s.emails[hash] = t
	return nil
}

// TwoFactor implements Store.
func (s *MemoryStore) TwoFactor(_ context.Context, accountID string) (TwoFactor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	tf, ok := s.second[accountID]
	if !ok {
		return TwoFactor{}, fmt.Errorf("second factor of account %s: %w", accountID, standards.ErrNotFound)
	}
	tf.RecoveryCodes = len(s.codes[accountID])
	return tf, nil
}

// BeginTwoFactor implements Store.
func (s *MemoryStore) BeginTwoFactor(_ context.Context, accountID, secret, sessionHash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[accountID]; !ok {
		return fmt.Errorf("account %s: %w", accountID, standards.ErrNotFound)
	}
	if s.second[accountID].Enabled {
		return fmt.Errorf("%w: two-factor sign-in is on already", standards.ErrConflict)
	}
	s.second[accountID] = TwoFactor{Secret: secret, SetUpBy: sessionHash}
	delete(s.codes, accountID)
	return nil
}

// EnableTwoFactor implements Store.
func (s *MemoryStore) EnableTwoFactor(_ context.Context, accountID, secret string, step int64, recoveryHashes []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tf, ok := s.second[accountID]
	if !ok || tf.Enabled || tf.Secret != secret {
		return fmt.Errorf("%w: no set-up of this secret is in progress", standards.ErrConflict)
	}
	s.second[accountID] = TwoFactor{Secret: secret, Enabled: true, LastStep: step}
	s.codes[accountID] = hashSet(recoveryHashes)
	return nil
}

// RemoveTwoFactor implements Store.
func (s *MemoryStore) RemoveTwoFactor(_ context.Context, accountID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.second, accountID)
	delete(s.codes, accountID)
	return nil
}

// UseTimeStep implements Store.
func (s *MemoryStore) UseTimeStep(_ context.Context, accountID string, step int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tf, ok := s.second[accountID]
	if !ok || !tf.Enabled || step <= tf.LastStep {
		return false, nil
	}
	tf.LastStep = step
	s.second[accountID] = tf
	return true, nil
}

// ReplaceRecoveryCodes implements Store.
func (s *MemoryStore) ReplaceRecoveryCodes(_ context.Context, accountID string, recoveryHashes []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.second[accountID].Enabled {
		return fmt.Errorf("two-factor sign-in of account %s: %w", accountID, standards.ErrNotFound)
	}
	s.codes[accountID] = hashSet(recoveryHashes)
	return nil
}

// UseRecoveryCode implements Store.
func (s *MemoryStore) UseRecoveryCode(_ context.Context, accountID, hash string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.codes[accountID][hash] {
		return false, nil
	}
	delete(s.codes[accountID], hash)
	return true, nil
}

func hashSet(hashes []string) map[string]bool {
	set := make(map[string]bool, len(hashes))
	for _, h := range hashes {
		set[h] = true
	}
	return set
}

// AddSession implements Store.
func (s *MemoryStore) AddSession(_ context.Context, ss StoredSession) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sessions[ss.Hash]; ok {
		return fmt.Errorf("%w: the session id is taken", standards.ErrConflict)
	}
	s.sessions[ss.Hash] = ss
	return nil
}

// SessionByHash implements Store.
func (s *MemoryStore) SessionByHash(_ context.Context, hash string) (StoredSession, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ss, ok := s.sessions[hash]
	if !ok {
		return StoredSession{}, fmt.Errorf("session: %w", standards.ErrNotFound)
	}
	return ss, nil
}

// SessionWithAccount implements Store.
func (s *MemoryStore) SessionWithAccount(_ context.Context, hash string) (StoredSession, Account, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ss, ok := s.sessions[hash]
	if !ok {
		return StoredSession{}, Account{}, fmt.Errorf("session: %w", standards.ErrNotFound)
	}
	return ss, s.byID[ss.AccountID], nil
}

// TouchSession implements Store.
func (s *MemoryStore) TouchSession(_ context.Context, hash string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss, ok := s.sessions[hash]; ok {
		ss.LastSeen = at
		s.sessions[hash] = ss
	}
	return nil
}

// DeleteSession implements Store.
func (s *MemoryStore) DeleteSession(_ context.Context, hash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, hash)
	return nil
}

// DeleteSessionsOf implements Store.
func (s *MemoryStore) DeleteSessionsOf(_ context.Context, accountID, keep string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for h, ss := range s.sessions {
		if ss.AccountID == accountID && h != keep {
			delete(s.sessions, h)
		}
	}
	return nil
}

// DeleteSessionsBefore implements Store.
func (s *MemoryStore) DeleteSessionsBefore(_ context.Context, seen, started, halfStarted time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for h, ss := range s.sessions {
		if ss.LastSeen.Before(seen) || ss.Created.Before(started) || (ss.Half && ss.Created.Before(halfStarted)) {
			delete(s.sessions, h)
		}
	}
	return nil
}

// CountSince implements Store.
func (s *MemoryStore) CountSince(_ context.Context, kind string, keys []string, since time.Time) ([]int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := make([]int, len(keys))
	for i, k := range keys {
		for _, at := range s.events[eventKey{kind, k}] {
			if at.After(since) {
				n[i]++
			}
		}
	}
	return n, nil
}

// AddEvents implements Store.
func (s *MemoryStore) AddEvents(_ context.Context, kind string, keys []string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		s.events[eventKey{kind, k}] = append(s.events[eventKey{kind, k}], at)
	}
	return nil
}

// ClearEvents implements Store.
func (s *MemoryStore) ClearEvents(_ context.Context, kind, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.events, eventKey{kind, key})
	return nil
}

// AdmitEvent implements Store.
func (s *MemoryStore) AdmitEvent(_ context.Context, kind, key string, at, since time.Time, max int) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.events[eventKey{kind, key}] {
		if t.After(since) {
			n++
		}
	}
	if n >= max {
		return false, nil
	}
	s.events[eventKey{kind, key}] = append(s.events[eventKey{kind, key}], at)
	return true, nil
}

// DeleteEventsBefore implements Store.
func (s *MemoryStore) DeleteEventsBefore(_ context.Context, before time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, ts := range s.events {
		kept := ts[:0]
		for _, t := range ts {
			if t.After(before) {
				kept = append(kept, t)
			}
		}
		if len(kept) == 0 {
			delete(s.events, k)
		} else {
			s.events[k] = kept
		}
	}
	return nil
}
