package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"time"

	"werkpad"
	"werkpad/store"
)

// withLogboek runs a command's processing of personal data with a Logboek
// collector and writes its records when it ends (name: the command, as
// "werkpad retention"; activity: from the register), as the server does
// per request: one record per person, status error when fn failed. The
// command fails when the records cannot be written.
func withLogboek(ctx context.Context, db *store.DB, name, activity string, fn func(context.Context) error) error {
	p := &werkpad.Processing{}
	start := time.Now().UTC()
	err := fn(werkpad.NewContextWithProcessing(ctx, p))
	subjects := p.Subjects()
	if len(subjects) == 0 {
		return err
	}
	trace, op := make([]byte, 16), make([]byte, 8)
	rand.Read(trace)
	rand.Read(op)
	status := werkpad.StatusOK
	if err != nil {
		status = werkpad.StatusError
	}
	rec := werkpad.ProcessingRecord{TraceID: hex.EncodeToString(trace), OperationID: hex.EncodeToString(op), Name: name,
		Status: status, Start: start, End: time.Now().UTC(), ActivityID: activity, Role: werkpad.RoleAdmin}
	if u := werkpad.UserFromContext(ctx); u != nil {
		rec.UserID, rec.Role = u.ID, u.Role
	}
	log := store.NewProcessingLog(db)
	for chunk := range slices.Chunk(subjects, 5000) {
		if werr := log.AppendProcessing(context.WithoutCancel(ctx), rec.PerSubject(chunk)); werr != nil && err == nil {
			err = werr
		}
	}
	return err
}
