// Package http serves werkpad over HTTP: the server-rendered Dutch web UI
// (html/template, embedded static files) and the JSON API under /api/v1.
//
// It imports the domain package werkpad and uses only its service
// interfaces; it never imports store or another adapter.
package http
