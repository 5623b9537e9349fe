package app

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// The centre's list, worked out before rendering, names each member's
// overseers and those they oversee, flags an exams officer with no
// overseer (R-REG-6), and links a record's tracker only for an
// administrator, the exams officer themselves or one of their overseers.
func TestR_REG_6_CentreListNamesOversightAndLinksTrackersItMayShow(t *testing.T) {
	approved := func(id string, roles ...standards.Role) standards.Registration {
		return standards.Registration{ID: id, Status: standards.StatusApproved, Roles: roles, Year: 2025,
			RequestedAt: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}
	}
	lm := standards.Member{Registration: approved("g-lm", standards.RoleLM), Person: standards.Person{Name: "Lin"}, Oversees: []string{"g-eo"}}
	eo := standards.Member{Registration: approved("g-eo", standards.RoleEO), Person: standards.Person{Name: "Eve"}, Overseers: []string{"g-lm"}, RecordID: "r-eo"}
	alone := standards.Member{Registration: approved("g-alone", standards.RoleEO), Person: standards.Person{Name: "Al"}, RecordID: "r-alone"}
	roster := standards.Roster{Members: []standards.Member{lm, eo, alone}}
	rows := func(me standards.Member, admin bool) []memberRow {
		d := centreData{Roster: roster, Me: me, IsAdmin: admin, Members: roster.Members}
		d.memberRows("/eops")
		return d.Rows
	}
	asLineManager := rows(lm, false)
	assert.Equal(t, "Eve", asLineManager[0].Oversees)
	assert.Equal(t, "Lin", asLineManager[1].OverseenBy)
	assert.False(t, asLineManager[1].NoOverseer)
	assert.True(t, asLineManager[2].NoOverseer)
	assert.Equal(t, "/eops/records/r-eo", asLineManager[1].TrackerURL, "an overseer opens their exams officer's tracker")
	assert.Empty(t, asLineManager[2].TrackerURL, "but not another's")
	assert.Equal(t, "/eops/registrations/g-eo", asLineManager[1].RegistrationURL)
	assert.Equal(t, "/eops/records/r-alone", rows(alone, false)[2].TrackerURL, "an exams officer opens their own")
	assert.Equal(t, "/eops/records/r-alone", rows(standards.Member{}, true)[2].TrackerURL, "an administrator opens every one")
	assert.True(t, rows(lm, true)[0].MayBeMade)
}

// A store still busy after the library's tries is a 503 that says nothing
// was changed, never a conflict someone else caused (issue 19).
func TestABusyStoreIsServiceUnavailable(t *testing.T) {
	p, ok := problemIn(fmt.Errorf("propose: %w", standards.ErrTransient), nil)
	require.True(t, ok)
	assert.Equal(t, http.StatusServiceUnavailable, p.Status)
	assert.Contains(t, strings.Join(p.Messages, " "), "Nothing was changed")
}
