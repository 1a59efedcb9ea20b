//! `rbc serve`: build the site into a temporary folder, serve it on 127.0.0.1 and
//! rebuild when a Markdown file (or the config, or the theme) changes.
//!
//! A deliberately small HTTP/1.1 server: GET and HEAD of files under the site folder,
//! nothing else. It is a preview for authors, not a production server.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub fn serve(
    paths: Vec<PathBuf>,
    port: u16,
    config: Option<PathBuf>,
    allow_empty: bool,
    theme_dir: Option<PathBuf>,
    alerts: Vec<PathBuf>,
    base: Option<String>,
) -> i32 {
    let base = match base.as_deref().map(normalise_base).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let tmp = std::env::temp_dir().join(format!("rbc-serve-{}", std::process::id()));
    let out = tmp.join("dist");
    if let Err(e) = std::fs::create_dir_all(&tmp) {
        eprintln!("error: cannot create `{}`: {e}", tmp.display());
        return 2;
    }
    // The model and per-file findings are kept between builds: a change re-parses and
    // re-checks only the files that changed (see `rbc::incremental`). A changed
    // configuration starts a new session.
    let open = || -> Option<rbc::incremental::Session> {
        match rbc::settings_for(&paths, config.as_deref()) {
            Ok(mut settings) => {
                settings.alert_paths = alerts.clone();
                // Preview the site as it is published under a sub-path.
                if let Some(b) = &base {
                    settings.site_base = Some(b.clone());
                }
                let loaded = rbc::load::load(&paths, &settings, Some(&out));
                Some(rbc::incremental::Session::new(rbc::Project {
                    settings,
                    loaded,
                    source_commit: None,
                    hold_scripts: false,
                }))
            }
            Err(e) => {
                eprintln!("error: invalid configuration\n  --> {e}");
                None
            }
        }
    };
    let Some(mut session) = open() else {
        let _ = std::fs::remove_dir_all(&tmp);
        return 2;
    };
    if let Some(msg) = session.project.loaded.empty_paths_error(allow_empty) {
        eprint!("{msg}");
        let _ = std::fs::remove_dir_all(&tmp);
        return 2;
    }
    let rebuild = |session: &rbc::incremental::Session, first: bool| -> bool {
        let theme = match rbc::emit::site::Theme::load(theme_dir.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return false;
            }
        };
        let t = std::time::Instant::now();
        let diags = session.check();
        let errors = session.project.command_errors(&diags);
        // Serving is for reading: build even when commands have errors, and say so.
        if !errors.is_empty() {
            eprintln!(
                "warning: {} command(s) have errors; run `rbc check` for details",
                errors.len()
            );
        }
        let checked = t.elapsed();
        match session.project.build_into(&errors, &theme, &out) {
            Ok(_) => {
                eprintln!(
                    "{}{} runbooks (checked in {} ms, built in {} ms)",
                    if first { "built " } else { "rebuilt: " },
                    session.corpus().runbooks().count(),
                    checked.as_millis(),
                    t.elapsed().as_millis()
                );
                true
            }
            Err(e) => {
                eprintln!("error: {e}");
                false
            }
        }
    };
    if !rebuild(&session, true) && !out.join("index.html").is_file() {
        let _ = std::fs::remove_dir_all(&tmp);
        return 1;
    }
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            let _ = std::fs::remove_dir_all(&tmp);
            return 2;
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let prefix = base.clone().unwrap_or_else(|| "/".to_string());
    eprintln!("serving http://{addr}{prefix} (Ctrl-C to stop)");
    let site = out.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = site.clone();
            let prefix = prefix.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &site, &prefix);
            });
        }
    });
    let mut last = fingerprint(&markdown_files(&paths));
    // Rule files (`alerts`) count as settings: a changed rule file starts a new session.
    let rule_files = |s: &rbc::incremental::Session| rbc::alerts::rule_files(&s.project.settings).0;
    let mut last_settings = fingerprint(&setting_files(
        &paths,
        config.as_deref(),
        theme_dir.as_deref(),
        rule_files(&session),
    ));
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = fingerprint(&markdown_files(&paths));
        let now_settings = fingerprint(&setting_files(
            &paths,
            config.as_deref(),
            theme_dir.as_deref(),
            rule_files(&session),
        ));
        if now_settings != last_settings {
            last_settings = now_settings;
            last = now;
            if let Some(s) = open() {
                session = s;
                rebuild(&session, false);
            }
        } else if now != last {
            last = now;
            if !session.refresh(&paths, Some(&out)).is_empty() {
                rebuild(&session, false);
            }
        }
    }
}

fn markdown_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    rbc::load::discover(paths, None).0
}

/// The configuration file, the theme's files and the rule files.
fn setting_files(
    paths: &[PathBuf],
    config: Option<&Path>,
    theme: Option<&Path>,
    rules: Vec<PathBuf>,
) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = config.map(Path::to_path_buf).into_iter().collect();
    files.extend(rules);
    files.extend(
        paths
            .iter()
            .filter_map(|p| rbc::config::Settings::discover(p)),
    );
    if let Some(t) = theme {
        for dir in [t.to_path_buf(), t.join("assets")] {
            if let Ok(rd) = std::fs::read_dir(&dir) {
                files.extend(rd.flatten().map(|e| e.path()));
            }
        }
    }
    files
}

/// Paths, sizes and modification times: changes when a file changes.
fn fingerprint(files: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut files = files.to_vec();
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(&p).ok();
            let len = m.as_ref().map_or(0, |m| m.len());
            let modified = m.and_then(|m| m.modified().ok());
            (p, len, modified)
        })
        .collect()
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "sh" | "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `/a/b%20c.html?x#y` → `a/b c.html`; `None` for anything that could leave the folder.
fn local_path(target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    let mut out = PathBuf::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => out.push(p),
        }
    }
    Some(out)
}

/// `--base`: a path that starts and ends with `/` (`runbooks` → `/runbooks/`).
fn normalise_base(b: &str) -> Result<String, String> {
    let t = b.trim_matches('/');
    if t.split('/').any(|p| p.is_empty() || p == "." || p == "..") && !t.is_empty()
        || b.contains(['?', '#', '%', '\\'])
        || b.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "`--base {b}` is not a path like `/REPO/` (no `..`, `?`, `#`, `%` or spaces)"
        ));
    }
    Ok(if t.is_empty() {
        "/".to_string()
    } else {
        format!("/{t}/")
    })
}

fn handle(stream: TcpStream, site: &Path, prefix: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut w = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut w,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            method == "HEAD",
        );
    }
    // Under `--base /REPO/`: `/REPO` and `/` go to `/REPO/`; any other path outside
    // it is missing, as on the static host.
    let path_only = target.split(['?', '#']).next().unwrap_or("");
    if prefix != "/" && (path_only == "/" || path_only == prefix.trim_end_matches('/')) {
        return redirect(&mut w, prefix, method == "HEAD");
    }
    let inside = target
        .strip_prefix(prefix.trim_end_matches('/'))
        .filter(|rest| rest.starts_with('/'));
    let Some(rel) = inside.and_then(local_path) else {
        if inside.is_none() {
            let body = std::fs::read(site.join("404.html")).unwrap_or_default();
            return respond(
                &mut w,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                method == "HEAD",
            );
        }
        return respond(
            &mut w,
            "400 Bad Request",
            "text/plain",
            b"bad path\n",
            false,
        );
    };
    let mut file = site.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => respond(
            &mut w,
            "200 OK",
            content_type(&file),
            &bytes,
            method == "HEAD",
        ),
        Err(_) => {
            let body = std::fs::read(site.join("404.html")).unwrap_or_default();
            respond(
                &mut w,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                method == "HEAD",
            )
        }
    }
}

fn redirect(w: &mut TcpStream, to: &str, head: bool) -> std::io::Result<()> {
    let body = format!("moved to {to}\n");
    write!(
        w,
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        w.write_all(body.as_bytes())?;
    }
    w.flush()
}

fn respond(
    w: &mut TcpStream,
    status: &str,
    ctype: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    write!(
        w,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        w.write_all(body)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::local_path;
    use std::path::Path;

    #[test]
    fn base_paths() {
        use super::normalise_base;
        assert_eq!(normalise_base("/runbooks/").unwrap(), "/runbooks/");
        assert_eq!(normalise_base("runbooks").unwrap(), "/runbooks/");
        assert_eq!(normalise_base("/a/b").unwrap(), "/a/b/");
        assert_eq!(normalise_base("/").unwrap(), "/");
        for bad in ["/a/../b/", "/a b/", "/a?x", "/a//b/", "/%2e%2e/"] {
            assert!(normalise_base(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_stay_inside() {
        assert_eq!(local_path("/a/b.html?x=1").unwrap(), Path::new("a/b.html"));
        assert_eq!(local_path("/a%20b.html").unwrap(), Path::new("a b.html"));
        assert!(local_path("/../etc/passwd").is_none());
        assert!(local_path("/a/%2e%2e/%2e%2e/x").is_none());
        assert!(local_path("/%zz").is_none());
    }
}
