package media

import (
	"slices"
	"testing"
)

func TestImageOrigins(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want []string
	}{
		{Config{LocalDir: "/tmp/x"}, nil},
		{Config{LocalDir: "/tmp/x", PublicURL: "http://localhost:8080/"}, []string{"http://localhost:8080"}},
		{Config{Endpoint: "minio:9000"}, []string{"http://minio:9000"}},
		{Config{Endpoint: "s3.example.com", UseSSL: true}, []string{"https://s3.example.com"}},
		{Config{Endpoint: "https://s3.example.com/"}, []string{"https://s3.example.com"}},
		{Config{Endpoint: "minio:9000", PublicURL: "https://cdn.example.com/bucket"}, []string{"https://cdn.example.com"}},
		{Config{PublicURL: "javascript:alert(1)"}, nil},
	} {
		if got := ImageOrigins(c.cfg); !slices.Equal(got, c.want) {
			t.Errorf("ImageOrigins(%+v) = %v, want %v", c.cfg, got, c.want)
		}
	}
}
