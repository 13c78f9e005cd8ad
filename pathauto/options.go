package pathauto

import (
	"fmt"
	"unicode/utf8"
)

// DefaultMaxStates is the state limit used when Options.MaxStates is 0.
const DefaultMaxStates = 200000

// DefaultMaxWork is the work limit used when Options.MaxWork is 0: about a second of
// automaton construction, far above what real hosts need.
const DefaultMaxWork = 200_000_000

// Options tune Explore and Compile. The zero value is ready to use.
type Options struct {
	// MaxStates caps the number of product states; 0 means DefaultMaxStates. Exploration
	// stops there and reports Complete=false.
	MaxStates int
	// MaxWork caps the instructions visited while building automaton states and the
	// (pattern, class) steps of the product; 0 means DefaultMaxWork. It bounds the time of
	// pathological patterns whose states are few but huge. Exploration stops there and
	// reports Complete=false.
	MaxWork int64
	// Alphabet is the set of characters paths are made of; empty means DefaultAlphabet().
	// Duplicates are ignored.
	Alphabet []rune
	// Prefix, when set, restricts Explore to paths that start with it (e.g. "/"): the
	// exploration starts in the state reached by Prefix, and the states before it are not
	// reported. Prefix may use characters outside Alphabet. Compile ignores it.
	Prefix string
}

// maxStates returns the effective state limit.
func (o Options) maxStates() int {
	if o.MaxStates == 0 {
		return DefaultMaxStates
	}
	return o.MaxStates
}

// maxWork returns the effective work limit.
func (o Options) maxWork() int64 {
	if o.MaxWork == 0 {
		return DefaultMaxWork
	}
	return o.MaxWork
}

// validate reports the first invalid option.
func (o Options) validate() error {
	if o.MaxStates < 0 {
		return fmt.Errorf("%w: MaxStates is %d, must be 0 (default) or positive", ErrOptions, o.MaxStates)
	}
	if o.MaxWork < 0 {
		return fmt.Errorf("%w: MaxWork is %d, must be 0 (default) or positive", ErrOptions, o.MaxWork)
	}
	for i, r := range o.Alphabet {
		if !utf8.ValidRune(r) {
			return fmt.Errorf("%w: Alphabet[%d] is %U, not a valid character", ErrOptions, i, r)
		}
	}
	if !utf8.ValidString(o.Prefix) {
		return fmt.Errorf("%w: Prefix %q is not valid UTF-8", ErrOptions, o.Prefix)
	}
	return nil
}

// alphabet returns the effective alphabet.
func (o Options) alphabet() []rune {
	if len(o.Alphabet) == 0 {
		return DefaultAlphabet()
	}
	return o.Alphabet
}
