package store_test

import (
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"werkpad/store"
)

func TestSealer(t *testing.T) {
	s := testSealer(t)
	a, b := s.Seal("123456782"), s.Seal("123456782")
	if a == b || strings.Contains(a, "123456782") {
		t.Errorf("Seal not randomised or readable: %q %q", a, b)
	}
	if got, err := s.Open(a); err != nil || got != "123456782" {
		t.Errorf("Open = %q, %v", got, err)
	}
	h1, h2 := s.Hash("123456782"), s.Hash("123456782")
	if h1 != h2 || h1 == s.Hash("111222333") {
		t.Error("Hash is not a deterministic function of the BSN")
	}
	// Another key opens nothing and hashes differently.
	other, err := store.NewSealer([]byte(strings.Repeat("k", store.KeySize)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Open(a); err == nil || strings.Contains(err.Error(), "123456782") {
		t.Errorf("Open with another key: %v", err)
	}
	if other.Hash("123456782") == s.Hash("123456782") {
		t.Error("Hash does not depend on the key")
	}
	// A tampered value is refused.
	raw := []byte(a)
	raw[len(raw)-3] ^= 1
	if _, err := s.Open(string(raw)); err == nil {
		t.Error("tampered value opened")
	}
	if _, err := store.NewSealer(make([]byte, 16)); err == nil {
		t.Error("16-byte key accepted")
	}
}

func TestParseKey(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	for _, s := range []string{hex.EncodeToString(key), base64.StdEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key), " " + base64.StdEncoding.EncodeToString(key) + "\n"} {
		if got, err := store.ParseKey(s); err != nil || string(got) != string(key) {
			t.Errorf("ParseKey(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "abc", hex.EncodeToString(key[:16]), base64.StdEncoding.EncodeToString(key[:31])} {
		if _, err := store.ParseKey(s); err == nil {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	path := store.KeyFilePath(filepath.Join(dir, "werkpad.db"))
	if filepath.Base(path) != "werkpad.secret" {
		t.Fatalf("key file %s", path)
	}
	// Concurrent first starts agree on one key.
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := store.LoadOrCreateKey(path)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys {
		if len(k) != store.KeySize || string(k) != string(keys[0]) {
			t.Fatalf("keys differ: %x vs %x", k, keys[0])
		}
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", info.Mode(), err)
	}
	again, err := store.LoadOrCreateKey(path)
	if err != nil || string(again) != string(keys[0]) {
		t.Errorf("reload: %x %v", again, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left-over files: %v", entries)
	}
	// A key file others can read is refused.
	os.Chmod(path, 0o644)
	if _, err := store.LoadOrCreateKey(path); err == nil {
		t.Error("world-readable key file accepted")
	}
	// A damaged key file is an error, not a new key.
	os.WriteFile(path, []byte("nonsense"), 0o600)
	os.Chmod(path, 0o600)
	if _, err := store.LoadOrCreateKey(path); err == nil {
		t.Error("damaged key file accepted")
	}
}
