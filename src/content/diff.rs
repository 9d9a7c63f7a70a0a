//! A line diff (longest common subsequence) for comparing revisions.

use serde::Serialize;

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `same`, `added` or `removed`.
    pub kind: &'static str,
    pub text: String,
}

/// Texts longer than this many lines each are compared as a whole (the table grows with the
/// product of both lengths).
const MAX_LINES: usize = 3_000;

/// The lines of `new` against `old`: kept, added and removed, in reading order.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let line = |kind, text: &str| DiffLine { kind, text: text.to_owned() };
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        let mut out: Vec<DiffLine> = a.iter().map(|t| line("removed", t)).collect();
        out.extend(b.iter().map(|t| line("added", t)));
        return out;
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] =
                if a[i] == b[j] { lcs[i + 1][j + 1].saturating_add(1) } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len().max(b.len())));
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(line("same", a[i]));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(line("removed", a[i]));
            i += 1;
        } else {
            out.push(line("added", b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|t| line("removed", t)));
    out.extend(b[j..].iter().map(|t| line("added", t)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(old: &str, new: &str) -> Vec<(&'static str, String)> {
        lines(old, new).into_iter().map(|l| (l.kind, l.text)).collect()
    }

    #[test]
    fn shows_what_changed() {
        assert_eq!(
            kinds("uno\ndos\ntres", "uno\n2\ntres\ncuatro"),
            [
                ("same", "uno".into()),
                ("removed", "dos".into()),
                ("added", "2".into()),
                ("same", "tres".into()),
                ("added", "cuatro".into())
            ]
        );
        assert!(kinds("a\nb", "a\nb").iter().all(|(k, _)| *k == "same"));
        assert_eq!(kinds("", "x"), [("added", "x".into())]);
    }
}
