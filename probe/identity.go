package probe

import (
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"time"
)

// invalidCredential is the synthetic wrong secret sent by "wrong credentials" probes.
const invalidCredential = "ingress-parity-invalid-credential"

// authorization is the Authorization header value an identity sends ("" for none):
// basic credentials with the password from the environment, a bearer token from a file or
// signed at send time, or a synthetic wrong credential.
func authorization(id *Identity) (string, error) {
	if id == nil {
		return "", nil
	}
	switch id.Kind {
	case "basic":
		pw := invalidCredential
		if !id.Invalid {
			var ok bool
			if pw, ok = os.LookupEnv(id.BasicPasswordEnv); !ok {
				return "", fmt.Errorf("identity basic: environment variable %q is not set", id.BasicPasswordEnv)
			}
		}
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(id.BasicUser+":"+pw)), nil
	case "bearer", "jwt":
		tok := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpbmdyZXNzLXBhcml0eSJ9.aW52YWxpZA" // syntactically a JWT, signed by nobody
		switch {
		case id.Invalid:
		case id.JWT != nil:
			t, err := id.JWT.Sign(time.Now())
			if err != nil {
				return "", fmt.Errorf("identity %s: %w", id.Kind, err)
			}
			tok = t
		default:
			b, err := os.ReadFile(id.BearerTokenFile)
			if err != nil {
				return "", fmt.Errorf("identity %s: %w", id.Kind, err)
			}
			tok = strings.TrimSpace(string(b))
		}
		return "Bearer " + tok, nil
	case "", "none", "forged", "client-cert":
		return "", nil
	default:
		return "", fmt.Errorf("identity kind %q: want none, basic, bearer, jwt, client-cert or forged", id.Kind)
	}
}
