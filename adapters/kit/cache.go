package kit

// Remember sets m[k] to v in one of an adapter's in-memory caches, first
// emptying m when it holds max entries: a cache of ids and flags whose
// miss costs one call, so that starting over is cheaper than tracking
// which entry is oldest. The caller holds the lock that guards m.
func Remember[K comparable, V any](m map[K]V, k K, v V, max int) {
	if len(m) >= max {
		clear(m)
	}
	m[k] = v
}

// Mark adds k to m, a set kept as Remember keeps a cache, and reports
// whether k is new there: something done once per key and process. The
// caller holds the lock that guards m.
func Mark[K comparable](m map[K]bool, k K, max int) bool {
	if m[k] {
		return false
	}
	Remember(m, k, true, max)
	return true
}
