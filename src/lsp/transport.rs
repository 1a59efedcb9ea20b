//! The stdio transport: `Content-Length` framed JSON-RPC messages in, out.
//!
//! lsp-server's own stdio transport stops reading at the first message that is not
//! valid JSON-RPC; an editor session must survive one. Here a body that is not JSON
//! gets a parse error (-32700) and one that is JSON but not a message an invalid
//! request error (-32600), and reading goes on with the next message.

use lsp_server::{Connection, Message};
use std::io::{BufRead, Write};

/// The thread that writes stdout: join it after dropping the connection, so every
/// answer is written before the process ends.
pub struct Writer(std::thread::JoinHandle<()>);

impl Writer {
    pub fn join(self) {
        let _ = self.0.join();
    }
}

/// A connection over stdin and stdout. The thread reading stdin ends at `exit` or at
/// the end of the input.
pub fn stdio() -> (Connection, Writer) {
    let (to_server, from_client) = crossbeam_channel::unbounded::<Message>();
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let writer = std::thread::Builder::new()
        .name("rbc-lsp-writer".into())
        .spawn(move || {
            for m in outgoing {
                let mut out = std::io::stdout().lock();
                if m.write(&mut out).is_err() {
                    break;
                }
            }
        })
        .expect("a thread starts");
    std::thread::Builder::new()
        .name("rbc-lsp-reader".into())
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            read_loop(&mut input, &to_server, &mut || std::io::stdout().lock());
        })
        .expect("a thread starts");
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Writer(writer),
    )
}

/// Read messages until end of input or `exit`; answer the ones that cannot be read
/// on `raw_out` (they have no request id lsp-server can represent).
pub fn read_loop<R: BufRead, W: Write>(
    input: &mut R,
    to_server: &crossbeam_channel::Sender<Message>,
    raw_out: &mut dyn FnMut() -> W,
) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(b)) => b,
            Ok(None) => return,
            Err(Frame::Header(what)) => {
                write_raw(
                    raw_out(),
                    &error_json(None, -32700, &format!("bad message header: {what}")),
                );
                continue;
            }
            Err(Frame::Io) => return,
        };
        let parsed = match serde_json::from_slice::<serde_json::Value>(&body) {
            Err(e) => Err((None, -32700, format!("the message is not JSON: {e}"))),
            // lsp-server would read `{"id":1,"method":12}` as a response.
            Ok(v) if v.get("method").is_some_and(|m| !m.is_string()) => Err((
                v.get("id").cloned(),
                -32600,
                "`method` is not a string".to_string(),
            )),
            Ok(v) => {
                let id = v.get("id").cloned();
                serde_json::from_value::<Message>(v).map_err(|e| {
                    (
                        id,
                        -32600,
                        format!("not a JSON-RPC request, response or notification: {e}"),
                    )
                })
            }
        };
        match parsed {
            Ok(m) => {
                let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                if to_server.send(m).is_err() || exit {
                    return;
                }
            }
            // A notification that is not understood gets no answer (it has no id);
            // anything else is answered, with a null id when none can be read.
            Err((None, -32600, _)) => {}
            Err((id, code, what)) => write_raw(raw_out(), &error_json(id, code, &what)),
        }
    }
}

enum Frame {
    Header(String),
    Io,
}

/// One framed body; `Ok(None)` at the end of the input.
fn read_frame<R: BufRead>(input: &mut R) -> Result<Option<Vec<u8>>, Frame> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut any = false;
    loop {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) => return if any { Err(Frame::Io) } else { Ok(None) },
            Ok(_) => {}
            Err(_) => return Err(Frame::Io),
        }
        any = true;
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            if length.is_none() && bad.is_none() {
                // Blank lines between messages.
                any = false;
                continue;
            }
            break;
        }
        match l.split_once(':') {
            Some((k, v)) if k.eq_ignore_ascii_case("content-length") => {
                match v.trim().parse::<usize>() {
                    Ok(n) if n <= 256 << 20 => length = Some(n),
                    _ => bad = Some(format!("`{l}`")),
                }
            }
            Some(_) => {} // Content-Type and other headers
            None => bad = Some(format!("`{}` is not a header", truncate(l))),
        }
    }
    if let Some(b) = bad {
        return Err(Frame::Header(b));
    }
    let Some(n) = length else {
        return Err(Frame::Header("no Content-Length".into()));
    };
    let mut body = vec![0; n];
    input.read_exact(&mut body).map_err(|_| Frame::Io)?;
    Ok(Some(body))
}

fn truncate(s: &str) -> &str {
    &s[..crate::words::floor_char_boundary(s, s.len().min(60))]
}

fn error_json(id: Option<serde_json::Value>, code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(serde_json::Value::Null),
        "error": { "code": code, "message": message },
    })
    .to_string()
}

fn write_raw<W: Write>(mut out: W, json: &str) {
    let _ = write!(out, "Content-Length: {}\r\n\r\n{json}", json.len());
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(s: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{s}", s.len())
    }

    #[test]
    fn malformed_messages_are_answered_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":12}"#),
            "Content-Length: abc\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        let (tx, rx) = crossbeam_channel::unbounded();
        let mut out = Vec::new();
        {
            let out = std::cell::RefCell::new(&mut out);
            read_loop(&mut input.as_bytes(), &tx, &mut || {
                struct W<'a, 'b>(&'a std::cell::RefCell<&'b mut Vec<u8>>);
                impl Write for W<'_, '_> {
                    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                        self.0.borrow_mut().extend_from_slice(b);
                        Ok(b.len())
                    }
                    fn flush(&mut self) -> std::io::Result<()> {
                        Ok(())
                    }
                }
                W(&out)
            });
        }
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#""code":-32700"#), "{text}");
        assert!(
            text.contains(r#""id":7"#) && text.contains("-32600"),
            "{text}"
        );
        assert!(text.contains("bad message header"), "{text}");
        let got: Vec<String> = rx
            .try_iter()
            .map(|m| match m {
                Message::Notification(n) => n.method,
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(got, ["initialized", "exit"]);
    }
}
