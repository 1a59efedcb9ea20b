//! Where the site is published and where its Source links go: `site_url` (canonical
//! links, `sitemap.xml`, the 404 page's base) and `edit_url`.

/// Where the Source links go when `runbooks.yaml` sets `edit_url`: the template, and
/// the corpus root's path in its repository (`content/runbooks`, or empty).
#[derive(Debug, Clone)]
pub struct EditLinks {
    pub template: String,
    pub prefix: String,
}

impl EditLinks {
    /// The link to line `line` of the file named `name` (relative to the corpus root).
    pub fn url(&self, name: &str, line: u32) -> String {
        let path = if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.prefix)
        };
        self.template
            .replace("{path}", &url_path(&path))
            .replace("{line}", &line.to_string())
    }
}

/// `sitemap.xml` (sitemaps.org 0.9) of the pages, sorted (the pages are rendered in
/// parallel, in no fixed order); `index.html` is listed as the site's address.
pub(super) fn sitemap(site_url: &str, pages: &mut [String]) -> String {
    pages.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages.iter() {
        let loc = page_url(site_url, p);
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            loc.replace('&', "&amp;")
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// The published address of a page: the site's own address for `index.html`.
pub(super) fn page_url(site_url: &str, path: &str) -> String {
    match path {
        "index.html" => site_url.to_string(),
        p => format!("{site_url}{}", url_path(p)),
    }
}

/// A path as a URL path: bytes other than unreserved ones and `/` percent-encoded.
fn url_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where the site is published, from `runbooks.yaml`'s `site_url` (or `rbc serve
/// --base`): the 404 page's links start from `base`, and with a `site_url` every page
/// gets a canonical link and the site a `sitemap.xml`.
#[derive(Debug, Clone, Default)]
pub struct Publish {
    /// `https://ORG.github.io/REPO/` (ends with `/`).
    pub site_url: Option<String>,
    /// The generator the sources are written for: their links are its URLs too.
    pub generator: crate::settings::SiteGenerator,
    /// `/REPO/`: the path the site is served under (starts and ends with `/`).
    pub base: Option<String>,
}
