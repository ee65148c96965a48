package media

import (
	"context"
	"errors"
	"fmt"

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
