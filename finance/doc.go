// Package finance turns the finance tables of the Tussenrapportage 2024, as
// transcribed in report/published/finance-2024.yaml, into werkpad's finance
// model (werkpad.FinanceTable), and reads ledger CSV files into cell updates.
//
// It adds what the transcription leaves implicit and the checks need: which
// rows a total adds up, which column is the variance of which two, which
// table is the mutation of which two and in which sign convention, and the
// cost price per SE. The published numbers are kept exactly: each amount is
// read from its printed token ("22.306", "-3.609", "1.034,2") into an
// integer in the table's unit, and cross-checked against the transcription's
// numeric value. A row whose printed tokens could not be assigned to columns
// keeps them in Uninterpretable, has no cells, and stays out of the checks.
//
// It may import only the domain package (werkpad) and report/published,
// besides the standard library.
package finance
