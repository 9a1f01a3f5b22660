package commands

import "testing"

func TestSuggestions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"statsu", "status", 1}, // a swap of neighbours
		{"hanoff", "handoff", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"same", "same", 0},
	} {
		if got := osaDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct {
		word string
		want string
	}{
		{"statsu", "status"},
		{"STATUS", "status"},
		{"hepl", "help"},
		{"laed", "lead"},
		{"xyz", ""},     // nothing close
		{"pln", "plan"}, // one letter missing from a short word
		{"pn", ""},      // two edits on a short word is too far
	} {
		if got := closestWord(tc.word, commandFirstWords()); got != tc.want {
			t.Errorf("closestWord(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
