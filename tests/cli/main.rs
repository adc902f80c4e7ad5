//! The integration tests, one binary: each module runs the real `isoaudit` on inputs it makes
//! or ships, and reads what it wrote back (workbooks cell by cell, JSON, the register).

mod harness;

mod actions;
mod audit;
mod browser;
mod checklist;
mod clauses;
mod help_zh;
mod hostile;
mod identity;
mod language;
mod layouts;
mod map;
mod pg;
mod pg_connect;
mod pg_register;
mod programme;
mod register_robustness;
mod reliability;
mod render;
mod report;
mod review;
mod serve;
