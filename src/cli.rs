//! Argument parsing and printing. Exit codes: 0 no errors, 1 errors found,
//! 2 usage, configuration or I/O failure, or an internal error (F006).

use clap::{Parser, Subcommand, ValueEnum};
use rbc::diagnostic::{self, Diagnostic, Severity, Summary};
use rbc::model::{ResolutionForm, Runbook};
use rbc::Project;
use std::io::Write;
use std::path::PathBuf;

/// Write to stdout; a closed pipe (`rbc … | head`) is not an error.
fn out(s: &str) {
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}

macro_rules! outp {
    ($($t:tt)*) => { out(&format!($($t)*)) };
}

macro_rules! outln {
    ($($t:tt)*) => { out(&format!("{}\n", format!($($t)*))) };
}

const EXIT_CODES: &str =
    "Exit status: 0 no errors, 1 errors found, 2 usage (a path with no Markdown file too), configuration or I/O failure, or an internal error.";

#[derive(Parser)]
#[command(name = "rbc", version, about = "The runbook compiler: check Markdown incident runbooks and build scripts, JSON and a site from them", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check runbooks: structure, links, references
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Files or folders (default: the current folder)
        paths: Vec<PathBuf>,
        /// The configuration file (default: runbooks.yaml found above the paths)
        #[arg(long)]
        config: Option<PathBuf>,
        /// Report format
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (`--deny warnings`)
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Apply machine-applicable fixes to the files, then report what is left
        #[arg(long, conflicts_with = "diff")]
        fix: bool,
        /// Print the machine-applicable fixes as a unified diff; change nothing
        #[arg(long)]
        diff: bool,
        /// Write the report to FILE (the summary still goes to the terminal)
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Colour the human format
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Accept a path that holds no Markdown file (by default that is a usage error,
        /// exit status 2: it is most often a CI job pointed at the wrong folder)
        #[arg(long)]
        allow_empty: bool,
        #[command(flatten)]
        alerts: AlertsArg,
    },
    /// Build the outputs (JSON model, scripts, site) into a folder
    #[command(after_help = EXIT_CODES)]
    Build {
        /// Files or folders (default: the current folder)
        paths: Vec<PathBuf>,
        /// Output folder
        #[arg(short, long, default_value = "dist")]
        out_dir: PathBuf,
        #[arg(long)]
        config: Option<PathBuf>,
        /// Build even when commands have errors: they become comments in the scripts
        #[arg(long)]
        allow_errors: bool,
        /// Accept a path that holds no Markdown file (by default that is a usage error,
        /// exit status 2: it is most often a CI job pointed at the wrong folder)
        #[arg(long)]
        allow_empty: bool,
        /// A folder of templates (and `assets/`) that replace the site's built-in ones
        #[arg(long, value_name = "DIR")]
        theme: Option<PathBuf>,
        #[command(flatten)]
        alerts: AlertsArg,
    },
    /// Build the site into a temporary folder, serve it on 127.0.0.1 and rebuild
    /// when a Markdown file changes
    Serve {
        /// Files or folders (default: the current folder)
        paths: Vec<PathBuf>,
        /// Port on 127.0.0.1 (0 picks a free one)
        #[arg(short, long, default_value_t = 8000)]
        port: u16,
        #[arg(long)]
        config: Option<PathBuf>,
        /// Accept a path that holds no Markdown file (by default that is a usage error,
        /// exit status 2: it is most often a CI job pointed at the wrong folder)
        #[arg(long)]
        allow_empty: bool,
        /// A folder of templates (and `assets/`) that replace the site's built-in ones
        #[arg(long, value_name = "DIR")]
        theme: Option<PathBuf>,
        #[command(flatten)]
        alerts: AlertsArg,
        /// Serve the site under this path, as a project site is published
        /// (`--base /REPO/`): the 404 page's links start from it
        #[arg(long, value_name = "PATH")]
        base: Option<String>,
    },
    /// List the alerts of the rule files and the runbook each leads to
    Alerts {
        /// Files or folders of runbooks (default: the current folder)
        paths: Vec<PathBuf>,
        #[arg(long)]
        config: Option<PathBuf>,
        #[command(flatten)]
        alerts: AlertsArg,
        #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
        format: ShowFormat,
        /// Print each alert's runbook_url with a query that passes the labels that fill
        /// its runbook's placeholders (`?pod={{ $labels.pod }}`), to paste into the rules
        #[arg(long)]
        runbook_urls: bool,
    },
    /// Print one runbook
    Show {
        /// The runbook ID (`RB-001`)
        id: String,
        /// Files or folders (default: the current folder)
        paths: Vec<PathBuf>,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
        format: ShowFormat,
    },
    /// List the rules
    Rules {
        /// Print as JSON
        #[arg(long)]
        json: bool,
        /// Write the book's rule pages into this folder instead
        #[arg(long, value_name = "DIR")]
        book: Option<PathBuf>,
    },
    /// Run the language server over stdio, for editors: findings as you type, quick
    /// fixes, hover, navigation and completion (see the book's "Editors" page)
    Lsp,
    /// Print the documentation of a rule, by code or name
    Explain {
        /// `L001` or `broken-link`
        rule: String,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff)
    Man,
    /// Write the JSON Schemas of the model and the configuration
    Schema {
        /// Folder to write into
        #[arg(long, default_value = "schema")]
        out_dir: PathBuf,
    },
}

/// `--alerts PATH`, on every command that reads the runbooks with their alerts.
#[derive(clap::Args)]
struct AlertsArg {
    /// A Prometheus rule file, or a folder of them, whose alerts lead to the runbooks
    /// (besides `alerts:` in runbooks.yaml); repeatable
    #[arg(long, value_name = "PATH")]
    alerts: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style snippets and a summary line
    Human,
    /// `file:line:col: severity[CODE] message`
    Short,
    /// The documented findings object (schema/findings.schema.json)
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`)
    Gitlab,
    /// JUnit XML: a test suite per file, a test case per runbook (`artifacts:reports:junit`)
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check {
            paths,
            config,
            format,
            deny,
            fix,
            diff,
            output,
            color,
            allow_empty,
            alerts,
        } => check(CheckArgs {
            paths,
            config,
            format,
            deny_warnings: deny.is_some(),
            fix,
            diff,
            output,
            color,
            allow_empty,
            alerts: alerts.alerts,
        }),
        Command::Build {
            paths,
            out_dir,
            config,
            allow_errors,
            allow_empty,
            theme,
            alerts,
        } => build(
            paths,
            out_dir,
            config,
            allow_errors,
            allow_empty,
            theme,
            alerts.alerts,
        ),
        Command::Serve {
            paths,
            port,
            config,
            allow_empty,
            theme,
            alerts,
            base,
        } => crate::serve::serve(
            default_paths(paths),
            port,
            config,
            allow_empty,
            theme,
            alerts.alerts,
            base,
        ),
        Command::Alerts {
            paths,
            config,
            alerts,
            format,
            runbook_urls,
        } => list_alerts(paths, config, alerts.alerts, format, runbook_urls),
        Command::Show {
            id,
            paths,
            config,
            format,
        } => show(&id, paths, config, format),
        Command::Schema { out_dir } => schema(out_dir),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "rbc", &mut buf);
            out(&String::from_utf8_lossy(&buf));
            0
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
                eprintln!("error: cannot render the man page: {e}");
                return 2;
            }
            let _ = std::io::stdout().write_all(&out);
            0
        }
        Command::Rules { json, book } => rules(json, book),
        Command::Lsp => {
            let (conn, writer) = rbc::lsp::transport::stdio();
            let code = match rbc::lsp::run(&conn) {
                Ok(true) => 0,
                Ok(false) => 1,
                Err(e) => {
                    eprintln!("error: rbc lsp: {e}");
                    1
                }
            };
            drop(conn);
            writer.join();
            code
        }
        Command::Explain { rule } => match rbc::check::registry::find(&rule) {
            Some(r) => {
                outp!("{}", rbc::check::registry::explain(r));
                0
            }
            None => {
                eprintln!("error: no rule `{rule}` (see `rbc rules`)");
                2
            }
        },
    }
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

fn open(
    paths: &[PathBuf],
    config: Option<&PathBuf>,
    exclude: Option<&PathBuf>,
    alerts: &[PathBuf],
) -> Result<Project, i32> {
    Project::open_with_alerts(
        paths,
        config.map(|p| p.as_path()),
        exclude.map(|p| p.as_path()),
        alerts,
    )
    .map_err(|e| {
        eprintln!("error: invalid configuration\n  --> {e}");
        2
    })
}

/// [`open`] for `rbc check` alone (see [`Project::open_for_check`]).
fn open_for_check(
    paths: &[PathBuf],
    config: Option<&PathBuf>,
    alerts: &[PathBuf],
) -> Result<Project, i32> {
    Project::open_for_check(paths, config.map(|p| p.as_path()), None, alerts).map_err(|e| {
        eprintln!("error: invalid configuration\n  --> {e}");
        2
    })
}

fn print_diagnostics(project: &Project, diags: &[Diagnostic], format: Format) -> String {
    render(
        project,
        diags,
        format,
        diagnostic::Style::default(),
        Summary::of(diags, project.loaded.corpus.documents.len()),
    )
}

fn render(
    project: &Project,
    diags: &[Diagnostic],
    format: Format,
    style: diagnostic::Style,
    summary: Summary,
) -> String {
    let sources = &project.loaded.sources;
    let mut out = String::new();
    match format {
        Format::Human => {
            for d in diags {
                out.push_str(&diagnostic::render_human_styled(d, sources, style));
                out.push('\n');
            }
        }
        Format::Short => {
            for d in diags {
                out.push_str(&diagnostic::render_short(d));
                out.push('\n');
            }
        }
        Format::Json => out = rbc::report::json(diags, sources, summary),
        Format::Sarif => out = rbc::report::sarif(diags, sources),
        Format::Github => out = rbc::report::github(diags, sources),
        Format::Gitlab => {
            let repo = repository_paths();
            out = rbc::report::gitlab(diags, sources, &|f| repo(f))
        }
        Format::Junit => {
            let files = rbc::report::junit_files(&project.loaded.corpus, &|name| {
                project.loaded.shown(name).to_string()
            });
            out = rbc::report::junit(&files, diags)
        }
    }
    out
}

/// Maps a path as the user gave it to its path relative to the root of the git
/// repository the current folder is in (the nearest folder above it holding `.git`;
/// without one, the current folder), with `/` separators, as GitLab wants it;
/// unchanged when the file is outside it.
fn repository_paths() -> impl Fn(&str) -> String {
    let cwd = std::env::current_dir().ok();
    let repo = cwd.as_deref().map(|c| {
        c.ancestors()
            .find(|a| a.join(".git").exists())
            .unwrap_or(c)
            .to_path_buf()
    });
    move |file: &str| {
        let (Some(cwd), Some(repo)) = (&cwd, &repo) else {
            return file.to_string();
        };
        let mut abs = PathBuf::new();
        for part in cwd.join(file).components() {
            match part {
                std::path::Component::ParentDir => {
                    abs.pop();
                }
                std::path::Component::CurDir => {}
                p => abs.push(p),
            }
        }
        match abs.strip_prefix(repo) {
            Ok(rel) => rbc::files::display_path(rel),
            Err(_) => file.to_string(),
        }
    }
}

struct CheckArgs {
    paths: Vec<PathBuf>,
    config: Option<PathBuf>,
    format: Format,
    deny_warnings: bool,
    fix: bool,
    diff: bool,
    output: Option<PathBuf>,
    color: ColorChoice,
    allow_empty: bool,
    alerts: Vec<PathBuf>,
}

fn check(a: CheckArgs) -> i32 {
    use std::io::IsTerminal;
    let paths = default_paths(a.paths);
    let mut project = match open_for_check(&paths, a.config.as_ref(), &a.alerts) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(msg) = project.loaded.empty_paths_error(a.allow_empty) {
        eprint!("{msg}");
        return 2;
    }
    if a.diff {
        let changed = rbc::fix::apply(&project.loaded.sources, &project.check());
        let mut stdout = std::io::stdout().lock();
        for (file, (text, _)) in &changed {
            let Some(old) = rbc::diagnostic::source_of(&project.loaded.sources, file) else {
                continue;
            };
            let old = &old.text;
            let _ = stdout.write_all(rbc::fix::unified_diff(file, old, text).as_bytes());
        }
        return 0;
    }
    if a.fix {
        let changed = rbc::fix::apply(&project.loaded.sources, &project.check());
        let mut fixed = 0;
        for (file, (text, n)) in &changed {
            if let Err(e) = rbc::fix::write_atomic(std::path::Path::new(&**file), text) {
                eprintln!("error: cannot write `{file}`: {e}");
                return 2;
            }
            fixed += n;
        }
        eprintln!("fixed {fixed} finding(s) in {} file(s)", changed.len());
        project = match open_for_check(&paths, a.config.as_ref(), &a.alerts) {
            Ok(p) => p,
            Err(code) => return code,
        };
    }
    let mut diags = project.check();
    if a.deny_warnings {
        for d in &mut diags {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    let files = project.loaded.corpus.documents.len();
    let summary = Summary::of(&diags, files);
    let to_terminal = a.output.is_none() && std::io::stdout().is_terminal();
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let text = render(
        &project,
        &diags,
        a.format,
        diagnostic::Style { color },
        summary,
    );
    let mut stdout = std::io::stdout().lock();
    match &a.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                return 2;
            }
            let _ = writeln!(
                stdout,
                "{} (report written to {})",
                summary.line(),
                path.display()
            );
        }
        None => {
            let _ = stdout.write_all(text.as_bytes());
            if matches!(a.format, Format::Human | Format::Short) {
                if let Some(line) = rbc::alerts::Coverage::of(&project.loaded.corpus).line() {
                    let _ = writeln!(stdout, "{line}");
                }
                let _ = writeln!(stdout, "{}", summary.line());
            }
        }
    }
    let code = if project.loaded.io_failure || internal_error(&diags) {
        2
    } else if summary.errors > 0 {
        1
    } else {
        0
    };
    // The process ends here: freeing the model piece by piece is wasted time.
    std::mem::forget(project);
    std::mem::forget(diags);
    code
}

fn build(
    paths: Vec<PathBuf>,
    out_dir: PathBuf,
    config: Option<PathBuf>,
    allow_errors: bool,
    allow_empty: bool,
    theme: Option<PathBuf>,
    alerts: Vec<PathBuf>,
) -> i32 {
    let paths = default_paths(paths);
    let theme = match rbc::emit::site::Theme::load(theme.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    match build_once(
        &paths,
        &out_dir,
        config.as_ref(),
        allow_errors,
        allow_empty,
        &theme,
        &alerts,
    ) {
        Ok((code, msg)) => {
            eprint!("{msg}");
            code
        }
        Err((code, msg)) => {
            eprint!("{msg}");
            code
        }
    }
}

/// One build: the exit code and what to print, the same status `rbc check` would give
/// when the output was written (errors that do not stop a build still count), else
/// the code and what to print when it was not.
pub(crate) fn build_once(
    paths: &[PathBuf],
    out_dir: &std::path::Path,
    config: Option<&PathBuf>,
    allow_errors: bool,
    allow_empty: bool,
    theme: &rbc::emit::site::Theme,
    alerts: &[PathBuf],
) -> Result<(i32, String), (i32, String)> {
    // Checked as `rbc check` does, without holding the whole model; the outputs are
    // then written a part of the corpus at a time (`build_parts_into`).
    let mut project =
        Project::open_for_check(paths, config.map(|p| p.as_path()), Some(out_dir), alerts)
            .map_err(|e| (2, format!("error: invalid configuration\n  --> {e}\n")))?;
    project.source_commit = std::env::var("RBC_SOURCE_COMMIT")
        .ok()
        .filter(|v| !v.is_empty());
    if let Some(msg) = project.loaded.empty_paths_error(allow_empty) {
        return Err((2, msg));
    }
    // A path given on the command line that cannot be read at all stops the build
    // (a typo must not replace the site with an empty one). Files that cannot be read
    // inside the tree are left out, reported, and fail the exit status after writing.
    let missing: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| std::fs::metadata(p).is_err())
        .collect();
    if !missing.is_empty() {
        let diags = project.check();
        let shown: Vec<Diagnostic> = diags.into_iter().filter(|d| d.code == "F001").collect();
        return Err((
            2,
            format!(
                "{}error: build stopped: {} cannot be read; `{}` was left as it was\n",
                print_diagnostics(&project, &shown, Format::Human),
                describe_paths(&missing.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>()),
                out_dir.display()
            ),
        ));
    }
    let diags = project.check();
    let command_errors = project.command_errors(&diags);
    // Without --allow-errors, a runbook with a command error gets no script; the rest
    // (its page, the JSON, every other script) is written, and the status says so.
    project.hold_scripts = !allow_errors;
    let stats = project
        .build_parts_into(&command_errors, theme, out_dir)
        .map_err(|e| {
            let what = match e.io_error() {
                Some(io) => format!("cannot write `{}`: {io}", out_dir.display()),
                None => e.to_string(),
            };
            (
                2,
                format!(
                    "error: {what}; `{}` was left as it was\n",
                    out_dir.display()
                ),
            )
        })?;
    let corpus = &project.loaded.corpus;
    let held = if stats.scripts_held.is_empty() {
        String::new()
    } else {
        format!(
            "error: no script for {} runbook(s) whose commands have errors: {} (fix them, or pass --allow-errors to write their scripts without those commands)\n",
            stats.scripts_held.len(),
            stats.scripts_held.join(", ")
        )
    };
    let mut result = format!(
        "built {} runbooks from {} files into {} ({} site pages, search index {} KB)\n",
        corpus.runbooks().count(),
        corpus.documents.len(),
        out_dir.display(),
        stats.pages,
        stats.index_bytes.div_ceil(1024)
    );
    // Errors that do not stop a build (files that cannot be read or are not UTF-8, left
    // out; missing sections, broken links, a duplicated ID, …) still fail it, as they
    // fail `rbc check`.
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == rbc::diagnostic::Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        result = format!(
            "{}{result}{held}error: {} error(s) found (run `rbc check` for every finding)\n",
            print_diagnostics(&project, &errors, Format::Human),
            errors.len()
        );
    }
    // The status `rbc check` gives: 2 when a file could not be read or rbc failed on
    // one, 1 for errors.
    let code = if project.loaded.io_failure || internal_error(&diags) {
        2
    } else if errors.is_empty() {
        0
    } else {
        1
    };
    // The process ends soon: freeing the model piece by piece is wasted time.
    std::mem::forget(project);
    Ok((code, result))
}

/// Whether rbc failed on a file (F006): exit status 2, as for a file it cannot read.
fn internal_error(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.code == rbc::contain::CODE)
}

fn show(id: &str, paths: Vec<PathBuf>, config: Option<PathBuf>, format: ShowFormat) -> i32 {
    let paths = default_paths(paths);
    let project = match open(&paths, config.as_ref(), None, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some((doc, rb)) = project.loaded.corpus.find(id) else {
        eprintln!("error: no runbook `{id}` in {}", describe_paths(&paths));
        return 2;
    };
    match format {
        ShowFormat::Json => {
            let file = rbc::model::RunbookFile {
                version: rbc::model::MODEL_VERSION,
                document: doc.path.clone(),
                runbook: rb.clone(),
                alerts: project.loaded.corpus.alerts_for(&rb.id).cloned().collect(),
            };
            outp!(
                "{}",
                String::from_utf8_lossy(&rbc::emit::json::to_json(&file))
            );
        }
        ShowFormat::Human => outp!("{}", summary_of(rb, project.loaded.shown(&rb.span.file))),
    }
    0
}

/// `rbc alerts`: every alert of the rule files, where it is, and the runbook it leads
/// to or what is missing; then the coverage line.
fn list_alerts(
    paths: Vec<PathBuf>,
    config: Option<PathBuf>,
    alerts: Vec<PathBuf>,
    format: ShowFormat,
    runbook_urls: bool,
) -> i32 {
    let paths = default_paths(paths);
    let project = match open(&paths, config.as_ref(), None, &alerts) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if !project.settings.has_alerts() {
        eprintln!("error: no rule files: set `alerts:` in runbooks.yaml or pass --alerts PATH");
        return 2;
    }
    let corpus = &project.loaded.corpus;
    let coverage = rbc::alerts::Coverage::of(corpus);
    let fills = rbc::alerts::alert_fills(corpus, &project.settings.scripts.alert_labels);
    if runbook_urls {
        let w = fills
            .iter()
            .map(|f| f.alert.chars().count())
            .max()
            .unwrap_or(0);
        for f in &fills {
            if let Some(u) = &f.runbook_url {
                outln!("{:<w$}  {u}", f.alert);
            }
        }
        return 0;
    }
    match format {
        ShowFormat::Json => outp!(
            "{}",
            String::from_utf8_lossy(&rbc::emit::json::to_json(&rbc::alerts::Listing {
                version: rbc::model::MODEL_VERSION,
                alerts: corpus.alerts.clone(),
                coverage,
                fills,
            }))
        ),
        ShowFormat::Human => {
            let rows: Vec<[String; 5]> = corpus
                .alerts
                .iter()
                .map(|a| {
                    [
                        a.name.clone(),
                        a.group.clone(),
                        a.severity().unwrap_or("-").to_string(),
                        format!("{}:{}", project.loaded.shown(&a.span.file), a.span.line),
                        rbc::alerts::describe_link(&a.link, |f| {
                            project.loaded.shown(f).to_string()
                        }),
                    ]
                })
                .collect();
            let head = ["ALERT", "GROUP", "SEVERITY", "RULE", "RUNBOOK"];
            let mut width = head.map(str::len);
            for r in &rows {
                for (w, c) in width.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |cells: [&str; 5]| {
                let mut l = String::new();
                for (i, c) in cells.iter().enumerate() {
                    if i == 4 {
                        l.push_str(c);
                    } else {
                        l.push_str(&format!("{c:<w$}  ", w = width[i]));
                    }
                }
                outln!("{}", l.trim_end());
            };
            line(head);
            for r in &rows {
                line([&r[0], &r[1], &r[2], &r[3], &r[4]]);
            }
            if !fills.is_empty() {
                outln!("\nplaceholders the alerts' labels fill (rbc alerts --runbook-urls prints the URLs that pass them):");
                for f in &fills {
                    let mut parts: Vec<String> = f
                        .fills
                        .iter()
                        .map(|x| format!("<{}> <- {} ({})", x.placeholder, x.label, x.by))
                        .collect();
                    if !f.unfilled.is_empty() {
                        let typed: Vec<String> =
                            f.unfilled.iter().map(|p| format!("<{p}>")).collect();
                        parts.push(format!("typed: {}", typed.join(" ")));
                    }
                    outln!("  {}: {}", f.alert, parts.join(", "));
                }
            }
            if !project.loaded.not_rule_files.is_empty() {
                outln!("\nnot rule files, skipped:");
                for (f, why) in &project.loaded.not_rule_files {
                    outln!("  {f}: {why}");
                }
            }
            if let Some(l) = coverage.line() {
                outln!("\n{l}");
            }
        }
    }
    if project.loaded.io_failure {
        2
    } else {
        0
    }
}

fn describe_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A runbook as text; `file` is its file as the user gave it.
fn summary_of(rb: &Runbook, file: &str) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{} - {}", rb.id, rb.title);
    let _ = writeln!(s, "  source: {file}:{}", rb.span.line);
    for (k, v) in &rb.metadata {
        let _ = writeln!(s, "  {k}: {v}");
    }
    if let Some(sy) = &rb.symptoms {
        let _ = writeln!(s, "\nSymptoms");
        for i in &sy.items {
            let _ = writeln!(s, "  - {}", i.text);
        }
    }
    if let Some(d) = &rb.diagnosis {
        let _ = writeln!(s, "\nDiagnosis");
        for c in d.steps.iter().flat_map(|s| s.commands()) {
            let _ = writeln!(s, "  $ {}    # line {}", c.text, c.span.line);
        }
    }
    if let Some(c) = &rb.causes {
        let _ = writeln!(s, "\nCommon causes");
        for c in &c.causes {
            let case = c.case.map(|n| format!(" → case {n}")).unwrap_or_default();
            let _ = writeln!(s, "  {}. {}: {}{case}", c.number, c.name, c.description);
        }
    }
    if let Some(r) = &rb.resolution {
        let _ = writeln!(s, "\nResolution");
        match &r.form {
            ResolutionForm::Cases { cases } => {
                for c in cases {
                    let _ = writeln!(
                        s,
                        "  Case {}: {} ({} commands)",
                        c.number,
                        c.title,
                        c.commands().count()
                    );
                }
            }
            ResolutionForm::Procedure { steps } | ResolutionForm::Steps { steps } => {
                for (i, st) in steps.iter().enumerate() {
                    let n = st.number.unwrap_or(i as u32 + 1);
                    let t = st.describe().unwrap_or_default();
                    let _ = writeln!(s, "  {n}. {t} ({} commands)", st.commands().count());
                }
            }
        }
    }
    for e in &rb.extra {
        let n: usize = e.steps.iter().map(|s| s.commands().count()).sum();
        let _ = writeln!(s, "\n{} ({n} commands)", e.head.title);
    }
    if let Some(p) = &rb.prevention {
        let _ = writeln!(s, "\nPrevention");
        for i in &p.items {
            let _ = writeln!(s, "  - {}", i.text);
        }
    }
    s
}

fn schema(out_dir: PathBuf) -> i32 {
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create `{}`: {e}", out_dir.display());
        return 2;
    }
    for (name, bytes) in rbc::emit::json::schemas() {
        let p = out_dir.join(name);
        if let Err(e) = std::fs::write(&p, bytes) {
            eprintln!("error: cannot write `{}`: {e}", p.display());
            return 2;
        }
        eprintln!("wrote {}", p.display());
    }
    0
}

fn rules(json: bool, book: Option<PathBuf>) -> i32 {
    use rbc::check::registry::{book_pages, level_name, RULES};
    if let Some(dir) = book {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("error: cannot create `{}`: {e}", dir.display());
            return 2;
        }
        for (name, text) in book_pages() {
            if let Err(e) = std::fs::write(dir.join(&name), text) {
                eprintln!("error: cannot write `{}`: {e}", dir.join(&name).display());
                return 2;
            }
        }
        return 0;
    }
    if json {
        let v: Vec<_> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code, "name": r.name, "level": level_name(r.level), "summary": r.summary
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
    } else {
        for r in RULES {
            outln!(
                "{:<6}{:<28}{:<9}{}",
                r.code,
                r.name,
                level_name(r.level),
                r.summary
            );
        }
    }
    0
}
