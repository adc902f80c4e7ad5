//! See DESIGN.md.
pub mod summary;
