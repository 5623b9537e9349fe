package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
)

// TestClientAddressBehindTrustedProxies: X-Forwarded-For is read only
// when the connection comes from a trusted proxy, and then its rightmost
// hop no trusted proxy holds is the client; whatever a client writes into
// the header itself is never taken.
func TestClientAddressBehindTrustedProxies(t *testing.T) {
	proxies, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.10, 2001:db8:ffff::/48")
	require.NoError(t, err)
	s := &server{}
	WithTrustedProxies(proxies...)(s)
	for _, c := range []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"NoHeaderFromAClient", "198.51.100.7:5000", nil, "198.51.100.7"},
		{"SpoofedByAnUntrustedPeer", "198.51.100.7:5000", []string{"203.0.113.99"}, "198.51.100.7"},
		{"SpoofedByAnUntrustedPeerInTrustedAddresses", "198.51.100.7:5000", []string{"10.0.0.1"}, "198.51.100.7"},
		{"FromTheProxy", "10.1.2.3:5000", []string{"203.0.113.5"}, "203.0.113.5"},
		{"ClientSpoofsLeftOfWhatTheProxyAppends", "10.1.2.3:5000", []string{"1.2.3.4, 203.0.113.5"}, "203.0.113.5"},
		{"TwoProxies", "192.0.2.10:443", []string{"6.6.6.6, 203.0.113.5, 10.9.9.9"}, "203.0.113.5"},
		{"HeaderOverSeveralLines", "10.1.2.3:5000", []string{"6.6.6.6", "203.0.113.5,10.9.9.9"}, "203.0.113.5"},
		{"EveryHopAProxy", "10.1.2.3:5000", []string{"10.4.4.4, 192.0.2.10"}, "10.4.4.4"},
		{"ProxyWithoutHeader", "10.1.2.3:5000", nil, "10.1.2.3"},
		{"GarbageStopsTheWalk", "10.1.2.3:5000", []string{"203.0.113.5, not-an-address, 10.9.9.9"}, "10.9.9.9"},
		{"HopWithAPort", "10.1.2.3:5000", []string{"203.0.113.5:61000"}, "203.0.113.5"},
		{"IPv6Client", "[2001:db8:ffff::1]:443", []string{"2001:db8:1:2::3"}, "2001:db8:1:2::3"},
		{"IPv6HopWithAPort", "[2001:db8:ffff::1]:443", []string{"[2001:db8:1:2::3]:5000"}, "2001:db8:1:2::3"},
		{"MappedIPv4Proxy", "[::ffff:10.1.2.3]:5000", []string{"203.0.113.5"}, "203.0.113.5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/signin", nil)
			r.RemoteAddr = c.remote
			for _, h := range c.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			assert.Equal(t, c.want, s.clientAddress(r))
		})
	}

	t.Run("NoProxiesIgnoresTheHeader", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/signin", nil)
		r.RemoteAddr = "10.1.2.3:5000"
		r.Header.Set("X-Forwarded-For", "203.0.113.5")
		assert.Equal(t, "10.1.2.3", (&server{}).clientAddress(r))
	})
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.0.0.0/8 ,192.0.2.10,,::ffff:192.0.2.11, 2001:db8::/32 ")
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.10/32"),
		netip.MustParsePrefix("192.0.2.11/32"), netip.MustParsePrefix("2001:db8::/32")}, got)
	got, err = ParseTrustedProxies("")
	require.NoError(t, err)
	assert.Empty(t, got)
	for _, bad := range []string{"proxy.example", "10.0.0.0/33", "10.0.0.1:80"} {
		_, err := ParseTrustedProxies(bad)
		assert.ErrorContains(t, err, bad)
	}
}

// countedAddresses is a memory Store that keeps every key counted as a
// failure, by its hash.
type countedAddresses struct {
	*accounts.MemoryStore
	mu     sync.Mutex
	failed map[string]bool
}

func (c *countedAddresses) AddEvents(ctx context.Context, kind string, keys []string, at time.Time) error {
	c.mu.Lock()
	for _, k := range keys {
		c.failed[k] = true
	}
	c.mu.Unlock()
	return c.MemoryStore.AddEvents(ctx, kind, keys, at)
}

func (c *countedAddresses) counted(addr string) bool {
	sum := sha256.Sum256([]byte("addr:" + addr))
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failed[hex.EncodeToString(sum[:])]
}

// TestSignInFailuresCountAgainstTheAddressTheProxyVouchesFor: through the
// whole app, a failed sign-in counts against the address a trusted proxy
// gives in X-Forwarded-For, and against the connection's own address when
// the connection is not from a trusted proxy, whatever its header says: a
// client cannot pick a fresh address for each guess.
func TestSignInFailuresCountAgainstTheAddressTheProxyVouchesFor(t *testing.T) {
	store := &countedAddresses{MemoryStore: accounts.NewMemoryStore(), failed: map[string]bool{}}
	proxies, err := ParseTrustedProxies("10.0.0.0/8")
	require.NoError(t, err)
	h := New(standards.New(memory.New()), WithAccounts(accounts.New(store)), WithTrustedProxies(proxies...))
	signIn := func(remote, xff string) {
		form := url.Values{"email": {"nobody@school.org.uk"}, "password": {"not the password at all"}}
		r := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Equal(t, http.StatusUnauthorized, w.Code, w.Body.String())
	}

	signIn("10.1.2.3:5000", "6.6.6.6, 203.0.113.5")
	assert.True(t, store.counted("203.0.113.5"), "the client the proxy vouches for")
	assert.False(t, store.counted("6.6.6.6"), "not what the client wrote")
	assert.False(t, store.counted("10.1.2.3"), "not the proxy")

	signIn("198.51.100.7:5000", "203.0.113.77")
	assert.True(t, store.counted("198.51.100.7"), "an untrusted peer counts as itself")
	assert.False(t, store.counted("203.0.113.77"), "its X-Forwarded-For is ignored")
}
