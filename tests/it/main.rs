//! The integration tests: one binary, one module per feature.

mod alerts;
mod bad_input;
mod book;
mod cli;
mod common;
mod corpus;
mod formats;
mod fuzz_regressions;
mod helm_diff;
mod hostile;
mod incremental;
mod kubectl_diff;
mod kubectl_versions;
mod line_ends;
mod lsp;
mod lsp_workspace;
mod props;
mod publish;
mod rules;
mod safety;
mod schema;
mod scripts;
mod seed;
mod shapes;
mod site;
mod validation;
