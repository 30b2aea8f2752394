package csvimport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// BSNSeries hands out valid, distinct BSNs (11-proef) for generated test
// and benchmark files: eight digits from a counter and the check digit; a
// counter value without a valid check digit is skipped.
type BSNSeries struct{ next int }

// NewBSNSeries starts a series at counter start (below 100.000.000).
func NewBSNSeries(start int) *BSNSeries { return &BSNSeries{next: start} }

// Next returns the next BSN of the series.
func (s *BSNSeries) Next() string {
	for {
		c := s.next
		s.next++
		sum := 0
		for i, w := 7, 2; i >= 0; i, w = i-1, w+1 {
			sum += w * (c / pow10[7-i] % 10)
		}
		if check := sum % 11; check < 10 {
			return fmt.Sprintf("%08d%d", c, check)
		}
	}
}

var pow10 = [8]int{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000}

// WriteSampleCandidates writes a candidates file of n good rows with
// distinct BSNs from bsns, spread over the region's municipalities, each
// with a benefit and a phase.
func WriteSampleCandidates(w io.Writer, n int, bsns *BSNSeries) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(strings.Join(CandidateColumns, ";") + "\n")
	municipalities := []string{"GM0268", "GM1945", "GM0209", "GM0225", "GM0252", "GM0944", "GM0296", "GM0668"}
	services := []string{"arbeidsbemiddeling", "ownw", "sw"}
	phases := []string{"ontwikkelen", "bemiddelen", "begeleiden"}
	for i := range n {
		fmt.Fprintf(bw, "%s;Voornaam%d;%s;Achternaam%d;%02d-%02d-%d;%s;%s;15-01-2024;bijstand;01-%02d-2023;;%s;15-01-2024\n",
			bsns.Next(), i%997, []string{"", "de", "van"}[i%3], i, 1+i%28, 1+i%12, 1960+i%40,
			municipalities[i%len(municipalities)], services[i%len(services)], 1+i%12, phases[i%len(phases)])
	}
	return bw.Flush()
}
