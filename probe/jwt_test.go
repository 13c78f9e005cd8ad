package probe

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestJWTSign(t *testing.T) {
	dir := t.TempDir()
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalECPrivateKey(ecKey)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rsaFile := write("rsa.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}))
	ecFile := write("ec.pem", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER}))
	hsFile := write("hs.secret", []byte("shared-secret"))
	tests := []struct {
		name, file, alg string
		verify          func(signing, sig []byte) bool
	}{
		{name: "RS256", file: rsaFile, alg: "RS256", verify: func(signing, sig []byte) bool {
			sum := sha256.Sum256(signing)
			return rsa.VerifyPKCS1v15(&rsaKey.PublicKey, crypto.SHA256, sum[:], sig) == nil
		}},
		{name: "ES256", file: ecFile, alg: "ES256", verify: func(signing, sig []byte) bool {
			sum := sha256.Sum256(signing)
			return len(sig) == 64 && ecdsa.Verify(&ecKey.PublicKey, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
		}},
		{name: "HS256", file: hsFile, alg: "HS256", verify: func(signing, sig []byte) bool {
			m := hmac.New(sha256.New, []byte("shared-secret"))
			m.Write(signing)
			return hmac.Equal(m.Sum(nil), sig)
		}},
	}
	now := time.Unix(1_800_000_000, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := &JWTSpec{KeyFile: tt.file, KeyID: "k1", Issuer: "https://issuer.example.com", Audience: []string{"shop"}, Subject: "probe", Claims: map[string]any{"groups": []string{"ops"}}}
			tok, err := spec.Sign(now)
			if err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(tok, ".")
			if len(parts) != 3 {
				t.Fatalf("token %q has %d parts", tok, len(parts))
			}
			var header map[string]string
			var claims map[string]any
			hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
			cb, _ := base64.RawURLEncoding.DecodeString(parts[1])
			sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
			if json.Unmarshal(hb, &header) != nil || json.Unmarshal(cb, &claims) != nil {
				t.Fatalf("undecodable token %q", tok)
			}
			if header["alg"] != tt.alg || header["kid"] != "k1" {
				t.Errorf("header %v", header)
			}
			if claims["iss"] != "https://issuer.example.com" || claims["aud"] != "shop" || claims["sub"] != "probe" || claims["exp"].(float64) != float64(now.Add(5*time.Minute).Unix()) {
				t.Errorf("claims %v", claims)
			}
			if !tt.verify([]byte(parts[0]+"."+parts[1]), sig) {
				t.Error("signature does not verify")
			}
		})
	}
	if _, err := (&JWTSpec{KeyFile: hsFile, Alg: "RS256"}).Sign(now); err == nil {
		t.Error("RS256 with a shared secret accepted")
	}
	if _, err := (&JWTSpec{KeyFile: rsaFile, Alg: "ES256"}).Sign(now); err == nil {
		t.Error("ES256 with an RSA key accepted")
	}
}

func TestAuthorizationNeverNeedsInlineSecrets(t *testing.T) {
	t.Setenv("PROBE_TEST_PW", "s3cret")
	tests := []struct {
		name string
		id   *Identity
		want string // Authorization prefix
		err  string
	}{
		{name: "basic from environment", id: &Identity{Kind: "basic", BasicUser: "ops", BasicPasswordEnv: "PROBE_TEST_PW"}, want: "Basic b3BzOnMzY3JldA=="},
		{name: "wrong basic is synthetic", id: &Identity{Kind: "basic", BasicUser: "ops", Invalid: true}, want: "Basic "},
		{name: "unset variable", id: &Identity{Kind: "basic", BasicUser: "ops", BasicPasswordEnv: "PROBE_TEST_UNSET"}, err: "PROBE_TEST_UNSET"},
		{name: "wrong jwt is synthetic", id: &Identity{Kind: "jwt", Invalid: true}, want: "Bearer eyJ"},
		{name: "unknown kind", id: &Identity{Kind: "kerberos"}, err: "kerberos"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := authorization(tt.id)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("Authorization = %q, want prefix %q", got, tt.want)
			}
		})
	}
}
