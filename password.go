package werkpad

import "crypto/rand"

// GeneratePassword returns a random password of 20 characters from an
// alphabet without look-alikes (about 115 bits).
func GeneratePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	// Reject bytes above the largest multiple of len(alphabet) to avoid bias.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, 20)
	buf := make([]byte, 32)
	for len(out) < 20 {
		if _, err := rand.Read(buf); err != nil {
			panic(err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < 20 {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}
