//! `Invocation::parse` on an arbitrary line: never panics, and whatever parses prints back
//! (`to_line`) to a line that parses to the same invocation.
#![no_main]

use careerbot::commands::Invocation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &str| {
    let _ = Invocation::parse_partial(line);
    if let Ok(invocation) = Invocation::parse(line) {
        let printed = invocation.to_line();
        assert_eq!(Invocation::parse(&printed).as_ref(), Ok(&invocation), "{line:?} printed as {printed:?}");
    }
});
