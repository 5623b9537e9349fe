// Package apicheck holds the module's checks of its public API, such as
// the rule that every exported identifier has a doc comment. The checks
// are tests; the package has no code of its own used at run time.
package apicheck
