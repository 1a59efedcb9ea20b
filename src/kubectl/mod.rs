//! kubectl: the pinned command tree, argv parsing and validation, and the command
//! model (subcommand, resource, names, namespace, flags, classification).

pub mod model;
pub mod parse;
pub mod tree;
pub mod values;
