//! Bash syntax errors in process, with tree-sitter-bash: exact positions, and parsing
//! goes on after an error. One parser per thread, reused.

use std::cell::RefCell;

/// A syntax error at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub start: usize,
    pub end: usize,
    /// The offending token, or what is missing.
    pub message: String,
}

thread_local! {
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

/// `<pod-name>` → `_pod-name_`: same length, so offsets stay right, and a plain word.
pub fn mask_placeholders(code: &str) -> String {
    let mut s = code.to_string();
    for (start, end, _) in crate::words::placeholder_ranges(code) {
        s.replace_range(start..start + 1, "_");
        s.replace_range(end - 1..end, "_");
    }
    s
}

/// Syntax errors of a shell block (placeholders already masked), in order.
pub fn syntax_errors(code: &str) -> Vec<SyntaxError> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut p = tree_sitter::Parser::new();
            p.set_language(&tree_sitter_bash::LANGUAGE.into())
                .expect("tree-sitter-bash matches the tree-sitter version");
            p
        });
        let Some(tree) = parser.parse(code, None) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        collect(tree.root_node(), code, &mut out);
        out
    })
}

fn collect(node: tree_sitter::Node, code: &str, out: &mut Vec<SyntaxError>) {
    if !node.has_error() {
        return;
    }
    if node.is_missing() {
        out.push(SyntaxError {
            start: node.start_byte(),
            end: node.start_byte(),
            message: format!("missing `{}`", node.kind()),
        });
        return;
    }
    if node.is_error() {
        // Point at the first token bash would choke on.
        let mut leaf = node;
        while let Some(c) = leaf.child(0) {
            leaf = c;
        }
        // tree-sitter's offsets are into `code` itself; `get` all the same, so an
        // offset inside a character can never panic.
        let text = code
            .get(leaf.start_byte()..leaf.end_byte())
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        out.push(SyntaxError {
            start: leaf.start_byte(),
            end: leaf.end_byte().max(leaf.start_byte()),
            message: if text.is_empty() {
                "unexpected end of input".to_string()
            } else {
                format!("unexpected token `{text}`")
            },
        });
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, code, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_errors_and_ignores_placeholders() {
        assert!(
            syntax_errors(&mask_placeholders("kubectl logs <pod-name> --previous\n")).is_empty()
        );
        let e = syntax_errors("kubectl exec x -- erlang:memory()\necho ok\n");
        assert!(!e.is_empty());
        assert!(e[0].start >= 18, "{e:?}");
        assert!(syntax_errors("if true; then\n")
            .iter()
            .any(|e| e.message.contains("missing")));
    }
}
