package probe

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
)

// invalidCredential is the synthetic wrong secret sent by "wrong credentials" probes.
const invalidCredential = "ingress-parity-invalid-credential"

func applyIdentity(req *http.Request, id *Identity) error {
	if id == nil {
		return nil
	}
	switch id.Kind {
	case "basic":
		pw := invalidCredential
		if !id.Invalid {
			var ok bool
			if pw, ok = os.LookupEnv(id.BasicPasswordEnv); !ok {
				return fmt.Errorf("identity basic: environment variable %q is not set", id.BasicPasswordEnv)
			}
		}
		req.SetBasicAuth(id.BasicUser, pw)
	case "bearer", "jwt":
		tok := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpbmdyZXNzLXBhcml0eSJ9.aW52YWxpZA" // syntactically a JWT, signed by nobody
		switch {
		case id.Invalid:
		case id.JWT != nil:
			t, err := id.JWT.Sign(time.Now())
			if err != nil {
				return fmt.Errorf("identity %s: %w", id.Kind, err)
			}
			tok = t
		default:
			b, err := os.ReadFile(id.BearerTokenFile)
			if err != nil {
				return fmt.Errorf("identity %s: %w", id.Kind, err)
			}
			tok = strings.TrimSpace(string(b))
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	case "", "none", "forged", "client-cert":
	default:
		return fmt.Errorf("identity kind %q: want none, basic, bearer, jwt, client-cert or forged", id.Kind)
	}
	return nil
}
