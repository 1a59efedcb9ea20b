//! The `rbc` command line: parses arguments, calls the library, prints, exits.

mod cli;
mod serve;

fn main() {
    std::process::exit(cli::run());
}
