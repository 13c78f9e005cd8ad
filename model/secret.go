package model

import "fmt"

// Redacted is what a Secret prints instead of its value.
const Redacted = "<redacted>"

// Secret is a string that may hold a secret value (a token, a key, a header value sent to
// an auth service). It never prints its value: String, GoString, every fmt verb, JSON, YAML
// and text marshalling all give Redacted. Reveal returns the value for the one place that
// needs it (building a synthetic witness).
type Secret string

// String returns Redacted.
func (Secret) String() string { return Redacted }

// GoString returns Redacted quoted, so %#v does not leak either.
func (Secret) GoString() string { return `"` + Redacted + `"` }

// Format prints Redacted for every verb (%s, %v, %q, %x, %d ...).
func (Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", Redacted)
		return
	}
	fmt.Fprint(f, Redacted)
}

// MarshalJSON returns "<redacted>".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText returns <redacted> (used by encoders that honour encoding.TextMarshaler, also
// for map keys).
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// MarshalYAML returns "<redacted>" (go.yaml.in/yaml and gopkg.in/yaml).
func (Secret) MarshalYAML() (any, error) { return Redacted, nil }

// Reveal returns the value. Only witness construction may call it, and only with
// synthetic values.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty (without revealing it).
func (s Secret) IsZero() bool { return s == "" }
