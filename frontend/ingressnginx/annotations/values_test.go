package annotations

import (
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr bool
	}{
		{"megabytes", "1m", 1 << 20, false},
		{"upper case", "8K", 8 << 10, false},
		{"gigabytes", "2g", 2 << 30, false},
		{"bytes", "1024", 1024, false},
		{"zero disables", "0", 0, false},
		{"spaces trimmed", " 10m ", 10 << 20, false},
		{"b suffix refused by nginx", "10b", 0, true},
		{"fraction", "1.5m", 0, true},
		{"negative", "-1", 0, true},
		{"empty", "", 0, true},
		{"overflow", "99999999999999999999g", 0, true},
		{"too large after shift", "9000000000g", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"seconds", "5s", 5 * time.Second, false},
		{"bare number is seconds", "60", time.Minute, false},
		{"milliseconds", "500ms", 500 * time.Millisecond, false},
		{"space separated", "1h 30m", 90 * time.Minute, false},
		{"concatenated", "1h30m", 90 * time.Minute, false},
		{"month is M", "1M", 30 * 24 * time.Hour, false},
		{"days and weeks", "1w 1d", 8 * 24 * time.Hour, false},
		{"unknown unit", "5x", 0, true},
		{"empty", " ", 0, true},
		{"negative", "-5s", 0, true},
		{"overflow in one part", "2147483647y", 0, true},
		{"overflow in the sum", "290y 290y", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseHeaderList(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr bool
	}{
		{"two", "X-User, X-Email", []string{"X-User", "X-Email"}, false},
		{"empty entries skipped", "X-User,,", []string{"X-User"}, false},
		{"underscore allowed", "X_User", []string{"X_User"}, false},
		{"colon refused", "X-User: a", nil, true},
		{"newline refused", "X-User\nX-Evil", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseHeaderList(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestParseBoolAndInt(t *testing.T) {
	for _, s := range []string{"true", "True", "1", "t"} {
		if b, err := ParseBool(s); err != nil || !b {
			t.Errorf("ParseBool(%q) = %v, %v", s, b, err)
		}
	}
	if _, err := ParseBool("yes"); err == nil {
		t.Error(`ParseBool("yes") should fail like strconv.ParseBool`)
	}
	if n, err := ParseInt(" 42 "); err != nil || n != 42 {
		t.Errorf("ParseInt = %d, %v", n, err)
	}
	if _, err := ParseInt("4x"); err == nil {
		t.Error("ParseInt(4x) should fail")
	}
}
