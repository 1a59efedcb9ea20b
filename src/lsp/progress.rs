//! Work-done progress while a workspace loads, for clients that advertise
//! `window.workDoneProgress`: the server asks for a token
//! (`window/workDoneProgress/create`), then sends `$/progress` begin, reports as
//! files are parsed, and end.

use super::Server;
use crossbeam_channel::Sender;
use lsp_server::{Message, Notification, Request};
use lsp_types as lt;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// How long the server waits for the client to accept a token before it loads
/// without progress.
const ACCEPT: Duration = Duration::from_secs(5);

pub struct Progress {
    sender: Sender<Message>,
    token: lt::ProgressToken,
    /// The percentage last reported: a report is sent only when it grows.
    last: AtomicU32,
}

impl Progress {
    fn send(&self, v: lt::WorkDoneProgress) {
        let _ = self.sender.send(
            Notification::new(
                lt::notification::Progress::METHOD.into(),
                lt::ProgressParams {
                    token: self.token.clone(),
                    value: lt::ProgressParamsValue::WorkDone(v),
                },
            )
            .into(),
        );
    }

    pub fn begin(&self, title: &str, message: &str) {
        self.send(lt::WorkDoneProgress::Begin(lt::WorkDoneProgressBegin {
            title: title.into(),
            cancellable: Some(false),
            message: Some(message.into()),
            percentage: Some(0),
        }));
    }

    /// Report `percentage` (0–100) with a message, unless it is not more than the last.
    pub fn report(&self, percentage: u32, message: impl FnOnce() -> String) {
        let percentage = percentage.min(100);
        if self.last.fetch_max(percentage, Ordering::Relaxed) >= percentage {
            return;
        }
        self.send(lt::WorkDoneProgress::Report(lt::WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(message()),
            percentage: Some(percentage),
        }));
    }

    pub fn end(&self, message: String) {
        self.send(lt::WorkDoneProgress::End(lt::WorkDoneProgressEnd {
            message: Some(message),
        }));
    }
}

impl Server<'_> {
    /// A progress the client accepted, when it shows progress at all. Messages that
    /// arrive while waiting for its answer are kept for later.
    pub(super) fn start_progress(&mut self) -> Option<Progress> {
        if !self.work_done {
            return None;
        }
        self.next_request += 1;
        let id: lsp_server::RequestId = format!("rbc-{}", self.next_request).into();
        let token = lt::ProgressToken::String(format!("rbc-load-{}", self.next_request));
        self.send(Request::new(
            id.clone(),
            lt::request::WorkDoneProgressCreate::METHOD.into(),
            lt::WorkDoneProgressCreateParams {
                token: token.clone(),
            },
        ));
        let deadline = Instant::now() + ACCEPT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left) {
                Ok(Message::Response(r)) if r.id == id => {
                    return r.error.is_none().then(|| Progress {
                        sender: self.conn.sender.clone(),
                        token,
                        last: AtomicU32::new(0),
                    });
                }
                Ok(m) => self.backlog.push_back(m),
                Err(_) => return None,
            }
        }
    }
}
