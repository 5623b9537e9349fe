package standards_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/eops/eops/standards"
)

// A host routes on an error's code and reason, and words it in its own
// language from a catalogue that starts from the library's English.
func ExampleTranslate() {
	ctx := context.Background()
	svc := exampleService()
	in := standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy",
		FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	}
	_, err := svc.RegisterCentre(ctx, standards.Actor{Email: "ada@riverside.sch.uk"}, in)
	if err != nil {
		panic(err)
	}
	_, err = svc.RegisterCentre(ctx, standards.Actor{Email: "bo@riverside.sch.uk"}, in)
	fmt.Println(standards.ErrorCode(err), standards.ErrorReason(err), errors.Is(err, standards.ErrConflict))

	cy := standards.English()
	cy["reason.centre_already_registered"] = "Mae canolfan {{.centre_number}} eisoes wedi cofrestru ar gyfer {{.year}}"
	fmt.Println(standards.Translate(err, cy))

	in.CentreNumber = "12 34"
	_, err = svc.RegisterCentre(ctx, standards.Actor{Email: "bo@riverside.sch.uk"}, in)
	var invalid *standards.ValidationError
	if errors.As(err, &invalid) {
		for _, f := range invalid.Fields {
			fmt.Println(f.Field, f.Code, f.Params["example"], "|", f.Text(cy))
		}
	}
	// Output:
	// conflict centre_already_registered true
	// Mae canolfan 12345 eisoes wedi cofrestru ar gyfer 2025/26
	// centre_number invalid_format 12345 | write this like 12345
}
