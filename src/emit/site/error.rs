//! Why the site could not be built.

/// Why the site could not be built: the output could not be written, or a theme, a
/// template or a page could not be used.
#[derive(Debug)]
pub enum SiteError {
    /// Writing the output failed (the caller names the folder).
    Io(std::io::Error),
    /// A theme, template or page could not be used; the message says which and why.
    Page(String),
}

impl SiteError {
    /// A failed write (the output folder's, reported with its path by the caller).
    pub fn io(e: std::io::Error) -> SiteError {
        SiteError::Io(e)
    }

    pub fn msg(m: String) -> SiteError {
        SiteError::Page(m)
    }

    /// The write error, when this is one.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self {
            SiteError::Io(e) => Some(e),
            SiteError::Page(_) => None,
        }
    }
}

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SiteError::Io(e) => write!(f, "cannot write: {e}"),
            SiteError::Page(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SiteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.io_error().map(|e| e as _)
    }
}
