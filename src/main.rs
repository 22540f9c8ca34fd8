//! The `careerbot` binary: everything lives in the library; see `careerbot::cli`.

fn main() -> std::process::ExitCode {
    careerbot::cli::main()
}
