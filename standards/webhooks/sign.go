package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// Sign returns the webhook-signature header of a message: "v1," and the
// base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body), where key
// is the bytes the secret's base64 (after "whsec_") encodes and timestamp
// the Unix seconds of at, as webhook-timestamp carries them.
func Sign(secret, id string, at time.Time, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, standards.WebhookSecretPrefix))
	if err != nil || len(key) == 0 {
		return "", errors.New("webhooks: a secret is whsec_ and the base64 of its key")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(at.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}
