// Command werkpad is the one binary of werkpad: the web server and the
// operator's command line (migrate, user, token, audit, dvo, ...).
//
// It wires the adapters together (store, http and the others) and is the
// only package that may import all of them.
package main
