package match

// field is the finite field GF(q) for a prime power q, with elements
// 0..q-1 standing for polynomials over GF(p) in base p. Designs use it for
// the arithmetic of transversal designs; q is small, so both operations
// are tables.
type field struct {
	q        int
	add, mul []int32 // q×q tables
}

// newField returns GF(q), or false when q is not a prime power in 2..256.
func newField(q int) (field, bool) {
	if q < 2 || q > 256 {
		return field{}, false
	}
	p := 2
	for q%p != 0 {
		p++
	}
	k := 0
	for r := q; r > 1; r /= p {
		if r%p != 0 {
			return field{}, false
		}
		k++
	}
	f := field{q: q, add: make([]int32, q*q), mul: make([]int32, q*q)}
	digits := func(a int) []int {
		d := make([]int, k)
		for i := range d {
			d[i], a = a%p, a/p
		}
		return d
	}
	number := func(d []int) int32 {
		a := 0
		for i := len(d) - 1; i >= 0; i-- {
			a = a*p + d[i]
		}
		return int32(a)
	}
	for a := range q {
		da := digits(a)
		for b := range q {
			db := digits(b)
			s := make([]int, k)
			for i := range s {
				s[i] = (da[i] + db[i]) % p
			}
			f.add[a*q+b] = number(s)
		}
	}
	// The first monic polynomial of degree k (its lower coefficients being
	// the digits of c) for which every nonzero element has an inverse is
	// irreducible, and multiplication modulo it makes the field.
	for c := range q {
		red := digits(c)
		for a := range q {
			da := digits(a)
			for b := range q {
				db := digits(b)
				prod := make([]int, 2*k)
				for i, x := range da {
					for j, y := range db {
						prod[i+j] = (prod[i+j] + x*y) % p
					}
				}
				// x^k = -red, applied from the top degree down.
				for d := 2*k - 1; d >= k; d-- {
					if t := prod[d]; t != 0 {
						prod[d] = 0
						for i, r := range red {
							prod[d-k+i] = ((prod[d-k+i]-t*r)%p + p) % p
						}
					}
				}
				f.mul[a*q+b] = number(prod[:k])
			}
		}
		if f.isField() {
			return f, true
		}
	}
	return field{}, false
}

// isField reports whether every nonzero element has a multiplicative
// inverse under the current tables.
func (f field) isField() bool {
	for a := 1; a < f.q; a++ {
		inv := false
		for b := 1; b < f.q && !inv; b++ {
			inv = f.mul[a*f.q+b] == 1
		}
		if !inv {
			return false
		}
	}
	return true
}

func (f field) plus(a, b int32) int32  { return f.add[int(a)*f.q+int(b)] }
func (f field) times(a, b int32) int32 { return f.mul[int(a)*f.q+int(b)] }
