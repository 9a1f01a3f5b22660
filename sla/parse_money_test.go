package sla

import "testing"

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Money // cents
	}{
		{"5000", 500_000},
		{"$5,000", 500_000},
		{"5k", 500_000},
		{"5K", 500_000},
		{"1.2M", 120_000_000}, // 1.2 × 1,000,000 dollars × 100
		{"1.2m", 120_000_000},
		{"$1.5k", 150_000},          // $1,500
		{"2,500.50", 250_050},       // $2,500.50
		{"$1,250,000", 125_000_000}, // grouped millions
		{"$1,200k", 120_000_000},    // $1,200 thousand
		{"0", 0},
		{"0.01", 1},
		{".5", 50},
		{"1.23456k", 123_456}, // $1,234.56
		{" 42 ", 4_200},
		{"1000000000000", 100_000_000_000_000}, // $1 trillion, the most
		// as CRM exports and webhooks write amounts
		{"1200.0", 120_000},
		{"1200.05", 120_005},
		{"$1,200.50", 120_050},
		{" 12,345,678 ", 1_234_567_800},
		{"1200.500", 120_050}, // exact: the trailing zero is no finer than a cent
	} {
		got, err := ParseMoney(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"", "an empty value is not an amount: use 5000, $5,000, 5k or 1.2M"},
		{"k", `"k" is not an amount: use 5000, $5,000, 5k or 1.2M`},
		{"$", "is not an amount"},
		{"abc", `"abc" is not an amount: use 5000, $5,000, 5k or 1.2M`},
		{"5,00", `"5,00" has misplaced commas: group thousands like $5,000 or $1,250,000`},
		{"50,00.5", "has misplaced commas"},
		{",500", "has misplaced commas"},
		{"1,2345", "has misplaced commas"},
		{"-5", `"-5" is negative: amounts are $0 or more`},
		{"-$5", "is negative"},
		{"$-5", "is negative"},
		{"0.001", `"0.001" is more precise than a cent`},
		{"1.234567k", "is more precise than a cent"}, // $1,234.567
		{"1000000000001", "is too large: the most is $1,000,000,000,000"},
		{"99999999999999999999999", "is too large"},
		{"5.", "is not an amount"},
		{"1200.505", "is more precise than a cent"},
		{"10000000000000", "is too large"}, // $10 trillion
		{"1e5", "is not an amount"},
		{"0x10", "is not an amount"},
		{"+5", "is not an amount"},
		{"5kk", "is not an amount"},
		{"5 000", "is not an amount"},
		{"1.2.3", "is not an amount"},
		{"$5,000.5,0", "is not an amount"},
	} {
		_, err := ParseMoney(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
