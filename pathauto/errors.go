package pathauto

import (
	"errors"
	"fmt"
)

// PatternError is a pattern that regexp/syntax cannot parse or compile, usually PCRE-only syntax
// (lookaround, backreferences, possessive quantifiers) or a repetition that is too large.
type PatternError struct {
	// Index is the position of the pattern in the input list.
	Index   int
	Pattern string
	Err     error
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("path pattern %d %q is not RE2 syntax: %v", e.Index, e.Pattern, e.Err)
}

func (e *PatternError) Unwrap() error { return e.Err }

// ErrOptions is wrapped by every error about Options (negative MaxStates, invalid alphabet runes).
var ErrOptions = errors.New("invalid pathauto options")
