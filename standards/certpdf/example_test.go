package certpdf_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/certpdf"
)

func ExampleRender() {
	cert := standards.Certificate{
		Serial:           "EOPS-2526-7K3M-Q9XB",
		VerificationCode: "ABCD-EFGH-JKMN-PQRS-TVWX",
		HolderName:       "Ada Lovelace",
		CentreName:       "Riverside Academy",
		CentreNumber:     "12345",
		Year:             2025,
		IssuedAt:         time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC),
		ClaimedByName:    "Olu Overseer",
	}
	var buf bytes.Buffer // or an http.ResponseWriter, with Content-Type application/pdf
	err := certpdf.Render(&buf, cert, "https://eops.example/verify?code="+cert.VerificationCode)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(buf.Bytes()[:8]))
	fmt.Println(bytes.Contains(buf.Bytes(), []byte("(Ada Lovelace)Tj")))
	// Output:
	// %PDF-1.3
	// true
}
