//! Arbitrary bytes through `fmt`: it must never panic; what it writes must
//! parse to the same value, and formatting its output changes nothing.
#![no_main]

use astana_corpus::format::canonical;
use astana_corpus::schema::DocumentKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in DocumentKind::ALL {
        if let Ok((text, _)) = canonical(kind, data) {
            let (again, filled) = canonical(kind, text.as_bytes()).expect("fmt output re-parses");
            assert_eq!(again, text, "fmt is not idempotent");
            assert_eq!(filled, 0, "fmt output still lacked offsets");
            let a: serde_json::Value = serde_json::from_str(&text).expect("fmt output is JSON");
            let b: serde_json::Value = serde_json::from_str(&again).expect("fmt output is JSON");
            assert_eq!(a, b);
        }
    }
});
