package probe

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"
)

// JWTSpec asks the prober to sign a fresh JWT with a key the user supplies. Only the key's
// file name and non-secret claims are stored in a plan; the token never is.
type JWTSpec struct {
	// KeyFile is a PEM private key (RSA: RS256, EC P-256: ES256) or, for HS256, a file whose
	// content is the shared secret.
	KeyFile string `json:"keyFile"`
	// Alg is RS256, ES256 or HS256 (default: from the key).
	Alg string `json:"alg,omitempty"`
	// KeyID is the "kid" header, when the issuer's key set needs it.
	KeyID    string   `json:"kid,omitempty"`
	Issuer   string   `json:"iss,omitempty"`
	Audience []string `json:"aud,omitempty"`
	Subject  string   `json:"sub,omitempty"`
	// Claims are further claims, such as {"groups": ["ops"]}.
	Claims map[string]any `json:"claims,omitempty"`
}

// Sign returns a compact JWT valid from one minute ago for five minutes.
func (j *JWTSpec) Sign(now time.Time) (string, error) {
	raw, err := os.ReadFile(j.KeyFile)
	if err != nil {
		return "", fmt.Errorf("jwt key: %w", err)
	}
	key, alg, err := parseSigningKey(raw, j.Alg)
	if err != nil {
		return "", fmt.Errorf("jwt key %s: %w", j.KeyFile, err)
	}
	header := map[string]string{"alg": alg, "typ": "JWT"}
	if j.KeyID != "" {
		header["kid"] = j.KeyID
	}
	claims := map[string]any{}
	for k, v := range j.Claims {
		claims[k] = v
	}
	claims["iat"], claims["nbf"], claims["exp"] = now.Add(-time.Minute).Unix(), now.Add(-time.Minute).Unix(), now.Add(5*time.Minute).Unix()
	if j.Issuer != "" {
		claims["iss"] = j.Issuer
	}
	if j.Subject != "" {
		claims["sub"] = j.Subject
	}
	switch len(j.Audience) {
	case 0:
	case 1:
		claims["aud"] = j.Audience[0]
	default:
		claims["aud"] = j.Audience
	}
	h, _ := json.Marshal(header)
	c, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("jwt claims: %w", err)
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	sig, err := signJWT(key, alg, []byte(signing))
	if err != nil {
		return "", err
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

func parseSigningKey(raw []byte, alg string) (any, string, error) {
	block, _ := pem.Decode(raw)
	if block == nil {
		if alg != "" && alg != "HS256" {
			return nil, "", fmt.Errorf("alg %s needs a PEM private key", alg)
		}
		return raw, "HS256", nil
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, "", err
	}
	want := ""
	switch k := key.(type) {
	case *rsa.PrivateKey:
		want = "RS256"
	case *ecdsa.PrivateKey:
		if k.Curve.Params().BitSize != 256 {
			return nil, "", errors.New("only P-256 EC keys (ES256) are supported")
		}
		want = "ES256"
	default:
		return nil, "", fmt.Errorf("unsupported key type %T", key)
	}
	if alg != "" && alg != want {
		return nil, "", fmt.Errorf("alg %s does not fit the key (%s)", alg, want)
	}
	return key, want, nil
}

func signJWT(key any, alg string, data []byte) ([]byte, error) {
	sum := sha256.Sum256(data)
	switch alg {
	case "HS256":
		m := hmac.New(sha256.New, key.([]byte))
		m.Write(data)
		return m.Sum(nil), nil
	case "RS256":
		return rsa.SignPKCS1v15(rand.Reader, key.(*rsa.PrivateKey), crypto.SHA256, sum[:])
	case "ES256":
		r, s, err := ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), sum[:])
		if err != nil {
			return nil, err
		}
		out := make([]byte, 64)
		r.FillBytes(out[:32])
		s.FillBytes(out[32:])
		return out, nil
	}
	return nil, fmt.Errorf("alg %s: want RS256, ES256 or HS256", alg)
}
