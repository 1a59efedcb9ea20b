//! kubectl: the pinned command tree, argv parsing and validation, and the command
//! model (subcommand, resource, names, namespace, flags, classification).

pub mod args;
pub mod jsonpath;
pub mod model;
pub mod parse;
pub mod resources;
pub mod tree;
pub mod values;
