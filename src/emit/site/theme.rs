//! The site's theme: the templates and assets rbc ships, each replaced by a file of the
//! same name in a theme folder (`--theme DIR`).

use super::SiteError;
use std::path::Path;

/// The templates and assets rbc ships, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("runbook.html", include_str!("templates/runbook.html")),
    ("document.html", include_str!("templates/document.html")),
    ("source.html", include_str!("templates/source.html")),
    ("commands.html", include_str!("templates/commands.html")),
    ("severity.html", include_str!("templates/severity.html")),
    ("escalation.html", include_str!("templates/escalation.html")),
    ("templates.html", include_str!("templates/templates.html")),
    ("404.html", include_str!("templates/404.html")),
    ("alerts.html", include_str!("templates/alerts.html")),
    ("fill.html", include_str!("templates/fill.html")),
];

pub const ASSETS: &[(&str, &str)] = &[
    ("assets/rbc.css", include_str!("assets/rbc.css")),
    ("assets/rbc.js", include_str!("assets/rbc.js")),
    ("assets/favicon.svg", include_str!("assets/favicon.svg")),
];

/// Templates: the embedded ones, each replaced by a file of the same name in `theme`.
/// Files under `theme/assets/` replace or add assets.
pub struct Theme {
    templates: Vec<(String, String)>,
    pub(super) assets: Vec<(String, Vec<u8>)>,
}

impl Theme {
    pub fn load(dir: Option<&Path>) -> Result<Theme, SiteError> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut assets: Vec<(String, Vec<u8>)> = ASSETS
            .iter()
            .map(|(n, s)| (n.to_string(), s.as_bytes().to_vec()))
            .collect();
        if let Some(dir) = dir {
            let err = |e: std::io::Error, p: &Path| {
                SiteError::msg(format!("theme: cannot read `{}`: {e}", p.display()))
            };
            let entries = std::fs::read_dir(dir).map_err(|e| err(e, dir))?;
            let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
            names.sort();
            for p in names {
                let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if p.is_file() && name.ends_with(".html") {
                    let text = std::fs::read_to_string(&p).map_err(|e| err(e, &p))?;
                    match templates.iter_mut().find(|(n, _)| n == name) {
                        Some(t) => t.1 = text,
                        None => templates.push((name.to_string(), text)),
                    }
                }
            }
            let adir = dir.join("assets");
            if adir.is_dir() {
                let mut names: Vec<_> = std::fs::read_dir(&adir)
                    .map_err(|e| err(e, &adir))?
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                names.sort();
                for p in names {
                    let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                        continue;
                    };
                    if crate::emit::safe_file_stem(name.split('.').next().unwrap_or(""))
                        != name.split('.').next().unwrap_or("")
                    {
                        return Err(SiteError::msg(format!(
                            "theme: asset name `{name}` must be [A-Za-z0-9_-] plus an extension"
                        )));
                    }
                    let bytes = std::fs::read(&p).map_err(|e| err(e, &p))?;
                    let key = format!("assets/{name}");
                    match assets.iter_mut().find(|(n, _)| *n == key) {
                        Some(a) => a.1 = bytes,
                        None => assets.push((key, bytes)),
                    }
                }
            }
        }
        Ok(Theme { templates, assets })
    }

    pub(super) fn env(&self) -> Result<minijinja::Environment<'_>, SiteError> {
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, text) in &self.templates {
            env.add_template(name, text)
                .map_err(|e| SiteError::msg(format!("template `{name}`: {e:#}")))?;
        }
        Ok(env)
    }
}
