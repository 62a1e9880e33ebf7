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
