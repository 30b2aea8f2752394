package http

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// A long Tussenrapportage is made as a job: POST /rapportages/genereren
// stores it (with the caller and his scope) and starts it in a goroutine of
// this process; the status page shows its progress from the database, a
// small script brings it up to date until the download is ready (without
// script a link refreshes it), and /rapportages lists the caller's jobs. The goroutine first claims
// the job's lease, so that when a status page on another instance resumes
// a job whose runner died, only one of them makes it.

// reportJobTimeout bounds one run of a job.
const reportJobTimeout = 10 * time.Minute

// reportJobResume is how long a job may wait unclaimed before a view of
// its status page starts it (the instance that stored it may have stopped).
const reportJobResume = 10 * time.Second

func (s *Server) reportJobStart(w http.ResponseWriter, r *http.Request) error {
	if s.ReportJobs == nil {
		return errors.New("http: Server.ReportJobs is not set")
	}
	if err := r.ParseForm(); err != nil {
		return werkpad.Errorf(werkpad.EINVALID, "Het formulier is niet leesbaar.")
	}
	rq, errs := parseReportQuery(r.PostForm)
	if errs != nil {
		return werkpad.FieldError(errs.List[0].Field, "%s", errs.List[0].Message)
	}
	f := werkpad.ReportFormat(r.PostForm.Get("formaat"))
	if _, ok := reportTypes[f]; !ok {
		return werkpad.FieldError("formaat", "Kies een formaat: XLSX, CSV, JSON of PDF.")
	}
	// The same scope check as the exports, before anything is stored: a
	// gemeente outside the caller's scope (or unknown) is "not found".
	var codes []string
	for _, c := range rq.Municipalities {
		c = strings.TrimSpace(c)
		if _, err := s.Municipalities.FindMunicipality(r.Context(), c); err != nil {
			return err
		}
		codes = append(codes, c)
	}
	job, err := s.ReportJobs.Create(r.Context(), werkpad.ReportJobParams{
		From: rq.Period.From, To: rq.Period.To, Municipalities: codes, Format: f, Public: rq.Public, Chart: rq.Chart})
	if err != nil {
		return err
	}
	s.startReportJob(r.Context(), job)
	http.Redirect(w, r, "/rapportages/taken/"+strconv.FormatInt(job.ID, 10), http.StatusSeeOther)
	return nil
}

// startReportJob runs job in the background as the caller of ctx (whose
// scope the services apply), outliving the request.
func (s *Server) startReportJob(ctx context.Context, job *werkpad.ReportJob) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reportJobTimeout)
	go func() {
		defer cancel()
		s.runReportJob(ctx, job)
	}()
}

func (s *Server) runReportJob(ctx context.Context, job *werkpad.ReportJob) {
	log := s.Logger.With("taak", job.ID, "request_id", requestIDFrom(ctx))
	won, err := s.ReportJobs.Claim(ctx, job.ID)
	if err != nil {
		log.Error("rapportage claimen", "fout", err)
		return
	}
	if !won {
		return // another runner holds the lease, or the job is done
	}
	defer func() {
		if v := recover(); v != nil {
			log.Error("panic in rapportage", "waarde", fmt.Sprint(v))
			s.failReportJob(ctx, log, job.ID, errors.New("panic"))
		}
	}()
	result, err := s.makeReport(ctx, job)
	if err != nil {
		s.failReportJob(ctx, log, job.ID, err)
		return
	}
	p := job.Params
	rq := reportQuery{Period: p.Period(), Public: p.Public}
	if err := s.ReportJobs.Finish(ctx, job.ID, result, reportTypes[p.Format], reportFilename(rq, p.Format)); err != nil {
		log.Error("rapportage opslaan", "fout", err)
	}
}

func (s *Server) failReportJob(ctx context.Context, log interface{ Error(string, ...any) }, id int64, err error) {
	if werkpad.ErrorCode(err) == werkpad.EINTERNAL {
		log.Error("rapportage maken", "fout", err)
	}
	if err := s.ReportJobs.Fail(ctx, id, werkpad.ErrorMessage(err)); err != nil {
		log.Error("rapportage als mislukt opslaan", "fout", err)
	}
}

// makeReport makes the file of job, recording progress before each phase.
func (s *Server) makeReport(ctx context.Context, job *werkpad.ReportJob) ([]byte, error) {
	p := job.Params
	rq := reportQuery{Period: p.Period(), Municipalities: p.Municipalities, Public: p.Public, Chart: p.Chart}
	step := func(pct int, message string) error { return s.ReportJobs.Progress(ctx, job.ID, pct, message) }
	done, err := s.reportTurn(ctx, rq, step)
	if err != nil {
		return nil, err
	}
	defer done()
	req, err := s.buildReport(ctx, rq, step)
	if err != nil {
		return nil, err
	}
	if err := step(80, "Rapportage opmaken als "+strings.ToUpper(string(p.Format))); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := s.Reports.RenderReport(&buf, p.Format, req); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// findReportJob reads the job of the path's id: the caller's own only.
func (s *Server) findReportJob(r *http.Request, withResult bool) (*werkpad.ReportJob, error) {
	if s.ReportJobs == nil {
		return nil, errors.New("http: Server.ReportJobs is not set")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Rapportage niet gevonden.")
	}
	if withResult {
		return s.ReportJobs.FindResult(r.Context(), id)
	}
	return s.ReportJobs.Find(r.Context(), id)
}

func (s *Server) reportJobPage(w http.ResponseWriter, r *http.Request) error {
	job, err := s.findReportJob(r, false)
	if err != nil {
		return err
	}
	// A job nobody runs (stored by an instance that stopped, or whose
	// runner's lease ran out) is started again here; the lease decides.
	now := time.Now()
	if (job.Status == werkpad.ReportJobWaiting && now.Sub(job.CreatedAt) > reportJobResume) ||
		(job.Status == werkpad.ReportJobRunning && job.LeaseUntil != nil && now.After(*job.LeaseUntil)) {
		s.startReportJob(r.Context(), job)
	}
	names := make([]string, 0, len(job.Params.Municipalities))
	for _, c := range job.Params.Municipalities {
		if m, err := s.Municipalities.FindMunicipality(r.Context(), c); err == nil {
			names = append(names, m.Name)
		}
	}
	slices.Sort(names)
	data := map[string]any{
		"Title": "Rapportage maken", "Job": job, "Names": names,
		"Format":      strings.ToUpper(string(job.Params.Format)),
		"Breadcrumbs": []breadcrumb{{Href: "/rapportages", Label: "Rapportages"}, {Label: "Rapportage maken"}},
	}
	s.render(w, r, http.StatusOK, "rapportage_taak.html", data)
	return nil
}

func (s *Server) reportJobDownload(w http.ResponseWriter, r *http.Request) error {
	job, err := s.findReportJob(r, true)
	if err != nil {
		return err
	}
	if job.Status != werkpad.ReportJobDone {
		return werkpad.Errorf(werkpad.ECONFLICT, "De rapportage is nog niet klaar.")
	}
	return download(w, bytes.NewBuffer(job.Result), job.ContentType, job.Filename)
}
