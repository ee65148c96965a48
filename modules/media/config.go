package media

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/tenants"
)

// DefaultMaxBytes is the upload size limit when Config.MaxBytes is zero.
const DefaultMaxBytes = 10 << 20

// Config chooses and configures the object store and the upload limits.
type Config struct {
	// Endpoint is the S3 server as host[:port] (or an http(s):// URL); empty selects LocalStore.
	Endpoint  string
	AccessKey string
	SecretKey string
	Bucket    string
	Region    string
	// UseSSL talks HTTPS to Endpoint (an https:// Endpoint implies it).
	UseSSL bool
	// LocalDir is LocalStore's folder.
	LocalDir string
	// LocalSecret signs LocalStore's links (at least 32 bytes; keep it stable across restarts
	// and identical on every api process, or outstanding links stop working).
	LocalSecret []byte
	// PublicURL, with S3, is an optional base URL (a CDN or a public-read bucket) under which
	// objects are readable as PublicURL/key: URL then returns these stable, cacheable links
	// instead of presigned GETs. With LocalStore it is the api's public base URL (such as
	// http://localhost:8080) that signed /media/local/ links start with; empty gives
	// host-relative links.
	PublicURL string
	// MaxBytes limits an upload's size; zero means DefaultMaxBytes.
	MaxBytes int64
}

func (c Config) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

// NewStore returns an S3Store when cfg.Endpoint is set (creating the bucket if missing), else a
// LocalStore in cfg.LocalDir.
func NewStore(ctx context.Context, cfg Config) (Store, error) {
	if cfg.Endpoint != "" {
		return NewS3Store(ctx, cfg)
	}
	if cfg.LocalDir == "" {
		return nil, errors.New("media: configure an S3 endpoint or a local folder")
	}
	return NewLocalStore(cfg.LocalDir, cfg.LocalSecret, cfg.PublicURL)
}

// ConfigFrom takes the media settings out of the platform's configuration.
func ConfigFrom(cfg configs.Config) Config {
	return Config{
		Endpoint: cfg.MediaS3Endpoint, AccessKey: cfg.MediaS3AccessKey, SecretKey: cfg.MediaS3SecretKey,
		Bucket: cfg.MediaS3Bucket, Region: cfg.MediaS3Region, UseSSL: cfg.MediaS3UseSSL,
		LocalDir: cfg.MediaLocalDir, LocalSecret: []byte(cfg.MediaLocalSecret), PublicURL: cfg.MediaPublicURL,
		MaxBytes: cfg.MediaMaxBytes,
	}
}

// NewServiceFromConfig builds the service on the configured store (S3, or the local folder);
// the api and the worker (thumbnails) build it the same way.
func NewServiceFromConfig(ctx context.Context, reg *tenants.Registry, cfg configs.Config) (*Service, error) {
	mc := ConfigFrom(cfg)
	store, err := NewStore(ctx, mc)
	if err != nil {
		return nil, fmt.Errorf("media store: %w", err)
	}
	return NewService(reg, store, mc), nil
}

// ImageOrigins returns the origins ("https://cdn.example.com") other than the api's own that
// image links of cfg point to, for a page's Content-Security-Policy img-src: PublicURL's when
// set (a CDN, a public bucket, or the api's public base URL with LocalStore), else the S3
// server's (presigned GETs). A LocalStore without PublicURL gives host-relative links: none.
func ImageOrigins(cfg Config) []string {
	if cfg.PublicURL != "" {
		if o := origin(cfg.PublicURL); o != "" {
			return []string{o}
		}
		return nil
	}
	if cfg.Endpoint == "" {
		return nil
	}
	endpoint := cfg.Endpoint
	if !strings.HasPrefix(endpoint, "http://") && !strings.HasPrefix(endpoint, "https://") {
		scheme := "http://"
		if cfg.UseSSL {
			scheme = "https://"
		}
		endpoint = scheme + endpoint
	}
	if o := origin(endpoint); o != "" {
		return []string{o}
	}
	return nil
}

// origin is scheme://host[:port] of an absolute http(s) URL, or "".
func origin(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
