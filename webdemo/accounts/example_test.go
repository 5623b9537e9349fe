package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/eops/eops/webdemo/accounts"
)

// A person signs up, follows the link the host e-mailed them, signs in and
// gets a session; later requests carry its cookie.
func Example() {
	ctx := context.Background()
	m := accounts.New(accounts.NewMemoryStore())

	sent, err := m.SignUp(ctx, "Ada@School.org.uk", "Ada Lovelace", "correct horse battery staple", "192.0.2.1:51000")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The host e-mails sent.Token, in a link, to sent.Email. Until the
	// link is followed, the account cannot sign in.
	_, err = m.SignIn(ctx, "ada@school.org.uk", "correct horse battery staple", "192.0.2.1:51000")
	fmt.Println(errors.Is(err, accounts.ErrUnconfirmed))
	if _, err := m.Confirm(ctx, sent.Token, "correct horse battery staple", "192.0.2.1:51000"); err != nil {
		fmt.Println(err)
		return
	}

	_, err = m.SignIn(ctx, "ada@school.org.uk", "wrong horse battery staple", "192.0.2.1:51000")
	fmt.Println(errors.Is(err, accounts.ErrBadCredentials))

	a, err := m.SignIn(ctx, "ada@school.org.uk", "correct horse battery staple", "192.0.2.1:51000")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := m.StartSession(context.Background(), a.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := httptest.NewRecorder()
	m.SetSessionCookie(w, httptest.NewRequest(http.MethodPost, "/sign-in", nil), s)

	next := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, c := range w.Result().Cookies() {
		next.AddCookie(c)
	}
	if _, who, ok := m.SessionFromRequest(next); ok {
		a := who.Actor()
		fmt.Printf("%s (%s), operator: %t\n", a.Email, a.Name, a.Operator)
	}
	// Output:
	// true
	// true
	// ada@school.org.uk (Ada Lovelace), operator: false
}

func ExampleValidatePassword() {
	for _, p := range []string{"hunter2", "iloveyou1", "correct horse battery staple"} {
		fmt.Printf("%q: %v\n", p, accounts.ValidatePassword(p))
	}
	// Output:
	// "hunter2": invalid input: password: use at least 8 characters
	// "iloveyou1": invalid input: password: this password is one of the most common; choose another
	// "correct horse battery staple": <nil>
}

// A person with two-factor sign-in on gives a code from their app after
// the password; the same code a second time is refused.
func ExampleManager_VerifySecondFactor() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	m := accounts.New(accounts.NewMemoryStore(), accounts.WithClock(func() time.Time { return now }))
	a, err := m.CreateAccount(ctx, "ada@school.org.uk", "Ada Lovelace", "correct horse battery staple")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The secret an authenticator app holds (set up with BeginEnrolment
	// and ConfirmEnrolment, or brought from an earlier platform).
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if _, err := m.ImportTwoFactor(ctx, a.ID, secret); err != nil {
		fmt.Println(err)
		return
	}

	code, _ := totp.GenerateCode(secret, now) // what the app shows now
	_, err = m.VerifySecondFactor(ctx, a.ID, code, "192.0.2.1:51000")
	fmt.Println(err)
	_, err = m.VerifySecondFactor(ctx, a.ID, code, "192.0.2.1:51000")
	fmt.Println(err)
	// Output:
	// <nil>
	// that code did not work
}
