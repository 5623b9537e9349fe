// Package certpdf renders a certificate of the Exams Officer Professional
// Standards as a one-page PDF (R-CRT-4): A4 landscape, with the holder's
// name, the standard, the centre's name and number, the academic year, the
// date issued, who claimed it, the serial number, the verification code and
// the address at which anyone can check it (R-CRT-2).
//
//	var buf bytes.Buffer
//	err := certpdf.Render(&buf, cert, "https://eops.example/verify?code="+cert.VerificationCode)
//
// RenderRecord writes a whole standards record as one PDF for the centre's
// exams manual: the certificate page first, when the record has one, then
// the record on A4 portrait pages (targets with their history, meetings,
// support, the CPD log, the statement and its signatures). Overseers'
// private notes never go into it.
//
// It is a leaf package of the module because it needs a dependency that
// the domain must not have: the pure-Go PDF writer codeberg.org/go-pdf/fpdf.
// It draws with the PDF's built-in Helvetica, so no font files are needed.
// Text is written in the Windows-1252 encoding those fonts use, which
// covers £, € and the accented letters of western European names; a
// letter outside it is written without its accent where it has one (ő as o),
// or as ? where it has none. The content is not compressed, so the PDF's
// text can be searched as it is; one page weighs a few kilobytes.
//
// The output is deterministic: the same certificate gives the same bytes,
// with the PDF's creation date set to the date issued.
//
// A revoked certificate renders with a red notice across it saying so and
// when, so that a copy printed after revocation cannot pass for a valid one.
package certpdf
