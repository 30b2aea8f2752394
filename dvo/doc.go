// Package dvo reads the service agreement (dienstverleningsovereenkomst,
// DVO) and its price card (keuzekaart) from a YAML file that a controller
// can read and edit, and prints the results of the check engine
// (werkpad.CheckAgreement, werkpad.Totals) as text or JSON, and exports an
// agreement with its totals and findings as an XLSX workbook (one sheet per
// municipality) or as CSV for Dutch Excel.
//
// The DVO 2024–2025 ships embedded (dvo-2024-2025.yaml); Load reads it,
// Parse reads any other version. The rules live in the root package; this
// package only translates between the file and the domain types.
//
// It may import only the domain package (werkpad), go.yaml.in/yaml/v3 and
// github.com/xuri/excelize/v2, besides the standard library.
package dvo
