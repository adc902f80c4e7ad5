//! The `isoaudit` binary: parse the command line, run the library, turn the outcome into an
//! exit code (0 ok, 1 `--fail-on` gate tripped, 2 errors).

fn main() -> std::process::ExitCode {
    isoaudit::run(std::env::args_os())
}
