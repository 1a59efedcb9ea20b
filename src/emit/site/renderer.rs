//! Rendering a page: the theme's template with the page's view and what every page
//! shows (the navigation, the page's root and canonical URL); the sitemap's record of
//! the pages written.

use super::publish::{page_url, Publish};
use super::SiteError;
use crate::emit::{OutputFile, Sink};
use serde::Serialize;

/// A view as a template value.
pub(crate) fn v<T: Serialize>(x: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(x))
}

#[derive(Serialize)]
pub(crate) struct Nav {
    pub(crate) severity: bool,
    pub(crate) escalation: bool,
    pub(crate) templates: bool,
    pub(crate) alerts: bool,
}

/// The theme's templates and what every page shows.
pub(crate) struct Renderer<'e> {
    pub(crate) env: minijinja::Environment<'e>,
    pub(crate) nav: Nav,
    pub(crate) publish: &'e Publish,
    /// Every page written, for the sitemap.
    pub(crate) written: std::sync::Mutex<Vec<String>>,
}

impl Renderer<'_> {
    /// The page at `path` from `template`, with `view`.
    pub(crate) fn page(
        &self,
        template: &str,
        path: &str,
        title: &str,
        view: minijinja::Value,
    ) -> Result<OutputFile, SiteError> {
        let (t, ctx) = self.prepare(template, path, title, view)?;
        let html = t
            .render(ctx)
            .map_err(|e| SiteError::msg(format!("template `{template}` ({path}): {e:#}")))?;
        Ok(OutputFile {
            path: path.into(),
            bytes: html.into_bytes(),
            executable: false,
        })
    }

    /// [`Renderer::page`], rendered straight into `sink` without holding the page: for
    /// the pages about the whole corpus (the index, the command index), which are large.
    pub(crate) fn put_page(
        &self,
        sink: &dyn Sink,
        template: &str,
        path: &str,
        title: &str,
        view: minijinja::Value,
    ) -> Result<(), SiteError> {
        let (t, ctx) = self.prepare(template, path, title, view)?;
        let mut failed = None;
        let written = sink.put_stream(std::path::Path::new(path), &mut |w| {
            t.render_captured_to(ctx.clone(), &mut *w)
                .map(|_| ())
                .map_err(|e| {
                    let io = std::io::Error::other(e.to_string());
                    failed = Some(e);
                    io
                })
        });
        match (failed, written) {
            (Some(e), _) => Err(SiteError::msg(format!(
                "template `{template}` ({path}): {e:#}"
            ))),
            (None, r) => r.map_err(SiteError::io),
        }
    }

    /// The template and its context for the page at `path` (which is recorded for the
    /// sitemap).
    pub(crate) fn prepare(
        &self,
        template: &str,
        path: &str,
        title: &str,
        view: minijinja::Value,
    ) -> Result<(minijinja::Template<'_, '_>, minijinja::Value), SiteError> {
        // A static host serves 404.html for a missing path at any depth: its links
        // cannot be relative to where it is, so they start from the site's base path.
        let root = match (&self.publish.base, path) {
            (Some(base), "404.html") => base.clone(),
            _ => "../".repeat(path.matches('/').count()),
        };
        let canonical = match &self.publish.site_url {
            Some(u) if path != "404.html" => page_url(u, path),
            _ => String::new(),
        };
        if path != "404.html" {
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_string());
        }
        let t = self
            .env
            .get_template(template)
            .map_err(|e| SiteError::msg(format!("template `{template}`: {e:#}")))?;
        let ctx = minijinja::context! {
            root => root,
            canonical => canonical,
            page_title => title,
            path => path,
            nav => v(&self.nav),
            view => view,
        };
        Ok((t, ctx))
    }
}

/// A list a template reads an item at a time: each item becomes a template value when
/// it is read, and is dropped after (the command index has one per command of the
/// corpus).
pub(crate) struct Lazy<T>(pub(crate) Vec<T>);

impl<T> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} items]", self.0.len())
    }
}

impl<T: Serialize + Send + Sync + 'static> minijinja::value::Object for Lazy<T> {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.0.get(key.as_usize()?).map(v)
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}
