package commands

import "strings"

// closestWord returns the candidate closest to word by edit distance, or "" when
// none is close enough to be what was meant.
func closestWord(word string, candidates []string) string {
	word = strings.ToLower(word)
	if word == "" || len(word) > 40 {
		return ""
	}
	best, bestD := "", 0
	for _, c := range candidates {
		d := osaDistance(word, c)
		limit := 2
		if len(c) <= 4 {
			limit = 1
		}
		if d <= limit && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// osaDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours (statsu → status is 1).
func osaDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// didYouMean formats a suggestion as a sentence tail, or "".
func didYouMean(word string, candidates []string, suffix string) string {
	if s := closestWord(word, candidates); s != "" {
		return " — did you mean `" + s + suffix + "`?"
	}
	return ""
}
