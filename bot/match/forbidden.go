package match

// blocksOf returns the members u blocked or was blocked by, sorted.
func (x *instance) blocksOf(u int32) []int32 {
	if x.blocked == nil {
		return nil
	}
	return x.blocked[u]
}

// forbidden reports whether u and v may not be grouped: the options forbid
// it (forbiddenByRules) or the trio plan keeps them apart.
func (x *instance) forbidden(u, v int32) bool {
	return x.forbiddenByRules(u, v) || (x.plan != nil && x.plan.keeps(u, v))
}

// forbiddenByRules reports whether the options forbid grouping u and v: the
// same company with AvoidSameCompany, different platforms with
// PlatformRequire.
func (x *instance) forbiddenByRules(u, v int32) bool {
	if x.samePlat == PlatformRequire && x.plat[u] != x.plat[v] {
		return true
	}
	if !x.avoidSame {
		return false
	}
	c := x.comp[u]
	return c != 0 && c == x.comp[v]
}
