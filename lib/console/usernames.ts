/**
 * When two user names are the same name. User names are unique without regard to case, and the
 * comparison is made here, in one function, rather than by the database: SQLite's `lower()` and
 * `COLLATE NOCASE` fold ASCII letters only, PostgreSQL's `lower()` folds whatever its locale
 * says, so "Jürgen" and "JÜRGEN" (an identity provider may send either) would be two users on one
 * backend and one on the other. The users table keeps this fold of each name (`username_key`),
 * unique, and every lookup by name compares folds.
 *
 * The fold: Unicode compatibility normalisation (NFKC: composed and decomposed "ü" alike,
 * full-width letters as their usual forms) and JavaScript's full Unicode case mapping. On ASCII
 * names it is plain lower case, as the databases' own folding was.
 */
export function foldUsername(name: string): string {
  // Lower, upper, lower: full case folding as far as JavaScript has it ("ß", "ẞ" and "SS" alike).
  return name.normalize("NFKC").toLowerCase().toUpperCase().toLowerCase().normalize("NFKC");
}

/** True when `a` and `b` name the same user. */
export function sameUsername(a: string, b: string): boolean {
  return foldUsername(a) === foldUsername(b);
}
