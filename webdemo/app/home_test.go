package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/eops/eops/standards"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestR_REG_12_TheNextYearsToDoFillsTheRegisterFormIn: from June an
// administrator is asked to register the centre for the next year, and the
// task leads to the register form with the year, the centre and their name
// filled in; registered, the task is gone.
func TestR_REG_12_TheNextYearsToDoFillsTheRegisterFormIn(t *testing.T) {
	t.Parallel()
	d := newDemo(t)
	sl := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	assert.Equal(t, toDoList{count: 0, tasks: map[string]string{}}, sl.toDo(), "nothing to do in September")

	d.now = time.Date(2026, time.June, 2, 9, 0, 0, 0, time.UTC)
	todo := sl.toDo()
	assert.Equal(t, 1, todo.count)
	link, ok := todo.tasks["Register the centre for 2026/27, so that its people can join before September"]
	require.True(t, ok, "the administrator's list: %v", todo.tasks)
	assert.Equal(t, "/register?"+url.Values{"centre_name": {"Riverside Academy"}, "centre_number": {"12345"}, "year": {"2026-27"}}.Encode(), link)

	res := sl.get(link)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.Contains(t, res.body, `<option value="2026/27" selected>2026/27</option>`)
	assert.Contains(t, res.body, `id="register-number" name="centre_number" type="text" spellcheck="false" value="12345"`)
	assert.Contains(t, res.body, `id="register-name" name="centre_name" type="text" value="Riverside Academy"`)
	assert.Contains(t, res.body, `id="register-full-name" name="full_name" type="text" spellcheck="false" value="Sam Senior"`)

	res = sl.post("/centres", url.Values{"year": {"2026-27"}, "centre_number": {"12345"}, "centre_name": {"Riverside Academy"}, "full_name": {"Sam Senior"}, "roles": {"SL"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.NotContains(t, sl.toDo().tasks, "Register the centre for 2026/27, so that its people can join before September")
}

// TestARefusedRegistrationShowsTheFormsAgain: someone with a centre this
// year does not have the forms on their home page; a refused form comes
// back on /register with the problem beside it and what they typed.
func TestARefusedRegistrationShowsTheFormsAgain(t *testing.T) {
	t.Parallel()
	d := newDemo(t)
	sl := d.signUp("head@riverside.sch.uk", "Sam Senior")
	res := sl.get("/")
	assert.Contains(t, res.body, `id="register-number"`, "without a centre, the forms are on the home page")
	require.Equal(t, http.StatusOK, sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)
	res = sl.get("/")
	assert.NotContains(t, res.body, `id="register-number"`)
	assert.Contains(t, res.body, `<a class="govuk-link" href="/register">Register a centre, or ask to join one</a>`)

	res = sl.post("/join", url.Values{"which_form": {"join"}, "year": {"2025/26"}, "centre_number": {"12 34"}, "full_name": {"Samuel Senior"}, "roles": {"SL"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, "<h1 class=\"govuk-heading-l\">Register your centre or join one</h1>")
	assert.Contains(t, res.body, `id="join-full-name" name="full_name" type="text" spellcheck="false" value="Samuel Senior"`, "what was typed, not the name held")
	assert.Contains(t, res.body, `id="register-full-name" name="full_name" type="text" spellcheck="false" value="Sam Senior"`, "the other form starts with the name held")
	assert.Contains(t, res.body, `value="12 34"`)
	assert.Contains(t, res.body, `href="#join-number"`, "the summary links to the join form's own input")

	// Register with every field wrong: each summary line links to its own
	// input, the names' alike messages to their own fields.
	res = sl.post("/centres", url.Values{"which_form": {"register"}, "year": {"2025/26"}, "centre_number": {""}, "centre_name": {" "}, "full_name": {" "}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	for _, id := range []string{"register-number", "register-name", "register-full-name", "register-eo"} {
		assert.Contains(t, res.body, `href="#`+id+`"`)
	}
	assert.Contains(t, res.body, `<a href="#register-full-name">Full name: enter a name</a>`)
	assert.Contains(t, res.body, `<a href="#register-name">Centre name: enter a name</a>`)
}

// TestR_PER_3_ARefusedNameComesBackOnTheHomePage: correcting one's name
// with nothing, or too much, shows the home page again with the problem
// beside the name and what was typed, not a page of its own.
func TestR_PER_3_ARefusedNameComesBackOnTheHomePage(t *testing.T) {
	t.Parallel()
	d := newDemo(t)
	sl := d.signUp("head@riverside.sch.uk", "Sam Senior")
	require.Equal(t, http.StatusOK, sl.post("/centres", registerForm("12345", "Riverside Academy", "Sam Senior", "SL")).status)

	res := sl.post("/my-name", url.Values{"full_name": {"   "}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, `<h1 class="govuk-heading-l">What needs doing</h1>`)
	assert.Contains(t, res.body, `<a href="#my_name">`)
	assert.Contains(t, res.body, `id="my_name-error"`)

	tooLong := strings.Repeat("n", standards.MaxNameLength+1)
	res = sl.post("/my-name", url.Values{"full_name": {tooLong}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
	assert.Contains(t, res.body, `value="`+tooLong+`"`, "what was typed is kept")
	assert.Contains(t, res.body, "at most 200 characters")
}
