// Package pathauto explores the lazy product automaton of many path languages at once.
//
// Each path language is an RE2 pattern that must match the whole normalized path (what
// model.PathMatch.Pattern returns). Every pattern is parsed with regexp/syntax and compiled
// to a *syntax.Prog; a lazily built subset automaton (DFA) runs each program, and the product
// of those automata over one partition of the path alphabet is searched breadth-first.
// Explore reports every reachable product state once, with the shortest path reaching it and
// the patterns that accept that path; Matcher runs the same automata on one concrete string.
//
// The alphabet is restricted to the characters a client can send in a normalized path
// (DefaultAlphabet) and split into classes of characters that every instruction of every
// program treats identically, so the search steps with one representative per class and its
// cost does not depend on the alphabet size.
package pathauto
