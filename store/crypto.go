package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KeySize is the length of the secret key in bytes.
const KeySize = 32

// KeyFileName is the development key file kept next to the SQLite database
// when WERKPAD_SECRET_KEY is not set.
const KeyFileName = "werkpad.secret"

// sealedPrefix marks the format of a sealed value, so that a later key or
// algorithm can be told apart from this one.
const sealedPrefix = "v1:"

// Sealer protects BSNs at rest. From one 32-byte secret it derives, with
// HKDF-SHA256 and distinct info strings, two independent keys: one for
// AES-256-GCM encryption (Seal/Open) and one for HMAC-SHA256 (Hash), the
// keyed hash that allows an exact lookup without decrypting every row.
// Knowing one derived key reveals nothing about the other.
type Sealer struct {
	aead   cipher.AEAD
	macKey []byte
}

// NewSealer builds a Sealer from a 32-byte secret.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("store.NewSealer: key must be %d bytes, got %d", KeySize, len(key))
	}
	encKey, err := hkdf.Key(sha256.New, key, nil, "werkpad bsn encryption v1", 32)
	if err != nil {
		return nil, fmt.Errorf("store.NewSealer: %w", err)
	}
	macKey, err := hkdf.Key(sha256.New, key, nil, "werkpad bsn lookup hash v1", 32)
	if err != nil {
		return nil, fmt.Errorf("store.NewSealer: %w", err)
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, fmt.Errorf("store.NewSealer: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("store.NewSealer: %w", err)
	}
	return &Sealer{aead: aead, macKey: macKey}, nil
}

// Seal encrypts plain with a fresh random nonce: "v1:" + base64(nonce ‖
// ciphertext ‖ tag). Sealing the same BSN twice gives different output.
func (s *Sealer) Seal(plain string) string {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce) // never fails (crypto/rand panics instead)
	out := s.aead.Seal(nonce, nonce, []byte(plain), []byte(sealedPrefix))
	return sealedPrefix + base64.StdEncoding.EncodeToString(out)
}

var errSealed = errors.New("sealed value is damaged or was made with another key")

// Open decrypts a value made by Seal. The error never contains the value.
// An empty value is a BSN erased by retention: it opens as no BSN.
func (s *Sealer) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	rest, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", errSealed
	}
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return "", errSealed
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(sealedPrefix))
	if err != nil {
		return "", errSealed
	}
	return string(plain), nil
}

// Hash returns the keyed lookup hash of a BSN (hex HMAC-SHA256). Callers
// normalise with werkpad.ParseBSN first, so that "1234 56 782" and
// "123456782" hash alike.
func (s *Sealer) Hash(bsn string) string {
	m := hmac.New(sha256.New, s.macKey)
	m.Write([]byte(bsn))
	return hex.EncodeToString(m.Sum(nil))
}

// ParseKey reads a 32-byte secret written as base64 (standard or URL
// alphabet, with or without padding) or as 64 hex digits, as in
// WERKPAD_SECRET_KEY or the key file.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == KeySize {
			return b, nil
		}
	}
	return nil, fmt.Errorf("the secret key must be %d bytes written as base64 or as %d hex digits", KeySize, 2*KeySize)
}

// KeyFilePath returns where the development key lives for a SQLite
// database file: werkpad.secret in the same directory.
func KeyFilePath(sqlitePath string) string {
	return filepath.Join(filepath.Dir(sqlitePath), KeyFileName)
}

// LoadOrCreateKey reads the secret key from path, or creates the file with
// a fresh random key (base64, mode 0600) when it does not exist. It is for
// development and the embedded default; production sets WERKPAD_SECRET_KEY.
// A key file that others may read is refused rather than used.
func LoadOrCreateKey(path string) ([]byte, error) {
	if key, err := createKeyFile(path); err == nil {
		return key, nil
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("store.LoadOrCreateKey(%s): %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("store.LoadOrCreateKey(%s): %w", path, err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("store.LoadOrCreateKey(%s): the key file may be read by others (mode %o); run chmod 600 on it", path, info.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("store.LoadOrCreateKey(%s): %w", path, err)
	}
	key, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("store.LoadOrCreateKey(%s): %w", path, err)
	}
	return key, nil
}

// createKeyFile writes a fresh key to a temporary file and links it into
// place, so that of two processes starting at once one creates the file and
// the other reads a complete key, never an empty file. It returns an error
// satisfying errors.Is(err, fs.ErrExist) when path exists.
func createKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	rand.Read(key)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".werkpad-secret-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, err
	}
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return nil, err
	}
	return key, nil
}
