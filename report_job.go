package werkpad

import (
	"context"
	"slices"
	"time"
)

// ReportJobStatus is where a report job stands.
type ReportJobStatus string

const (
	ReportJobWaiting ReportJobStatus = "wachtend"
	ReportJobRunning ReportJobStatus = "bezig"
	ReportJobDone    ReportJobStatus = "klaar"
	ReportJobFailed  ReportJobStatus = "mislukt"
)

// Label is the status in the UI.
func (s ReportJobStatus) Label() string {
	switch s {
	case ReportJobWaiting:
		return "Wacht op verwerking"
	case ReportJobRunning:
		return "Wordt gemaakt"
	case ReportJobDone:
		return "Klaar"
	case ReportJobFailed:
		return "Mislukt"
	}
	return string(s)
}

// Finished reports whether the job will change no more.
func (s ReportJobStatus) Finished() bool { return s == ReportJobDone || s == ReportJobFailed }

// ReportJobParams are the parameters of the report a job makes, as on the
// export routes.
type ReportJobParams struct {
	From           Date         `json:"van"`
	To             Date         `json:"tot"`
	Municipalities []string     `json:"gemeenten,omitempty"`
	Format         ReportFormat `json:"formaat"`
	Public         bool         `json:"openbaar,omitempty"`
	Chart          IndicatorKey `json:"indicator,omitempty"`
}

// Period is the period of the report.
func (p ReportJobParams) Period() Period { return Period{From: p.From, To: p.To} }

// ReportJob is a Tussenrapportage made in the background. The job keeps
// the user who asked for it and his scope at that moment: only he reads
// it, and only while his scope still covers it.
type ReportJob struct {
	ID     int64
	UserID int64
	// Scope are the municipality codes of the caller; nil means the whole
	// region.
	Scope       []string
	Params      ReportJobParams
	Status      ReportJobStatus
	Progress    int // 0-100
	Message     string
	ContentType string
	Filename    string
	// Result is the finished file; only FindResult reads it.
	Result     []byte
	LeaseUntil *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ScopeOf returns the scope a job of u keeps: nil for the whole region.
func ScopeOf(u *User) []string {
	if u.AllMunicipalities() {
		return nil
	}
	return slices.Clone(u.Municipalities)
}

// Readable reports whether u may read the job: his own, with a scope that
// still covers the job's.
func (j *ReportJob) Readable(u *User) bool {
	if u == nil || u.ID != j.UserID {
		return false
	}
	if j.Scope == nil {
		return u.AllMunicipalities()
	}
	for _, c := range j.Scope {
		if !u.InScope(c) {
			return false
		}
	}
	return true
}

// ReportJobLease is how long a claim on a job holds without progress.
const ReportJobLease = 2 * time.Minute

// ReportJobService keeps report jobs, their progress and their lease in
// the database, so that any instance can show a job and exactly one runs it.
type ReportJobService interface {
	// Create stores a waiting job of the caller, with his scope.
	Create(ctx context.Context, p ReportJobParams) (*ReportJob, error)
	// Find returns a job without its result: only to the user who
	// made it, else ENOTFOUND.
	Find(ctx context.Context, id int64) (*ReportJob, error)
	// FindResult is Find with the finished file.
	FindResult(ctx context.Context, id int64) (*ReportJob, error)
	// Claim takes the lease of a waiting job, or of a running one
	// whose lease ran out; false when another claimer holds it or it is
	// finished.
	Claim(ctx context.Context, id int64) (bool, error)
	// Progress records progress (0-100) and renews the lease.
	Progress(ctx context.Context, id int64, pct int, message string) error
	// Finish stores the result and marks the job done.
	Finish(ctx context.Context, id int64, result []byte, contentType, filename string) error
	// Fail marks the job failed with a message for the user.
	Fail(ctx context.Context, id int64, message string) error
	// FindMine returns the caller's own jobs (without results) that he
	// may still read, newest first, at most limit.
	FindMine(ctx context.Context, limit int) ([]*ReportJob, error)
}
