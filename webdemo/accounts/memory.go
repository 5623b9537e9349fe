package accounts

import (
	"context"
	"fmt"
	"sync"

	"github.com/eops/eops/standards"
)

// MemoryStore is a Store held in memory, for tests and demos whose accounts
// need not outlive the process.
type MemoryStore struct {
	mu      sync.RWMutex
	byID    map[string]Account
	byEmail map[string]string // e-mail → id
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{byID: map[string]Account{}, byEmail: map[string]string{}}
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
