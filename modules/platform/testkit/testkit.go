// Package testkit gives every test package real infrastructure, isolated:
//
//   - a fresh PostgreSQL database cloned from a template that is migrated once per migration set;
//   - a Redis database number leased for the package's lifetime;
//   - tenant fixtures, an in-process SMTP server that captures mail, and HTTP helpers.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }
//
// PostgreSQL is reached at MARKETPLACE_TEST_POSTGRES_URL (default the local trust-auth server as
// user postgres) and Redis at MARKETPLACE_TEST_REDIS_ADDR (default 127.0.0.1:6379).
package testkit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/migrations"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

// The package under test's infrastructure, created on first use and removed by Run.
var pkg struct {
	once     sync.Once
	err      error
	dbName   string
	redisDB  int
	leaseKey string
	app      *gorm.DB
	owner    *gorm.DB
	// dir holds the package's files (mail, media); shared environments outlive single tests.
	dir string
}

// Run runs the package's tests, then drops its database and releases its Redis lease.
func Run(m *testing.M) int {
	code := m.Run()
	cleanup()
	return code
}

func adminURL() string {
	if v := os.Getenv("MARKETPLACE_TEST_POSTGRES_URL"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// RedisAddr is the test Redis server.
func RedisAddr() string {
	if v := os.Getenv("MARKETPLACE_TEST_REDIS_ADDR"); v != "" {
		return v
	}
	return "127.0.0.1:6379"
}

func withDB(base, name, user string) string {
	u, _ := url.Parse(base)
	u.Path = "/" + name
	if user != "" {
		u.User = url.User(user)
	}
	return u.String()
}

func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tpl, err := ensureTemplate(ctx)
	if err != nil {
		pkg.err = err
		return
	}
	admin, err := pgx.Connect(ctx, adminURL())
	if err != nil {
		pkg.err = fmt.Errorf("testkit: connect to PostgreSQL (is it running?): %w", err)
		return
	}
	defer admin.Close(ctx)
	dropOrphans(ctx, admin)
	// The creator's pid is in the name, so a later run can drop what a crashed run left.
	pkg.dbName = fmt.Sprintf("mkt_test_%d_%s", os.Getpid(), strings.ReplaceAll(ids.New().String(), "-", "")[20:])
	if _, err := admin.Exec(ctx, "select pg_advisory_lock(74201)"); err != nil {
		pkg.err = err
		return
	}
	_, err = admin.Exec(ctx, fmt.Sprintf("create database %s template %s", pkg.dbName, tpl))
	_, _ = admin.Exec(ctx, "select pg_advisory_unlock(74201)")
	if err != nil {
		pkg.err = fmt.Errorf("testkit: clone template: %w", err)
		return
	}
	pkg.owner, err = db.Open(ctx, withDB(adminURL(), pkg.dbName, ""), db.Options{MaxConns: 10})
	if err != nil {
		pkg.err = err
		return
	}
	pkg.app, err = db.Open(ctx, withDB(adminURL(), pkg.dbName, migrations.AppRole), db.Options{MaxConns: 20, StatementTimeout: time.Minute})
	if err != nil {
		pkg.err = err
		return
	}
	if pkg.dir, err = os.MkdirTemp("", "marketplace-test-"); err != nil {
		pkg.err = err
		return
	}
	pkg.err = leaseRedis(ctx)
}

// keptTemplates is how many migrated templates (of different migration sets) may coexist.
const keptTemplates = 6

// ensureTemplate returns the name of a template database migrated with exactly the current
// migrations, creating it if needed. Concurrent test packages serialise on an advisory lock.
func ensureTemplate(ctx context.Context) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	if err != nil {
		return "", err
	}
	name := "mkt_template_" + hex.EncodeToString(h.Sum(nil))[:16]
	admin, err := pgx.Connect(ctx, adminURL())
	if err != nil {
		return "", fmt.Errorf("testkit: connect to PostgreSQL at %s (is it running?): %w", adminURL(), err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "select pg_advisory_lock(74201)"); err != nil {
		return "", err
	}
	defer func() { _, _ = admin.Exec(context.Background(), "select pg_advisory_unlock(74201)") }()
	var exists bool
	if err := admin.QueryRow(ctx, "select exists(select 1 from pg_database where datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Templates of other migration sets may still be cloned by a test run from another checkout
	// (a branch with one more migration), so only the oldest beyond a few are dropped; oids grow,
	// so the order of oid is the order of creation.
	rows, err := admin.Query(ctx, `select datname from pg_database
		where datname like 'mkt_template_%' and datname not like '%_wip'
		order by oid desc offset $1`, keptTemplates-1)
	if err != nil {
		return "", err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	for _, o := range old {
		_, _ = admin.Exec(ctx, "drop database if exists "+pgx.Identifier{o}.Sanitize()+" with (force)")
	}
	building := name + "_wip"
	_, _ = admin.Exec(ctx, "drop database if exists "+building+" with (force)")
	if err := db.Migrate(ctx, withDB(adminURL(), building, "")); err != nil {
		return "", fmt.Errorf("testkit: migrate template: %w", err)
	}
	if _, err := admin.Exec(ctx, fmt.Sprintf("alter database %s rename to %s", building, name)); err != nil {
		return "", fmt.Errorf("testkit: publish template: %w", err)
	}
	return name, nil
}

// dropOrphans drops test databases whose creating process is gone (a test binary that crashed or
// was killed never ran its cleanup).
func dropOrphans(ctx context.Context, admin *pgx.Conn) {
	rows, err := admin.Query(ctx, "select datname from pg_database where datname like 'mkt\\_test\\_%'")
	if err != nil {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	for _, name := range names {
		parts := strings.Split(name, "_")
		if len(parts) < 4 {
			continue
		}
		if pid, err := strconv.Atoi(parts[2]); err == nil && !processAlive(pid) {
			_, _ = admin.Exec(ctx, "drop database if exists "+pgx.Identifier{name}.Sanitize()+" with (force)")
		}
	}
}

// processAlive reports whether a process with pid runs on this machine.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// leaseRedis takes a free Redis database number (1..15) for this package, so packages running
// in parallel never see each other's keys or Asynq queues.
func leaseRedis(ctx context.Context) error {
	ctl := redis.NewClient(&redis.Options{Addr: RedisAddr()})
	defer ctl.Close()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		for n := 1; n <= 15; n++ {
			key := "testkit:lease:" + strconv.Itoa(n)
			ok, err := ctl.SetNX(ctx, key, os.Getpid(), 30*time.Minute).Result()
			if err != nil {
				return fmt.Errorf("testkit: Redis at %s (is it running?): %w", RedisAddr(), err)
			}
			if !ok {
				// A lease whose holder died (a panicking test binary skips cleanup) is free.
				if holder, err := ctl.Get(ctx, key).Int(); err == nil && !processAlive(holder) {
					ctl.Del(ctx, key)
					ok, err = ctl.SetNX(ctx, key, os.Getpid(), 30*time.Minute).Result()
					if err != nil {
						return err
					}
				}
			}
			if ok {
				pkg.redisDB, pkg.leaseKey = n, key
				c := redis.NewClient(&redis.Options{Addr: RedisAddr(), DB: n})
				defer c.Close()
				return c.FlushDB(ctx).Err()
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("testkit: no free Redis database after 90s")
}

func cleanup() {
	ctx := context.Background()
	if pkg.dir != "" {
		_ = os.RemoveAll(pkg.dir)
	}
	if pkg.app != nil {
		if s, err := pkg.app.DB(); err == nil {
			_ = s.Close()
		}
	}
	if pkg.owner != nil {
		if s, err := pkg.owner.DB(); err == nil {
			_ = s.Close()
		}
	}
	if pkg.dbName != "" {
		if admin, err := pgx.Connect(ctx, adminURL()); err == nil {
			_, _ = admin.Exec(ctx, "drop database if exists "+pkg.dbName+" with (force)")
			_ = admin.Close(ctx)
		}
	}
	if pkg.leaseKey != "" {
		c := redis.NewClient(&redis.Options{Addr: RedisAddr(), DB: pkg.redisDB})
		_ = c.FlushDB(ctx).Err()
		_ = c.Close()
		ctl := redis.NewClient(&redis.Options{Addr: RedisAddr()})
		_ = ctl.Del(ctx, pkg.leaseKey).Err()
		_ = ctl.Close()
	}
}

func ready(t testing.TB) {
	t.Helper()
	pkg.once.Do(setup)
	if pkg.err != nil {
		t.Fatal(pkg.err)
	}
}

// DB is the package database as the app role: RLS applies, as in production.
func DB(t testing.TB) *gorm.DB {
	t.Helper()
	ready(t)
	return pkg.app
}

// OwnerDB is the package database as the owner (a superuser here): for test set-up and
// assertions that must see every tenant's rows. Product code never has this.
func OwnerDB(t testing.TB) *gorm.DB {
	t.Helper()
	ready(t)
	return pkg.owner
}

// AppURL and OwnerURL are the package database's connection URLs.
func AppURL(t testing.TB) string {
	t.Helper()
	ready(t)
	return withDB(adminURL(), pkg.dbName, migrations.AppRole)
}

// OwnerURL is the package database's URL as the owner role.
func OwnerURL(t testing.TB) string {
	t.Helper()
	ready(t)
	return withDB(adminURL(), pkg.dbName, "")
}

// RedisDB is the Redis database number leased to this package.
func RedisDB(t testing.TB) int {
	t.Helper()
	ready(t)
	return pkg.redisDB
}

// Redis is a client on the package's Redis database, closed when t ends.
func Redis(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: RedisAddr(), DB: RedisDB(t)})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Config is the default configuration pointed at the package's database and Redis.
func Config(t testing.TB) configs.Config {
	t.Helper()
	c := configs.MustLoadDefaults()
	c.DatabaseURL = AppURL(t)
	c.MigrateDatabaseURL = OwnerURL(t)
	c.RedisURL = fmt.Sprintf("redis://%s/%d", RedisAddr(), RedisDB(t))
	c.MailOutboxDir = filepath.Join(pkg.dir, "mail")
	c.MediaLocalDir = filepath.Join(pkg.dir, "media")
	return c
}
