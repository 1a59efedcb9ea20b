//! Source files: their text, a line index, and spans that point into them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A place in a source file: byte range plus the 1-based line and column of its start.
///
/// Columns count Unicode scalar values, as rustc does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// The file: its path relative to the corpus root in the model and everything
    /// built from it; in findings, the path as the user gave it (see
    /// [`SourceFile::shown`]).
    pub file: Arc<str>,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub col: u32,
}

/// One loaded Markdown file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its name in the model: the path relative to the corpus root (`db/failover.md`),
    /// the same whatever folder rbc runs from. Spans carry it.
    pub path: Arc<str>,
    /// The path as the user gave it (`../repo/runbooks/db/failover.md`,
    /// `/home/ci/…/failover.md`): what findings show, where `--fix` writes.
    pub shown: Arc<str>,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file named `path` in the model and in findings alike.
    pub fn new(path: impl Into<Arc<str>>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        line_starts.shrink_to_fit();
        let path = path.into();
        SourceFile {
            shown: path.clone(),
            path,
            text,
            line_starts,
        }
    }

    /// The same file, shown in findings as `shown`.
    pub fn with_shown(mut self, shown: impl Into<Arc<str>>) -> Self {
        self.shown = shown.into();
        self
    }

    /// 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut col = count_chars(&self.text.as_bytes()[start..offset]) + 1;
        // A byte order mark is not a column anyone can see.
        if line == 0 && offset >= 3 && self.text.starts_with('\u{feff}') {
            col -= 1;
        }
        (line as u32 + 1, col as u32)
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let (line, col) = self.line_col(start);
        Span {
            file: self.path.clone(),
            start,
            end: end.max(start),
            line,
            col,
        }
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line.max(1) - 1) as usize;
        if i >= self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.line_starts.get(i).copied().unwrap_or(self.text.len())
    }
}

/// Where the text of a code block sits in its file. pulldown-cmark hands code over
/// piece by piece, with list indentation taken off and `\r\n` read as `\n`, so an
/// offset in the joined text is not an offset in the file: this is the one place that
/// turns one into the other. One segment per piece: (text offset, file range).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    /// A map for text that is a verbatim slice of the file from `start`.
    pub fn verbatim(start: usize, len: usize) -> Self {
        OffsetMap {
            segs: vec![(0, start, start + len)],
        }
    }

    /// The next piece of text (`text_pos`: its offset in the joined text) came from
    /// `file` in the file.
    pub fn push(&mut self, text_pos: usize, file: std::ops::Range<usize>) {
        self.segs.push((text_pos, file.start, file.end));
    }

    /// The file offset of a text offset: exact inside a piece, clamped to the piece
    /// where the two differ, and always on a character boundary of `file_text`.
    pub fn to_file(&self, file_text: &str, off: usize) -> usize {
        let i = match self.segs.binary_search_by_key(&off, |s| s.0) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let Some(&(t, s, e)) = self.segs.get(i) else {
            return 0;
        };
        let mut pos = s.saturating_add(off.saturating_sub(t)).min(e);
        pos = pos.min(file_text.len());
        // A piece that starts with the `\n` of a `\r\n` the text read as `\n`: the
        // offset is at the line's end, which in the file is before the `\r` (else a
        // command's end, mapped here, would take the `\r` in).
        let b = file_text.as_bytes();
        let prev_end = i.checked_sub(1).and_then(|p| self.segs.get(p)).map(|p| p.2);
        if pos == s
            && pos > 0
            && b.get(pos) == Some(&b'\n')
            && b[pos - 1] == b'\r'
            && prev_end.is_none_or(|pe| pe < pos)
        {
            pos -= 1;
        }
        while !file_text.is_char_boundary(pos) {
            pos -= 1;
        }
        pos
    }
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, b)| **b == needle)
        .map(|(i, _)| i)
}

fn count_chars(bytes: &[u8]) -> usize {
    // Count bytes that are not UTF-8 continuation bytes.
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_map_skips_what_the_text_left_out() {
        // "# c\r\nkubectl x\r\n" given as "# c" (0..3) and "\nkubectl x" (4..14).
        let file = "# c\r\nkubectl x\r\n";
        let mut m = OffsetMap::default();
        m.push(0, 0..3);
        m.push(3, 4..14);
        assert_eq!(m.to_file(file, 0), 0);
        assert_eq!(m.to_file(file, 4), 5); // 'k'
        assert_eq!(&file[m.to_file(file, 4)..m.to_file(file, 13)], "kubectl x");
        // The end of a line of `\r\n` is before the `\r`: "a\r\nb" given as "a" (0..1)
        // and "\nb" (2..4).
        let crlf = "a\r\nb";
        let mut m = OffsetMap::default();
        m.push(0, 0..1);
        m.push(1, 2..4);
        assert_eq!(m.to_file(crlf, 1), 1);
        assert_eq!(m.to_file(crlf, 2), 3);
        // Never inside a character.
        let f = "é";
        assert_eq!(OffsetMap::verbatim(0, 2).to_file(f, 1), 0);
    }

    #[test]
    fn line_and_column() {
        let f = SourceFile::new("a.md", "ab\r\ncé d\nx".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        // 'é' is two bytes; ' ' after it is column 3.
        assert_eq!(f.line_col(7), (2, 3));
        assert_eq!(f.line_text(1), "ab");
        assert_eq!(f.line_text(2), "cé d");
        assert_eq!(f.line_text(3), "x");
        assert_eq!(f.line_count(), 3);
    }
}
