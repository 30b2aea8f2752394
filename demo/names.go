package demo

import "fmt"

// Small name lists for a region in Gelderland: common Dutch names and the
// names of the larger groups of newcomers.
var (
	givenNames = []string{
		"Anna", "Bram", "Daan", "Emma", "Fenna", "Gijs", "Hanna", "Iris", "Jan", "Jesse", "Julia", "Kees",
		"Lars", "Lisa", "Lotte", "Maud", "Mila", "Noah", "Noor", "Pieter", "Roos", "Sanne", "Sem", "Sophie",
		"Thijs", "Tim", "Vera", "Wim", "Yara", "Zoë", "Henk", "Ingrid", "Marco", "Petra", "Ria", "Ton",
		"Ahmed", "Fatima", "Mohammed", "Yasmina", "Mustafa", "Aylin", "Emre", "Zeynep", "Omar", "Rania",
		"Dawit", "Senait", "Tesfay", "Selam", "Ali", "Samira", "Karim", "Nour", "Piotr", "Agnieszka",
	}
	surnames = []struct{ infix, name string }{
		{"de", "Jong"}, {"", "Jansen"}, {"de", "Vries"}, {"van den", "Berg"}, {"van", "Dijk"}, {"", "Bakker"},
		{"", "Janssen"}, {"", "Visser"}, {"", "Smit"}, {"", "Meijer"}, {"de", "Boer"}, {"", "Mulder"},
		{"de", "Groot"}, {"", "Bos"}, {"", "Vos"}, {"", "Peters"}, {"", "Hendriks"}, {"van", "Leeuwen"},
		{"", "Dekker"}, {"", "Brouwer"}, {"de", "Wit"}, {"", "Dijkstra"}, {"", "Smits"}, {"de", "Graaf"},
		{"van der", "Meer"}, {"van der", "Linden"}, {"", "Kok"}, {"", "Jacobs"}, {"de", "Haan"}, {"", "Vermeulen"},
		{"van den", "Heuvel"}, {"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"}, {"", "Gerritsen"},
		{"", "Verhoeven"}, {"van", "Beek"}, {"", "Willems"}, {"", "Arts"}, {"", "Thijssen"}, {"", "Wijnen"},
		{"", "Yılmaz"}, {"", "Kaya"}, {"", "Demir"}, {"", "El Amrani"}, {"", "Bouzid"}, {"", "Benali"},
		{"", "Tesfamariam"}, {"", "Haile"}, {"", "Al-Hassan"}, {"", "Ibrahim"}, {"", "Nowak"}, {"", "Kowalski"},
	}
	employers = []string{
		"Albert Heijn Nijmegen", "Jumbo Wijchen", "Radboudumc", "Canisius Wilhelmina Ziekenhuis", "Gemeente Nijmegen",
		"Dar", "PostNL Sorteercentrum", "Bouwbedrijf Van Wijnen", "Hotel Sionshof", "Koninklijke Bouwmaat",
		"Thuiszorg Sensire", "Pluryn", "Driestroom", "Kringloop Nijmegen", "De Hoge Veluwe Catering",
		"Action Distributiecentrum", "Hoveniersbedrijf Groenrijk", "Schoonmaakbedrijf Asito", "Hema", "Bol.com Fulfilment",
		"Van der Valk Molenhoek", "Groothandel Sligro", "Bakkerij Bart", "ROC Nijmegen", "Installatiebedrijf Unica",
	}
	hosts = []string{
		"Kringloop Nijmegen", "Stichting Lindenberg", "Wijkcentrum Dukenburg", "Zorgboerderij De Hooiberg",
		"Sportbedrijf Nijmegen", "Voedselbank Nijmegen", "Dierenasiel Wijchen", "Bibliotheek Gelderland Zuid",
	}
	providers = []string{"Iriszorg", "Pluryn", "Driestroom", "Stichting Lindenberg", "Werkplaats De Nieuwe Hoven", "Zorgboerderij De Hooiberg"}

	trajectories = []string{"versnelling", "samen-sterk", "activering", "ips", "map", "multiproblematiek", "zorgjongeren", "participatiecoaching", "jobcoaching"}
)

// bsnSource hands out valid BSNs (11-proef) from a counter: eight digits
// from the counter and the check digit; a counter value without a valid
// check digit is skipped. Deterministic and never repeating.
type bsnSource struct{ next int }

func newBSNSource() *bsnSource { return &bsnSource{next: 20_000_000} }

func (b *bsnSource) Next() string {
	for {
		n := b.next
		b.next++
		sum := 0
		for i, w := 7, 2; i >= 0; i, w = i-1, w+1 {
			sum += w * (n / pow10[7-i] % 10)
		}
		if check := sum % 11; check < 10 {
			return fmt.Sprintf("%08d%d", n, check)
		}
	}
}

var pow10 = [8]int{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000}
