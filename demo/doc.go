// Package demo generates a deterministic, realistic demo region: the eight
// municipalities of the MGR Rijk van Nijmegen with candidates, benefits,
// indications, phases, enrolments, placements, exits and Wsw employees,
// with the SW chapter's sick leave, beschut werk and toegevoegde waarde.
//
// The records are made by rules (spread over the half-year, hours on the
// right side of 28, ages in or outside the priority bands, enrolments of
// two to nine months, background records outside the counted windows),
// calibrated so that the indicator engine gives, for 1 January – 30 June
// 2023 and 2024, exactly the municipality figures of the Tussenrapportage
// 2024. The targets are read from report/published at generation time.
// Scale N writes N copies of the population (distinct BSNs and names), so
// every count is N times the scale-1 count. The SW chapter's regional
// figures (sick leave per werkvorm, dienstverbanden beschut, toegevoegde
// waarde per fte) are calibrated the same way; the toegevoegde waarde is
// written once per database, its hours and fte N times scale 1.
//
// demo may import the domain, store and report/published; nothing imports
// demo except cmd/werkpad and tests.
package demo
