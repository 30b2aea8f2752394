package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"werkpad"
	"werkpad/store"
)

func sealerOf(tb testing.TB, b byte) *store.Sealer {
	tb.Helper()
	s, err := store.NewSealer(bytes.Repeat([]byte{b}, store.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// A database refuses a key it was not sealed with — also a database made
// before fingerprints existed — and key rotation can be interrupted and
// resumed without losing a BSN.
func TestKeyCheckAndRotation(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := testSealer(t), sealerOf(t, 9)
		consultant := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		var ids []int64
		for _, bsn := range testBSNs[:5] {
			c := MustCreateCandidate(t, db, consultant, func(c *werkpad.Candidate) { c.BSN = bsn })
			ids = append(ids, c.ID)
		}
		// No fingerprint yet (a database from before the check): the
		// sealed data decides.
		if err := db.CheckKey(ctx, b); !errors.Is(err, store.ErrWrongKey) {
			t.Fatalf("wrong key on unfingerprinted data: %v", err)
		}
		if err := db.CheckKey(ctx, a); err != nil {
			t.Fatalf("right key: %v", err)
		}
		// Now the fingerprint decides.
		if err := db.CheckKey(ctx, b); !errors.Is(err, store.ErrWrongKey) {
			t.Fatalf("wrong key after fingerprinting: %v", err)
		}

		// Rotate in batches of 2, interrupted after the first batch.
		cctx, cancel := context.WithCancel(ctx)
		err := db.RotateKey(cctx, a, b, 2, func(p store.RotateProgress) { cancel() })
		if err == nil {
			t.Fatal("interrupted rotation reported success")
		}
		for name, s := range map[string]*store.Sealer{"old": a, "new": b} {
			if err := db.CheckKey(ctx, s); !errors.Is(err, store.ErrWrongKey) {
				t.Errorf("%s key accepted during an unfinished rotation: %v", name, err)
			}
		}
		var seen []store.RotateProgress
		if err := db.RotateKey(ctx, a, b, 2, func(p store.RotateProgress) { seen = append(seen, p) }); err != nil {
			t.Fatalf("resume: %v", err)
		}
		if len(seen) == 0 || seen[len(seen)-1].Done != seen[len(seen)-1].Total {
			t.Errorf("progress: %+v", seen)
		}
		if err := db.CheckKey(ctx, b); err != nil {
			t.Errorf("new key after rotation: %v", err)
		}
		if err := db.CheckKey(ctx, a); !errors.Is(err, store.ErrWrongKey) {
			t.Errorf("old key accepted after rotation: %v", err)
		}
		svc := store.NewCandidateService(db, b)
		for i, id := range ids {
			c, err := svc.FindCandidateByID(asUser(consultant), id)
			if err != nil || c.BSN != testBSNs[i] {
				t.Errorf("candidate %d after rotation: %v %+v", id, err, c)
			}
			if f, err := svc.SearchCandidateByBSN(asUser(consultant), testBSNs[i]); err != nil || f.ID != id {
				t.Errorf("BSN search after rotation: %v", err)
			}
		}
	})
}
