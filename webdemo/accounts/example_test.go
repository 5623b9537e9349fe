package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/eops/eops/webdemo/accounts"
)

// A person signs up, signs in and gets a session; later requests carry its
// cookie.
func Example() {
	ctx := context.Background()
	m := accounts.New(accounts.NewMemoryStore())

	if _, err := m.SignUp(ctx, "Ada@School.org.uk", "Ada Lovelace", "correct horse battery staple"); err != nil {
		fmt.Println(err)
		return
	}
	_, err := m.SignIn(ctx, "ada@school.org.uk", "wrong horse battery staple", "192.0.2.1:51000")
	fmt.Println(errors.Is(err, accounts.ErrBadCredentials))

	a, err := m.SignIn(ctx, "ada@school.org.uk", "correct horse battery staple", "192.0.2.1:51000")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := m.StartSession(a.ID)
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
		fmt.Printf("%+v\n", who.Actor())
	}
	// Output:
	// true
	// {Email:ada@school.org.uk Name:Ada Lovelace ExternalID: Operator:false}
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
