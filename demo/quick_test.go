package demo_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
	"werkpad/store/storetest"
)

func TestQuick(t *testing.T) {
	for _, d := range storetest.Dialects() {
		db := storetest.Open(t, d)
		sealer, _ := store.NewSealer(bytes.Repeat([]byte{7}, store.KeySize))
		res, err := demo.Generate(context.Background(), db, sealer, demo.Options{Scale: 1, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Log(res.Rows, res.Elapsed)
		ctx := werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: &werkpad.User{Role: werkpad.RoleController}})
		for i, per := range demo.Periods() {
			got, err := store.NewIndicatorService(db).Indicators(ctx, per, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(res.Expected[i], got); d != "" {
				t.Errorf("%s: -want +got\n%s", per, d)
			}
		}
	}
}
