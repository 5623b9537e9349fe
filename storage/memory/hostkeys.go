package memory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/eops/eops/standards"
)

// Host keys, by id; their hashes are unique.

func (t *tx) CreateHostKey(_ context.Context, k standards.HostKey) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.hostKeys[k.ID]; ok {
		return taken("host key", k.ID)
	}
	for _, other := range t.d.hostKeys {
		if other.Hash == k.Hash {
			return taken("host key hash", "")
		}
	}
	k.Centres = slices.Clone(k.Centres) // the caller's slice is not the store's
	put(t, t.d.hostKeys, k.ID, k)
	return nil
}

func (t *tx) HostKey(_ context.Context, id string) (standards.HostKey, error) {
	k, err := get(t.d.hostKeys, id, "host key")
	k.Centres = slices.Clone(k.Centres)
	return k, err
}

func (t *tx) HostKeyByHash(_ context.Context, hash string) (standards.HostKey, error) {
	for _, k := range t.d.hostKeys {
		if k.Hash == hash {
			k.Centres = slices.Clone(k.Centres)
			return k, nil
		}
	}
	return standards.HostKey{}, standards.ErrNotFound
}

func (t *tx) HostKeys(_ context.Context) ([]standards.HostKey, error) {
	keys := sorted(t.d.hostKeys, func(standards.HostKey) bool { return true }, func(a, b standards.HostKey) int {
		return cmp.Or(b.IssuedAt.Compare(a.IssuedAt), cmp.Compare(a.ID, b.ID))
	})
	for i := range keys {
		keys[i].Centres = slices.Clone(keys[i].Centres)
	}
	return keys, nil
}

func (t *tx) RevokeHostKey(_ context.Context, id string, at time.Time) error {
	if err := t.writable(); err != nil {
		return err
	}
	k, err := get(t.d.hostKeys, id, "host key")
	if err != nil {
		return err
	}
	k.RevokedAt = at
	put(t, t.d.hostKeys, id, k)
	return nil
}
