//! The `rbc` command line: parses arguments, calls the library, prints, exits.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
