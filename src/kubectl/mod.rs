//! kubectl: the pinned command tree, argv parsing and validation, and the command
//! model (subcommand, resource, names, namespace, flags, classification).

pub mod access;
pub mod args;
pub mod build;
pub mod jsonpath;
pub mod parse;
pub mod parses;
pub mod resources;
pub mod tree;
pub mod values;
