// Package credential exports a certificate of the Exams Officer Professional
// Standards as a signed, machine-verifiable credential (R-CRT-5), so that a
// new employer can check it without asking the platform.
//
// The credential is an Open Badges 3.0 OpenBadgeCredential on the W3C
// Verifiable Credentials Data Model 2.0, secured as a VC-JWT: a JSON Web
// Signature in compact form (header.payload.signature, each part base64url),
// with the header {"alg":"EdDSA","typ":"vc+jwt","kid":...}, signed with the
// operator's Ed25519 key. The payload is the credential itself plus the JWT
// claims iss, jti, sub and nbf, copies of issuer.id, id, credentialSubject.id
// and validFrom.
//
// The holder is named, as on the printed certificate, with the centre
// (credentialSubject.source, with its centre number) and the academic year
// (credentialSubject.term). Nothing else of the record goes in: no e-mail
// address, no internal ids. The credential's id is a urn:uuid, or with
// [WithVerificationURL] the address at which anyone can check the
// certificate by its code; that page, not the credential, says whether the
// operator has since revoked it.
//
// The operator issues:
//
//	iss := credential.Issuer{
//		ID:    "https://eops.example/issuer",
//		Name:  "National Association of Examinations Officers",
//		Key:   key, // ed25519.PrivateKey, kept by the host
//		KeyID: "https://eops.example/issuer/keys/1",
//	}
//	token, err := credential.Issue(cert, iss,
//		credential.WithVerificationURL("https://eops.example/verify?code="))
//
// and publishes the public key as a JWK ([PublicJWK]) at the key id's
// address. Anyone holding the public key checks a token:
//
//	claims, err := credential.Verify(token, pub)
//
// Verify accepts only alg EdDSA and typ vc+jwt, so never "none" nor an HMAC
// made with the public key, and returns the decoded credential.
//
// The package uses only the standard library.
package credential
