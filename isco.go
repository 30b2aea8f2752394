package werkpad

import (
	"slices"
	"strings"
)

// Occupation is an ISCO-08 unit group (4 digits) with its Dutch title. Heavy
// and CustomerContact let a candidate's restrictions ("geen fysiek zwaar
// werk", "geen klantcontact") exclude whole groups of work.
type Occupation struct {
	Code            string `json:"code"`
	Title           string `json:"titel"`
	Heavy           bool   `json:"fysiekZwaar"`
	CustomerContact bool   `json:"klantcontact"`
}

// Occupations is the curated reference list of the ISCO-08 unit groups that
// occur in the work the WerkBedrijf mediates in the region: logistics,
// production, cleaning, retail, hospitality, green maintenance, care and
// welfare support, administration, construction and transport. It is
// reference data (beheerder's concern), sorted by code; a code outside it is
// refused, so that matching compares like with like.
var Occupations = []Occupation{
	{Code: "3341", Title: "Teamleiders kantoor en administratie"},
	{Code: "4110", Title: "Algemeen administratief medewerkers"},
	{Code: "4131", Title: "Typisten en tekstverwerkers"},
	{Code: "4132", Title: "Invoerders van gegevens"},
	{Code: "4211", Title: "Kassamedewerkers bank en postkantoor", CustomerContact: true},
	{Code: "4222", Title: "Medewerkers contactcentrum / klantenservice", CustomerContact: true},
	{Code: "4226", Title: "Receptionisten", CustomerContact: true},
	{Code: "4321", Title: "Magazijnadministrateurs / voorraadbeheerders"},
	{Code: "4323", Title: "Planners transport en logistiek"},
	{Code: "5120", Title: "Koks", Heavy: true},
	{Code: "5131", Title: "Kelners en bedieningspersoneel", CustomerContact: true},
	{Code: "5223", Title: "Verkoopmedewerkers winkel", CustomerContact: true},
	{Code: "5230", Title: "Kassamedewerkers en kaartverkopers", CustomerContact: true},
	{Code: "5311", Title: "Kinderverzorgers / pedagogisch medewerkers", CustomerContact: true},
	{Code: "5321", Title: "Verzorgenden in instellingen", Heavy: true, CustomerContact: true},
	{Code: "5322", Title: "Thuiszorgmedewerkers", Heavy: true, CustomerContact: true},
	{Code: "5414", Title: "Beveiligers", CustomerContact: true},
	{Code: "7112", Title: "Metselaars", Heavy: true},
	{Code: "7115", Title: "Timmerlieden", Heavy: true},
	{Code: "7131", Title: "Schilders", Heavy: true},
	{Code: "7411", Title: "Elektriciens bouw", Heavy: true},
	{Code: "7512", Title: "Bakkers en banketbakkers", Heavy: true},
	{Code: "8160", Title: "Bedieners machines voedingsmiddelenindustrie"},
	{Code: "8189", Title: "Bedieners van vaste machines, niet elders geclassificeerd"},
	{Code: "8219", Title: "Assemblagemedewerkers, niet elders geclassificeerd"},
	{Code: "8322", Title: "Chauffeurs personenauto en bestelwagen"},
	{Code: "8332", Title: "Vrachtwagenchauffeurs"},
	{Code: "8344", Title: "Heftruckchauffeurs"},
	{Code: "9112", Title: "Schoonmakers in kantoren, hotels en andere gebouwen", Heavy: true},
	{Code: "9122", Title: "Voertuigreinigers"},
	{Code: "9129", Title: "Overige schoonmakers (glazenwassers e.d.)", Heavy: true},
	{Code: "9211", Title: "Landbouwhulpen akkerbouw en tuinbouw", Heavy: true},
	{Code: "9214", Title: "Hoveniershulpen en hulpen groenvoorziening", Heavy: true},
	{Code: "9312", Title: "Hulpen wegenbouw en waterbouw", Heavy: true},
	{Code: "9313", Title: "Bouwvakhulpen", Heavy: true},
	{Code: "9321", Title: "Inpakkers"},
	{Code: "9329", Title: "Productiehulpen, niet elders geclassificeerd"},
	{Code: "9333", Title: "Laders en lossers / orderpickers", Heavy: true},
	{Code: "9334", Title: "Vakkenvullers"},
	{Code: "9412", Title: "Keukenhulpen"},
	{Code: "9613", Title: "Straatvegers en medewerkers afvalinzameling", Heavy: true},
	{Code: "9621", Title: "Koeriers, bezorgers en kruiers"},
	{Code: "9629", Title: "Overige elementaire beroepen (o.a. facilitair medewerkers)"},
}

// FindOccupation returns the occupation with the 4-digit code.
func FindOccupation(code string) (Occupation, bool) {
	i, ok := slices.BinarySearchFunc(Occupations, code, func(o Occupation, c string) int { return strings.Compare(o.Code, c) })
	if !ok {
		return Occupation{}, false
	}
	return Occupations[i], true
}

// OccupationTitle returns "9321 Inpakkers", or the bare code when unknown.
func OccupationTitle(code string) string {
	if o, ok := FindOccupation(code); ok {
		return o.Code + " " + o.Title
	}
	return code
}

// ValidateOccupation refuses a code that is not in Occupations. field names
// the input field in the error.
func ValidateOccupation(field, code string) error {
	if _, ok := FindOccupation(code); !ok {
		return FieldError(field, "Onbekende beroepscode %q: kies een ISCO-08-beroep uit de lijst (4 cijfers, zoals 9321 Inpakkers).", code)
	}
	return nil
}

// ISCO-08 is hierarchical: unit group 9321 belongs to minor group 932
// (manufacturing labourers) and major group 9 (elementary occupations).

// MinorGroup returns the 3-digit minor group of a unit group code.
func MinorGroup(code string) string {
	if len(code) < 3 {
		return code
	}
	return code[:3]
}

// MajorGroup returns the 1-digit major group of a unit group code.
func MajorGroup(code string) string {
	if len(code) < 1 {
		return code
	}
	return code[:1]
}
