//! Between rbc's byte offsets and paths and the protocol's positions and URIs.
//!
//! Positions count UTF-16 code units unless the client offered UTF-8 (then bytes):
//! the one place where a byte offset becomes a `Position` and back.

use crate::source::SourceFile;
use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The position of a byte offset (clamped to the text, moved back to a character
/// boundary).
pub fn position(src: &SourceFile, offset: usize, enc: Encoding) -> Position {
    let offset = crate::words::floor_char_boundary(&src.text, offset.min(src.text.len()));
    let (line, _) = src.line_col(offset);
    let start = src.line_start(line);
    let seg = &src.text[start.min(offset)..offset];
    let character = match enc {
        Encoding::Utf8 => seg.len(),
        Encoding::Utf16 => seg.encode_utf16().count(),
    };
    Position {
        line: line - 1,
        character: character as u32,
    }
}

pub fn range(src: &SourceFile, start: usize, end: usize, enc: Encoding) -> Range {
    Range {
        start: position(src, start, enc),
        end: position(src, end.max(start), enc),
    }
}

/// The byte offset of a position: a line past the end is the end of the text, a
/// character past the end of its line the end of that line.
pub fn offset(src: &SourceFile, pos: Position, enc: Encoding) -> usize {
    let line = pos.line + 1;
    if line > src.line_count() {
        return src.text.len();
    }
    let start = src.line_start(line);
    let text = src.line_text(line);
    let mut units = 0usize;
    for (i, c) in text.char_indices() {
        if units >= pos.character as usize {
            return start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    start + text.len()
}

/// `file:///a/b%20c.md` → `/a/b c.md`; `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) is a local file.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if &rest[..i] == "localhost" => &rest[i..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    Some(PathBuf::from(crate::links::percent_decode(path)))
}

/// `/a/b c.md` → `file:///a/b%20c.md`.
pub fn path_to_uri(path: &Path) -> Uri {
    let mut s = String::from("file://");
    let text = path.to_string_lossy();
    if !text.starts_with('/') {
        s.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let src = SourceFile::new("a.md", "ab\n𝄞é x\n".to_string());
        // `x` is after 𝄞 (4 bytes, 2 UTF-16 units), é (2 bytes, 1 unit) and a space.
        let x = src.text.find('x').unwrap();
        let p16 = position(&src, x, Encoding::Utf16);
        assert_eq!((p16.line, p16.character), (1, 4));
        let p8 = position(&src, x, Encoding::Utf8);
        assert_eq!((p8.line, p8.character), (1, 7));
        assert_eq!(offset(&src, p16, Encoding::Utf16), x);
        assert_eq!(offset(&src, p8, Encoding::Utf8), x);
        // Past the end of a line, past the last line.
        let eol = offset(&src, Position::new(0, 99), Encoding::Utf16);
        assert_eq!(eol, 2);
        assert_eq!(
            offset(&src, Position::new(9, 0), Encoding::Utf16),
            src.text.len()
        );
        // Inside a character: moved back to its start.
        let inside = src.text.find('é').unwrap() + 1;
        assert_eq!(position(&src, inside, Encoding::Utf8).character, 4);
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/run books/é#1.md");
        let u = path_to_uri(p);
        assert_eq!(u.as_str(), "file:///tmp/run%20books/%C3%A9%231.md");
        assert_eq!(uri_to_path(&u).unwrap(), p);
        assert!(uri_to_path(&Uri::from_str("untitled:Untitled-1").unwrap()).is_none());
    }
}
