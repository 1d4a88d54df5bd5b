//! Property tests (proptest) for the parsers that read what a customer's server holds: the
//! registry export, the text decoder, the value analysers and the host cut-down. Generated
//! inputs, a bounded number per run (so `./test.sh` stays quick); a failure prints the smallest
//! input that breaks the property, which then belongs in `hostile_detect.rs` as a named case.

use overstap::catalog::rules::safe_value;
use overstap::detect::content::{analyse, analyse_json, key_value};
use overstap::detect::platform::Registry as _;
use overstap::detect::{regfile, text};
use proptest::prelude::*;

/// A fixed seed, so `./test.sh` gives the same verdict on every run (CI must not turn red by
/// chance). To explore further, `OVERSTAP_PROPTEST_CASES=100000 OVERSTAP_PROPTEST_RANDOM=1
/// cargo test --test tests properties` draws fresh inputs; what it finds becomes a named case.
fn config() -> ProptestConfig {
    let cases = std::env::var("OVERSTAP_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(400);
    let rng_seed = if std::env::var_os("OVERSTAP_PROPTEST_RANDOM").is_some() {
        proptest::test_runner::RngSeed::Random
    } else {
        proptest::test_runner::RngSeed::Fixed(0x0BE5_57A9)
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed,
        ..ProptestConfig::default()
    }
}

/// Characters that trouble byte-offset code: the Kelvin sign and dotted capital I change length
/// when lower-cased, ß grows when upper-cased; plus the syntax characters of every format.
const TRICKY: &str = "[a-zA-Z0-9\u{212A}\u{130}\u{df}\u{1b} .:;=,@/\\\\\"'<>{}\\[\\]#-]";

/// Strings matching a pattern assembled at run time (the patterns share [`TRICKY`]).
fn re(pattern: &str) -> impl Strategy<Value = String> + use<> {
    proptest::string::string_regex(pattern).expect("valid pattern")
}

/// Lines that look like a registry export's, with the pieces in any order.
fn reg_line() -> impl Strategy<Value = String> {
    prop_oneof![
        re(&format!(
            "\\[(-)?(HKEY_LOCAL_MACHINE|HKLM|HKCU|X)(\\\\{TRICKY}{{0,6}}){{0,4}}\\]?"
        )),
        re(&format!("\"{TRICKY}{{0,8}}\"={TRICKY}{{0,10}}")),
        "\"[a-z]{1,4}\"=(dword|hex|hex\\([0-9a-f]{1,2}\\)):([0-9a-fA-Fx]{1,3},?){0,8}\\\\?",
        "\\s*([0-9a-f]{2},){0,8}\\\\?",
        "@=\"[^\"]{0,8}\"",
        ";.{0,10}",
        ".{0,20}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn registry_exports_never_panic(lines in prop::collection::vec(reg_line(), 0..40), crlf in any::<bool>()) {
        let end = if crlf { "\r\n" } else { "\n" };
        let text = format!("Windows Registry Editor Version 5.00{end}{}", lines.join(end));
        if let Ok(export) = regfile::parse(&text) {
            // Reading it back must not panic either, whatever the key names hold.
            for key in ["HKLM", "HKLM\\SOFTWARE", "HKCU", "X"] {
                for sub in export.subkeys(key) {
                    let _ = export.values(&format!("{key}\\{sub}"));
                }
            }
        }
    }

    #[test]
    fn registry_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let _ = regfile::parse_bytes(&bytes);
    }

    /// Subkey names come back as written, also when lower case changes their length.
    #[test]
    fn subkey_names_keep_their_spelling(names in prop::collection::btree_set("[a-zA-Z\u{212A}\u{130}\u{df}]{1,6}", 1..6)) {
        let mut text = String::from("Windows Registry Editor Version 5.00\n");
        for name in &names {
            text.push_str(&format!("[HKEY_LOCAL_MACHINE\\SOFTWARE\\{name}\\Child]\n"));
        }
        let export = regfile::parse(&text).expect("valid export");
        let found = export.subkeys("HKLM\\SOFTWARE");
        for name in &found {
            prop_assert!(names.contains(name), "{name:?} not among {names:?}");
        }
        for name in &names {
            prop_assert_eq!(export.subkeys(&format!("HKLM\\SOFTWARE\\{name}")).len(), 1);
        }
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = text::decode(&bytes);
    }

    /// Whatever Windows wrote (UTF-8 with or without BOM, UTF-16 LE/BE with BOM) reads back.
    #[test]
    fn text_round_trips_through_every_encoding(original in "\\PC{0,200}") {
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(original.as_bytes());
        prop_assert_eq!(text::decode(&bom8).expect("utf-8 bom"), original.clone());
        let mut le = vec![0xFF, 0xFE];
        le.extend(original.encode_utf16().flat_map(u16::to_le_bytes));
        prop_assert_eq!(text::decode(&le).expect("utf-16 le"), original.clone());
        let mut be = vec![0xFE, 0xFF];
        be.extend(original.encode_utf16().flat_map(u16::to_be_bytes));
        prop_assert_eq!(text::decode(&be).expect("utf-16 be"), original.clone());
    }

    #[test]
    fn the_line_analyser_never_panics(lines in prop::collection::vec(re(&format!("{TRICKY}{{0,30}}(smtp|SMTP|smtp.office365.com|.mail.protection.outlook.com|host|=|:|\"){TRICKY}{{0,30}}")), 0..20)) {
        let text = lines.join("\n");
        let _ = analyse(&text);
        let _ = analyse_json(&text);
        for line in &lines {
            let _ = key_value(line);
        }
    }

    #[test]
    fn xml_parsing_never_panics(xml in re(&format!("(<{TRICKY}{{0,8}}>|</{TRICKY}{{0,8}}>|{TRICKY}{{0,8}}|<!DOCTYPE [a-z]+>|<!ENTITY|&[a-z]+;){{0,30}}"))) {
        let _ = text::parse_xml(&xml);
    }

    /// A value carrying a password in any of the shapes configurations use keeps its host (and
    /// port) and loses the password.
    #[test]
    fn safe_values_never_keep_a_password(
        user in "[a-zA-Z]{1,8}",
        secret in "[A-Za-z0-9]{4,12}",
        host in "[a-z0-9]{1,10}(\\.[a-z0-9]{1,10}){0,3}",
        port in prop::option::of(1u16..),
        shape in 0usize..7,
    ) {
        // The `!` never occurs in a host, so the check cannot pass by accident.
        let password = format!("P!{secret}");
        let authority = match port {
            Some(port) => format!("{host}:{port}"),
            None => host.clone(),
        };
        let value = match shape {
            0 => format!("smtp://{user}:{password}@{authority}"),
            1 => format!("{user}:{password}@{authority}"),
            2 => format!("{authority};Password={password}"),
            3 => format!("{authority}\",\"SmtpPassword\":\"{password}\"}}"),
            4 => format!("https://{authority}/EWS/Exchange.asmx?password={password}"),
            5 => format!("{authority}#{password}"),
            _ => format!("\"{authority}\" {password}"),
        };
        let safe = safe_value(&value);
        prop_assert!(!safe.contains(&password), "{value} -> {safe}");
        prop_assert!(!safe.contains('!'), "{value} -> {safe}");
        prop_assert_eq!(safe, authority.to_ascii_lowercase());
    }

    /// Output of the host cut-down is host characters only, whatever goes in.
    #[test]
    fn safe_values_are_host_characters_only(value in "\\PC{0,60}") {
        let safe = safe_value(&value);
        prop_assert!(
            safe.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']')),
            "{value:?} -> {safe:?}"
        );
    }
}
