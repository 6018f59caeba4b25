//! The `caseconf` binary: parse the command line and hand over to the library.

use caseconf::cli::{self, Cli};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Every file this process creates (database, exports) is private, whatever the shell's umask;
    // the Windows console shows Japanese (UTF-8) until caseconf ends.
    let _console = caseconf::platform::init_process();
    let args = Cli::parse();
    // `new --lang` is the language of the record, not of the messages (clap shares the name).
    let record_lang = matches!(args.command, Some(cli::Command::New { .. }));
    if let Some(lang) = args.lang
        && !record_lang
    {
        caseconf::i18n::set_cli_lang(lang);
    }
    let result = match &args.command {
        Some(command) => cli::run(&args, command, &mut std::io::stdout()),
        None => caseconf::run_interactive(&args, None).map_err(cli::CliError::from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("caseconf: {error}");
            ExitCode::FAILURE
        }
    }
}
