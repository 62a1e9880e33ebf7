package dash

// MembersCursor is the members page's cursor (its after= or before=) for a
// row whose key in the order is num, or str for the name order.
func MembersCursor(num int64, str, id string) string {
	return cursor{num: num, str: str, id: id}.String()
}
