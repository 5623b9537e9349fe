package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Host keys: one row each, found by id or by the hash of their secret
// (a unique index).

type hostKeyRow struct {
	bun.BaseModel `bun:"alias:host_key"`
	ID            string    `bun:"id,pk"`
	Name          string    `bun:"name"`
	Hash          string    `bun:"key_hash"`
	AllCentres    bool      `bun:"all_centres"`
	Centres       string    `bun:"centres"` // comma-separated centre numbers
	IssuedAt      time.Time `bun:"issued_at"`
	IssuedBy      string    `bun:"issued_by,nullzero"`
	ExpiresAt     time.Time `bun:"expires_at"`
	RevokedAt     time.Time `bun:"revoked_at,nullzero"`
	Operator      bool      `bun:"operator"`
}

func (r *hostKeyRow) key() standards.HostKey {
	var centres []standards.CentreNumber
	if r.Centres != "" {
		for n := range strings.SplitSeq(r.Centres, ",") {
			centres = append(centres, standards.CentreNumber(n))
		}
	}
	return standards.HostKey{
		ID: r.ID, Name: r.Name, Hash: r.Hash, AllCentres: r.AllCentres, Centres: centres,
		IssuedAt: utc(r.IssuedAt), IssuedBy: r.IssuedBy, ExpiresAt: utc(r.ExpiresAt), RevokedAt: utc(r.RevokedAt),
		Operator: r.Operator,
	}
}

func (t *tx) CreateHostKey(ctx context.Context, k standards.HostKey) error {
	centres := make([]string, len(k.Centres))
	for i, n := range k.Centres {
		centres[i] = string(n)
	}
	return t.insert(ctx, "host_keys", &hostKeyRow{
		ID: k.ID, Name: k.Name, Hash: k.Hash, AllCentres: k.AllCentres, Centres: strings.Join(centres, ","),
		IssuedAt: k.IssuedAt, IssuedBy: k.IssuedBy, ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt,
		Operator: k.Operator,
	})
}

func (t *tx) HostKey(ctx context.Context, id string) (standards.HostKey, error) {
	var row hostKeyRow
	if err := t.one(ctx, t.selectFrom("host_keys", "host_key", &row).Where("id = ?", t.arg(id)), "host key"); err != nil {
		return standards.HostKey{}, err
	}
	return row.key(), nil
}

func (t *tx) HostKeyByHash(ctx context.Context, hash string) (standards.HostKey, error) {
	var row hostKeyRow
	if err := t.one(ctx, t.selectFrom("host_keys", "host_key", &row).Where("key_hash = ?", t.arg(hash)), "host key"); err != nil {
		return standards.HostKey{}, err
	}
	return row.key(), nil
}

func (t *tx) HostKeys(ctx context.Context) ([]standards.HostKey, error) {
	var rows []hostKeyRow
	if err := t.all(ctx, t.selectFrom("host_keys", "host_key", &rows).OrderExpr("issued_at DESC, id ASC")); err != nil {
		return nil, err
	}
	return convert(rows, (*hostKeyRow).key), nil
}

func (t *tx) RevokeHostKey(ctx context.Context, id string, at time.Time) error {
	if _, err := t.HostKey(ctx, id); err != nil {
		return err
	}
	_, err := t.tx.NewUpdate().TableExpr("?", t.table("host_keys")).Set("revoked_at = ?", at).
		Where("id = ?", id).Exec(ctx)
	return translate(err)
}
