package pathauto

// pcSet is a sparse set of program counters with constant-time add, lookup and clear.
type pcSet struct {
	sparse []uint32
	dense  []uint32
}

// newPCSet returns an empty set for program counters below n.
func newPCSet(n int) pcSet {
	return pcSet{sparse: make([]uint32, n), dense: make([]uint32, 0, n)}
}

// has reports whether pc is in the set.
func (s *pcSet) has(pc uint32) bool {
	i := s.sparse[pc]
	return int(i) < len(s.dense) && s.dense[i] == pc
}

// add inserts pc, which must not be in the set.
func (s *pcSet) add(pc uint32) {
	s.sparse[pc] = uint32(len(s.dense))
	s.dense = append(s.dense, pc)
}

// clear empties the set.
func (s *pcSet) clear() { s.dense = s.dense[:0] }
