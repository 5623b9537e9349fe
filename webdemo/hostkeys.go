package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// hostKeys is the operator's command line for the JSON API's host keys
// (-issue-host-key, with -operator-key for an operator key;
// -revoke-host-key, -host-keys): the demo has no page for them yet, and no
// key, an operator key neither, issues or revokes keys over HTTP. Each
// acts as the -operator, whose right the Service checks.
func hostKeys(ctx context.Context, svc *standards.Service, cfg settings, now time.Time, out io.Writer) error {
	if cfg.operator == "" {
		return errors.New("host keys are the operator's: give -operator")
	}
	op := standards.Actor{Email: cfg.operator, Operator: true}
	switch {
	case cfg.issueHostKey != "":
		req := standards.HostKeyRequest{Name: cfg.issueHostKey, AllCentres: cfg.hostKeyCentres == "",
			ExpiresAt: now.Add(time.Duration(cfg.hostKeyDays) * 24 * time.Hour), Operator: cfg.operatorKey}
		if cfg.hostKeyCentres != "" {
			req.Centres = strings.Split(cfg.hostKeyCentres, ",")
		}
		k, secret, err := svc.IssueHostKey(ctx, op, req)
		if err != nil {
			return fmt.Errorf("-issue-host-key: %w", err)
		}
		fmt.Fprintf(out, "host key %s issued: %q, %s, until %s\n", k.ID, k.Name, scope(k), k.ExpiresAt.Format(time.RFC3339))
		fmt.Fprintf(out, "its secret, shown this once and kept nowhere:\n%s\n", secret)
	case cfg.revokeHostKey != "":
		k, err := svc.RevokeHostKey(ctx, op, cfg.revokeHostKey)
		if err != nil {
			return fmt.Errorf("-revoke-host-key: %w", err)
		}
		fmt.Fprintf(out, "host key %s (%q) revoked at %s\n", k.ID, k.Name, k.RevokedAt.Format(time.RFC3339))
	default:
		keys, err := svc.HostKeys(ctx, op)
		if err != nil {
			return fmt.Errorf("-host-keys: %w", err)
		}
		for _, k := range keys {
			state := "in force"
			switch {
			case !k.RevokedAt.IsZero():
				state = "revoked " + k.RevokedAt.Format(time.RFC3339)
			case !k.InForce(now):
				state = "expired"
			}
			fmt.Fprintf(out, "%s  %q  %s  until %s  %s\n", k.ID, k.Name, scope(k), k.ExpiresAt.Format(time.RFC3339), state)
		}
	}
	return nil
}

func scope(k standards.HostKey) string {
	if k.Operator {
		return "all centres, an operator key (its calls act as the operator)"
	}
	if k.AllCentres {
		return "all centres"
	}
	ns := make([]string, len(k.Centres))
	for i, n := range k.Centres {
		ns[i] = string(n)
	}
	return "centres " + strings.Join(ns, ",")
}
