//! What several rules share, and are not rules themselves: the cross-file look-ups
//! (`crossfile`), every kubectl command of a file with where it stands
//! (`kubectl_common`), and the kubectl versions a file targets (`kubectl_fleet`).

pub mod crossfile;
pub mod kubectl_common;
pub mod kubectl_fleet;
