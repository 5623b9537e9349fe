package memory

import (
	"cmp"
	"context"

	"github.com/eops/eops/standards"
)

// Targets.

func (t *tx) CreateTarget(_ context.Context, tg standards.Target) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.targets[tg.ID]; ok {
		return taken("target id", tg.ID)
	}
	put(t, t.d.targets, tg.ID, tg)
	return nil
}

func (t *tx) UpdateTarget(_ context.Context, tg standards.Target) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, err := get(t.d.targets, tg.ID, "target"); err != nil {
		return err
	}
	put(t, t.d.targets, tg.ID, tg)
	return nil
}

func (t *tx) Target(_ context.Context, id string) (standards.Target, error) {
	return get(t.d.targets, id, "target")
}

func (t *tx) Targets(_ context.Context, recordID string) ([]standards.Target, error) {
	return sorted(t.d.targets,
		func(tg standards.Target) bool { return tg.RecordID == recordID },
		func(a, b standards.Target) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}), nil
}

// Target history is an append-only slice, like the audit log, whose index
// is the sequence number less one.

func (t *tx) AppendTargetChange(_ context.Context, changes ...standards.TargetChange) (int64, error) {
	if err := t.writable(); err != nil || len(changes) == 0 {
		return 0, err
	}
	n := len(t.d.targetChanges)
	for i, c := range changes {
		c.Seq = int64(n + i + 1)
		t.d.targetChanges = append(t.d.targetChanges, c)
	}
	t.undo = append(t.undo, func() { t.d.targetChanges = t.d.targetChanges[:n] })
	return int64(len(t.d.targetChanges)), nil
}

func (t *tx) TargetChanges(_ context.Context, recordID string) ([]standards.TargetChange, error) {
	out := []standards.TargetChange{}
	for _, c := range t.d.targetChanges {
		if c.RecordID == recordID {
			out = append(out, c)
		}
	}
	return out, nil
}
