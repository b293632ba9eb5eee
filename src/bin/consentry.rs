//! `consentry`: the site owner's command line (see `consentry --help`, and `consentry::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    consentry::cli::main()
}

/// The command line is native only; cargo still builds this binary for wasm32 beside the
/// browser tests (`cargo test --target wasm32-unknown-unknown`), where it does nothing.
#[cfg(target_arch = "wasm32")]
fn main() {}
