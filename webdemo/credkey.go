package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/eops/eops/standards/credential"
)

// credentialIssuer loads the operator's Ed25519 signing key from path (the
// base64 of its 32-byte seed), making and saving one on first start, and
// names the issuer after the address the app is reached at.
func credentialIssuer(path, publicURL string) (credential.Issuer, error) {
	seed, err := readSeed(path)
	if errors.Is(err, fs.ErrNotExist) {
		seed = make([]byte, ed25519.SeedSize)
		_, _ = rand.Read(seed)
		err = os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(seed)+"\n"), 0o600)
	}
	if err != nil {
		return credential.Issuer{}, fmt.Errorf("credential key %s: %w", path, err)
	}
	base := strings.TrimRight(publicURL, "/")
	return credential.Issuer{
		ID:    base + "/",
		Name:  "Exams Officer Professional Standards (eops demo)",
		URL:   base + "/",
		Key:   ed25519.NewKeyFromSeed(seed),
		KeyID: base + "/.well-known/eops-credential-key.json",
	}, nil
}

func readSeed(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("not the base64 of a %d-byte Ed25519 seed", ed25519.SeedSize)
	}
	return seed, nil
}
