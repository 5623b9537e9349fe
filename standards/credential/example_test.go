package credential_test

import (
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/credential"
)

func Example() {
	// The operator's key; a real host loads it from its secret store.
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	iss := credential.Issuer{
		ID:    "https://eops.example/issuer",
		Name:  "National Association of Examinations Officers",
		Key:   key,
		KeyID: "https://eops.example/issuer/keys/1",
	}
	cert := standards.Certificate{
		Serial:           "EOPS-2526-7K3M-Q9XB",
		VerificationCode: "ABCD-EFGH-JKMN-PQRS-TVWX",
		HolderName:       "Ada Lovelace",
		CentreName:       "Riverside Academy",
		CentreNumber:     "12345",
		Year:             2025,
		IssuedAt:         time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC),
	}

	token, err := credential.Issue(cert, iss, credential.WithVerificationURL("https://eops.example/verify?code="))
	if err != nil {
		fmt.Println(err)
		return
	}

	// A new employer needs only the public key.
	claims, err := credential.Verify(token, key.Public().(ed25519.PublicKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(claims.Type)
	fmt.Println(claims.HolderName())
	fmt.Println(claims.CredentialSubject.Achievement.Name)
	fmt.Println(claims.CredentialSubject.Source.Name)
	fmt.Println(claims.ValidFrom.Format(time.RFC3339))
	fmt.Println(claims.ID)
	// Output:
	// [VerifiableCredential OpenBadgeCredential]
	// Ada Lovelace
	// Exams Officer Professional Standards 2025/26
	// Riverside Academy
	// 2026-03-14T10:30:00Z
	// https://eops.example/verify?code=ABCD-EFGH-JKMN-PQRS-TVWX
}
