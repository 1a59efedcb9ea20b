//! What several rules share, and are not rules themselves: the cross-file look-ups
//! (`crossfile`), every kubectl command of a file with where it stands
//! (`kubectl_common`), the kubectl versions a file targets (`kubectl_fleet`), and
//! every helm command read on the targeted helm versions (`helm_common`).

pub mod crossfile;
pub mod helm_common;
pub mod kubectl_common;
pub mod kubectl_fleet;
