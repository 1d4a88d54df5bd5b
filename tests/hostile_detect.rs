//! Hostile and malformed inputs for everything a scan reads: registry exports, text encodings,
//! XML, JSON and ini lines, the snapshot's file system (FIFOs, devices, links out, `..`, huge
//! files) and a partner's catalogue folder. Every case must end, within a time bound, in a
//! correct result or a listed error — never a panic, a hang or a password in the output.
//!
//! Each table row is named; a failure names the row.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use overstap::catalog::Catalog;
use overstap::detect::content::{HitKind, analyse, analyse_json};
use overstap::detect::platform::{Registry as _, ScanTarget};
use overstap::detect::{Classification, ProblemKind, ScanReport, regfile, scan_blocking, text};

/// No single case may take longer (a linear parser does each in well under a second; a
/// quadratic one or a blocking read does not).
const BOUND: Duration = Duration::from_secs(20);

/// Runs `case` on its own thread: a panic or a run past [`BOUND`] fails with the case's name.
fn bounded<T: Send + 'static>(name: &str, case: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(case));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(BOUND) {
        Ok(Ok(value)) => value,
        Ok(Err(_)) => panic!("case {name:?} panicked"),
        Err(_) => panic!("case {name:?} did not finish within {BOUND:?} (started {started:?})"),
    }
}

/// A password planted in hostile inputs: it must never come out.
const PLANTED: &str = "Pl4nted-S3cret";

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

// ---------------------------------------------------------------------------------------------
// Registry exports
// ---------------------------------------------------------------------------------------------

const HEADER: &str = "Windows Registry Editor Version 5.00\r\n";

/// What a parse must give: accepted (with lines skipped or not) or refused with this kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reg {
    Ok,
    Skips,
    Malformed,
    Encoding,
}

fn reg_cases() -> Vec<(&'static str, Vec<u8>, Reg)> {
    let key = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n";
    let text = |body: &str| format!("{HEADER}{key}{body}").into_bytes();
    let mut wrapped_hex = format!("{HEADER}{key}\"Big\"=hex:");
    for i in 0..400_000 {
        wrapped_hex.push_str("41,00,");
        if i % 25 == 24 {
            wrapped_hex.push_str("\\\r\n  ");
        }
    }
    wrapped_hex.push_str("00,00\r\n");
    let mut deletions = String::from(HEADER);
    for i in 0..20_000 {
        deletions.push_str(&format!(
            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K{i}]\r\n\"v\"=\"x\"\r\n"
        ));
    }
    for i in 0..20_000 {
        deletions.push_str(&format!("[-HKEY_LOCAL_MACHINE\\SOFTWARE\\K{i}]\r\n"));
    }
    let long_line = format!("{HEADER}{key}\"V\"=\"{}\"\r\n", "x".repeat(8_000_000));
    vec![
        ("empty file", vec![], Reg::Malformed),
        ("only a UTF-16 BOM", vec![0xFF, 0xFE], Reg::Malformed),
        ("only a UTF-8 BOM", vec![0xEF, 0xBB, 0xBF], Reg::Malformed),
        ("truncated UTF-8 BOM", vec![0xEF, 0xBB], Reg::Encoding),
        ("header only", HEADER.as_bytes().to_vec(), Reg::Ok),
        ("REGEDIT4 header", b"REGEDIT4\r\n".to_vec(), Reg::Ok),
        (
            "wrong header",
            b"Windows Registry Editor 4\r\n".to_vec(),
            Reg::Malformed,
        ),
        (
            "a web.config instead",
            b"<configuration/>".to_vec(),
            Reg::Malformed,
        ),
        (
            "UTF-16 with an odd byte count",
            {
                let mut b = utf16le(HEADER, true);
                b.push(0x41);
                b
            },
            Reg::Encoding,
        ),
        (
            "UTF-16 with a lone high surrogate",
            {
                let mut b = utf16le(HEADER, true);
                b.extend([0x00, 0xD8, 0x41, 0x00]);
                b
            },
            Reg::Encoding,
        ),
        (
            "UTF-16 with a lone low surrogate",
            {
                let mut b = utf16le(HEADER, true);
                b.extend([0x00, 0xDC]);
                b
            },
            Reg::Encoding,
        ),
        (
            "invalid UTF-8",
            [HEADER.as_bytes(), &[0xC3, 0x28]].concat(),
            Reg::Encoding,
        ),
        (
            "section without ]",
            text("")
                .into_iter()
                .chain(b"[HKLM\\X\r\n".to_vec())
                .collect(),
            Reg::Skips,
        ),
        (
            "value before any key",
            format!("{HEADER}\"a\"=\"b\"\r\n").into_bytes(),
            Reg::Skips,
        ),
        (
            "hex with a bad digit",
            text("\"a\"=hex:zz,01\r\n"),
            Reg::Skips,
        ),
        (
            "hex(7) with an odd byte count",
            text("\"a\"=hex(7):41,00,42\r\n"),
            Reg::Ok,
        ),
        (
            "dword too large",
            text("\"a\"=dword:1ffffffff\r\n"),
            Reg::Skips,
        ),
        ("dword not hex", text("\"a\"=dword:xyz\r\n"), Reg::Skips),
        ("dword empty", text("\"a\"=dword:\r\n"), Reg::Skips),
        ("unterminated name", text("\"a=\"b\r\n"), Reg::Skips),
        ("unterminated value", text("\"a\"=\"b\r\n"), Reg::Skips),
        (
            "value with text after it",
            text("\"a\"=\"b\" junk\r\n"),
            Reg::Skips,
        ),
        ("@ without =", text("@\r\n"), Reg::Skips),
        ("empty string value", text("\"a\"=\"\"\r\n"), Reg::Ok),
        ("deletion of a missing value", text("\"a\"=-\r\n"), Reg::Ok),
        (
            "deletion of a missing key",
            format!("{HEADER}[-HKLM\\Nope]\r\n").into_bytes(),
            Reg::Ok,
        ),
        (
            "backslash at the end of the file",
            text("\"a\"=hex:41,\\"),
            Reg::Ok,
        ),
        (
            "hex continued forever",
            text("\"a\"=hex:41,\\\r\n\\\r\n\\\r\n"),
            Reg::Ok,
        ),
        (
            "NUL characters",
            text("\"a\u{0}b\"=\"c\u{0}d\"\r\n"),
            Reg::Ok,
        ),
        (
            "CR-only line ends",
            format!("{HEADER}{key}\"a\"=\"b\"\r").into_bytes(),
            Reg::Ok,
        ),
        (
            "escaped quotes and backslashes",
            text("\"a\\\"b\"=\"c\\\\d\\\"\"\r\n"),
            Reg::Ok,
        ),
        ("unknown escape", text("\"a\"=\"c\\qd\"\r\n"), Reg::Ok),
        (
            "Kelvin sign and dotted I in key names",
            format!("{HEADER}[HKLM\\SOFTWARE\\\u{212A}elvin\\İstanbul]\r\n\"\u{212A}\"=\"İ\"\r\n")
                .into_bytes(),
            Reg::Ok,
        ),
        (
            "a hive nobody knows",
            format!("{HEADER}[HKEY_NOWHERE\\X]\r\n\"a\"=\"b\"\r\n").into_bytes(),
            Reg::Ok,
        ),
        (
            "empty section name",
            format!("{HEADER}[]\r\n\"a\"=\"b\"\r\n").into_bytes(),
            Reg::Ok,
        ),
        (
            "hex(b) of the wrong length",
            text("\"a\"=hex(b):01,02\r\n"),
            Reg::Ok,
        ),
        (
            "hex(4) of the wrong length",
            text("\"a\"=hex(4):01\r\n"),
            Reg::Ok,
        ),
        ("hex(ffffffff)", text("\"a\"=hex(ffffffff):01\r\n"), Reg::Ok),
        ("hex( without )", text("\"a\"=hex(2:01\r\n"), Reg::Skips),
        (
            "tens of MB of wrapped hex",
            wrapped_hex.into_bytes(),
            Reg::Ok,
        ),
        (
            "20,000 keys deleted one by one",
            deletions.into_bytes(),
            Reg::Ok,
        ),
        ("an 8 MB line", long_line.into_bytes(), Reg::Ok),
        (
            "UTF-16 without a BOM",
            utf16le(&format!("{HEADER}{key}\"a\"=\"b\"\r\n"), false),
            Reg::Ok,
        ),
        (
            "UTF-16 big endian",
            {
                let mut b = vec![0xFE, 0xFF];
                b.extend(
                    format!("{HEADER}{key}")
                        .encode_utf16()
                        .flat_map(u16::to_be_bytes),
                );
                b
            },
            Reg::Ok,
        ),
        (
            "binary noise",
            (0..=255u8).cycle().take(100_000).collect(),
            Reg::Encoding,
        ),
        (
            "many empty lines",
            format!("{HEADER}{}", "\r\n".repeat(1_000_000)).into_bytes(),
            Reg::Ok,
        ),
    ]
}

#[test]
fn registry_exports_table() {
    let cases = reg_cases();
    assert!(cases.len() >= 45, "{} cases", cases.len());
    for (name, bytes, expected) in cases {
        let got = bounded(name, move || match regfile::parse_bytes(&bytes) {
            Ok(export) if export.skipped_lines.is_empty() => Reg::Ok,
            Ok(_) => Reg::Skips,
            Err(ProblemKind::MalformedRegistry { .. }) => Reg::Malformed,
            Err(ProblemKind::Encoding { .. }) => Reg::Encoding,
            Err(other) => panic!("unexpected error kind {other:?}"),
        });
        assert_eq!(got, expected, "case {name:?}");
    }
}

/// The big wrapped value arrives whole, and Unicode names keep their spelling.
#[test]
fn wrapped_hex_and_unicode_names_read_right() {
    let cases = reg_cases();
    let big = &cases
        .iter()
        .find(|c| c.0 == "tens of MB of wrapped hex")
        .expect("case")
        .1;
    let export = bounded("wrapped hex", {
        let big = big.clone();
        move || regfile::parse_bytes(&big).expect("parses")
    });
    match export.value("HKLM\\SOFTWARE\\A", "Big") {
        Some(overstap::detect::platform::RegValue::Binary(bytes)) => {
            assert_eq!(bytes.len(), 800_002)
        }
        other => panic!("{other:?}"),
    }
    let unicode = &cases
        .iter()
        .find(|c| c.0.starts_with("Kelvin"))
        .expect("case")
        .1;
    let export = regfile::parse_bytes(unicode).expect("parses");
    assert_eq!(
        export.subkeys("HKLM\\SOFTWARE"),
        vec!["\u{212A}elvin".to_owned()]
    );
    assert_eq!(
        export.subkeys("HKLM\\software\\\u{212A}ELVIN"),
        vec!["İstanbul".to_owned()]
    );
}

// ---------------------------------------------------------------------------------------------
// Text decoding
// ---------------------------------------------------------------------------------------------

#[test]
fn text_decoding_table() {
    let ok = |s: &str| Some(s.to_owned());
    let cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
        ("empty", vec![], ok("")),
        ("ASCII", b"abc".to_vec(), ok("abc")),
        ("UTF-8 BOM", b"\xEF\xBB\xBFabc".to_vec(), ok("abc")),
        ("UTF-8 BOM only", b"\xEF\xBB\xBF".to_vec(), ok("")),
        ("truncated UTF-8 BOM", b"\xEF\xBB".to_vec(), None),
        ("UTF-16 LE BOM only", vec![0xFF, 0xFE], ok("")),
        ("UTF-16 BE BOM only", vec![0xFE, 0xFF], ok("")),
        ("single 0xFF", vec![0xFF], None),
        ("UTF-16 LE odd length", vec![0xFF, 0xFE, 0x41], None),
        (
            "UTF-16 BE odd length",
            vec![0xFE, 0xFF, 0x00, 0x41, 0x00],
            None,
        ),
        (
            "UTF-16 LE lone high surrogate",
            vec![0xFF, 0xFE, 0x00, 0xD8],
            None,
        ),
        (
            "UTF-16 LE lone low surrogate",
            vec![0xFF, 0xFE, 0x00, 0xDC],
            None,
        ),
        (
            "UTF-16 LE reversed pair",
            vec![0xFF, 0xFE, 0x00, 0xDC, 0x00, 0xD8],
            None,
        ),
        (
            "UTF-16 LE surrogate pair",
            vec![0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE],
            ok("😀"),
        ),
        (
            "UTF-16 LE without BOM",
            utf16le("smtp.host=a", false),
            ok("smtp.host=a"),
        ),
        // Odd length cannot be UTF-16; as UTF-8 it is valid (with NULs).
        (
            "UTF-16 without BOM, odd length",
            vec![0x41, 0x00, 0x42, 0x00, 0x43],
            ok("A\0B\0C"),
        ),
        // Windows writes no UTF-32; its BOM starts like UTF-16 LE's and reads as that.
        (
            "UTF-32 LE BOM",
            vec![0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00],
            ok("\0A\0"),
        ),
        ("overlong UTF-8 NUL", vec![0xC0, 0x80], None),
        ("UTF-8 surrogate", vec![0xED, 0xA0, 0x80], None),
        ("UTF-8 cut in a character", vec![b'a', 0xE2, 0x82], None),
        ("Latin-1 é", vec![b'c', b'a', b'f', 0xE9], None),
        ("NULs", vec![0, 0, 0, 0], ok("\0\0\0\0")),
        ("BOM then invalid UTF-8", vec![0xEF, 0xBB, 0xBF, 0xFF], None),
        (
            "Kelvin and dotted I",
            "\u{212A}İ".as_bytes().to_vec(),
            ok("\u{212A}İ"),
        ),
        (
            "a megabyte of NULs",
            vec![0; 1 << 20],
            ok(&"\0".repeat(1 << 20)),
        ),
    ];
    assert!(cases.len() >= 25);
    for (name, bytes, expected) in cases {
        let got = bounded(name, move || text::decode(&bytes));
        match (&got, &expected) {
            (Ok(text), Some(want)) => assert_eq!(text, want, "case {name:?}"),
            (Err(ProblemKind::Encoding { .. }), None) => {}
            _ => panic!("case {name:?}: got {got:?}, expected {expected:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------

fn billion_laughs() -> String {
    let mut dtd = String::from("<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push_str("]>\n<configuration><appSettings><add key=\"SmtpServer\" value=\"&lol9;\"/></appSettings></configuration>");
    dtd
}

/// One flat entity of 50 KB referenced 60,000 times: 3 GB if expanded, no nesting to notice.
pub fn quadratic_blowup() -> String {
    format!(
        "<!DOCTYPE c [<!ENTITY x \"{}\">]><configuration><appSettings><add key=\"SmtpServer\" value=\"{}\"/></appSettings></configuration>",
        "a".repeat(50_000),
        "&x;".repeat(60_000)
    )
}

#[test]
fn xml_table() {
    let nested = format!("{}{}", "<a>".repeat(200_000), "</a>".repeat(200_000));
    let attributes = format!(
        "<a {}/>",
        (0..200_000)
            .map(|i| format!("x{i}=\"1\" "))
            .collect::<String>()
    );
    let cases: Vec<(&str, String, bool)> = vec![
        ("billion laughs", billion_laughs(), false),
        ("quadratic blowup", quadratic_blowup(), false),
        (
            "external entity",
            "<!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><c>&x;</c>".into(),
            false,
        ),
        (
            "parameter entity",
            "<!DOCTYPE c [<!ENTITY % p \"x\"> %p;]><c/>".into(),
            false,
        ),
        (
            "a plain DOCTYPE",
            "<!DOCTYPE configuration><configuration/>".into(),
            true,
        ),
        ("200,000 nested elements", nested, true),
        // The parser checks attributes pairwise: refused before it would take minutes.
        ("200,000 attributes", attributes, false),
        (
            "500 attributes",
            format!(
                "<a {}/>",
                (0..500).map(|i| format!("x{i}=\"1\" ")).collect::<String>()
            ),
            true,
        ),
        (
            "600 attributes in a comment",
            format!(
                "<!-- <a {}/> --><a/>",
                (0..600).map(|i| format!("x{i}=\"1\" ")).collect::<String>()
            ),
            true,
        ),
        ("unclosed", "<configuration><a>".into(), false),
        ("mismatched", "<a></b>".into(), false),
        ("two roots", "<a/><b/>".into(), false),
        ("empty", String::new(), false),
        (
            "only a declaration",
            "<?xml version=\"1.0\"?>".into(),
            false,
        ),
        (
            "UTF-16 declared, UTF-8 read",
            "<?xml version=\"1.0\" encoding=\"utf-16\"?><a/>".into(),
            true,
        ),
        ("undeclared prefix", "<x:a/>".into(), false),
        ("CDATA", "<a><![CDATA[<b>]]></a>".into(), true),
        ("bad comment", "<a><!-- a -- b --></a>".into(), false),
        ("NUL character", "<a>\u{0}</a>".into(), false),
        ("attribute without quotes", "<a b=c/>".into(), false),
        ("duplicate attribute", "<a b=\"1\" b=\"2\"/>".into(), false),
        (
            "10 MB attribute",
            format!("<a b=\"{}\"/>", "x".repeat(10_000_000)),
            true,
        ),
        ("processing instruction", "<?pi x?><a/>".into(), true),
        ("unknown entity", "<a>&nope;</a>".into(), false),
        ("character reference to NUL", "<a>&#0;</a>".into(), false),
        (
            "huge character reference",
            "<a>&#99999999999;</a>".into(),
            false,
        ),
        ("Kelvin sign tag", "<\u{212A}>x</\u{212A}>".into(), true),
        ("text after the root", "<a/>junk".into(), false),
    ];
    assert!(cases.len() >= 25);
    for (name, xml, parses) in cases {
        let got = bounded(name, move || text::parse_xml(&xml).is_ok());
        assert_eq!(got, parses, "case {name:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Lines (ini, properties, XML lines) and JSON: the value analysers
// ---------------------------------------------------------------------------------------------

/// What the analysers found, flattened: (key, value) with the host for Exchange Online hits.
fn flat(hits: &[(u32, HitKind)]) -> Vec<(String, String)> {
    hits.iter()
        .map(|(_, kind)| match kind {
            HitKind::ExoHost { host, key } => (key.clone(), host.clone()),
            HitKind::SmtpSetting { key, value } => (key.clone(), value.clone()),
            HitKind::ScriptCall { call, host } => (call.clone(), host.clone()),
        })
        .collect()
}

#[test]
fn lines_table() {
    let cases: Vec<(&str, String, usize)> = vec![
        (
            "ini with a password after ;",
            format!("SmtpServer=relay.x;Password={PLANTED}"),
            1,
        ),
        (
            "URL with user info",
            format!("SmtpHost=smtp://u:{PLANTED}@smtp.office365.com:587"),
            1,
        ),
        ("only =", "=".into(), 0),
        ("empty key", "=smtp.office365.com".into(), 1),
        (
            "Kelvin sign before the host",
            "\u{212A}\u{212A}=smtp.office365.com".into(),
            1,
        ),
        ("dotted I key", "İSmtpServer=relay.x".into(), 1),
        (
            "a million hits in one file",
            "SmtpServer=relay.x\n".repeat(1_000_000),
            100,
        ),
        (
            "a 16 MB line",
            format!("smtp={}", "a".repeat(16_000_000)),
            1,
        ),
        (
            "control characters in the key",
            "Smtp\u{1b}[31mHost=relay.x".into(),
            1,
        ),
        ("tab separated", "SmtpServer\t=\trelay.x".into(), 1),
        (
            "quoted value with a password",
            format!("SmtpServer=\"relay.x;pwd={PLANTED}\""),
            1,
        ),
        (
            "MX endpoint",
            "host=contoso.mail.protection.outlook.com".into(),
            1,
        ),
        (
            "lookalike host",
            "SmtpServer=smtp.office365.com.evil.example".into(),
            1,
        ),
        (
            "host inside a sentence",
            "Mail goes to smtp.office365.com daily".into(),
            1,
        ),
        ("commented ini line", "; SmtpServer=relay.x".into(), 0),
        (
            "XML add line",
            format!("<add key=\"SmtpServer\" value=\"relay.x;Password={PLANTED}\" />"),
            1,
        ),
        ("XML element", "<SmtpHost>relay.x</SmtpHost>".into(), 1),
        (
            "broken XML line",
            "<add key=\"SmtpServer value=relay.x".into(),
            0,
        ),
        (
            "JSON-ish line",
            format!("\"SmtpServer\": \"relay.x\", \"Password\": \"{PLANTED}\""),
            1,
        ),
        (
            "minified JSON read as lines",
            format!("{{\"SmtpServer\":\"relay.x\",\"SmtpPassword\":\"{PLANTED}\"}}"),
            1,
        ),
    ];
    assert!(cases.len() >= 20);
    for (name, text, count) in cases {
        let hits = bounded(name, move || analyse(&text));
        assert_eq!(hits.len(), count, "case {name:?}: {hits:?}");
    }
}

#[test]
fn json_table() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let many: String = format!(
        "{{\"a\":[{}]}}",
        (0..200_000)
            .map(|_| "{\"SmtpServer\":\"relay.x\"}")
            .collect::<Vec<_>>()
            .join(",")
    );
    // (name, text, parses as JSON, hits)
    let cases: Vec<(&str, String, bool, usize)> = vec![
        (
            "minified with a password",
            format!("{{\"SmtpServer\":\"relay.x\",\"SmtpPassword\":\"{PLANTED}\"}}"),
            true,
            1,
        ),
        (
            "nested .NET section",
            "{\"Smtp\":{\"Host\":\"smtp.office365.com\",\"Port\":587}}".into(),
            true,
            1,
        ),
        ("100,000 nested arrays", deep, false, 0),
        ("200,000 settings", many, true, 100),
        ("not JSON", "SmtpServer=relay.x".into(), false, 0),
        ("empty", String::new(), false, 0),
        ("a bare string", "\"smtp.office365.com\"".into(), true, 0),
        (
            "duplicate keys",
            "{\"SmtpServer\":\"a.x\",\"SmtpServer\":\"b.x\"}".into(),
            true,
            1,
        ),
        (
            "escaped quotes",
            "{\"SmtpServer\":\"re\\\"lay.x\"}".into(),
            true,
            0,
        ),
        (
            "NUL escape",
            "{\"SmtpServer\":\"relay.x\\u0000\"}".into(),
            true,
            0,
        ),
        (
            "lone surrogate escape",
            "{\"SmtpServer\":\"\\ud800\"}".into(),
            false,
            0,
        ),
        (
            "a 1 MB key",
            format!("{{\"{}\":\"relay.x\"}}", "k".repeat(1 << 20)),
            true,
            0,
        ),
        ("numbers only", "[1,2,3]".into(), true, 0),
        ("truncated", "{\"SmtpServer\":\"relay".into(), false, 0),
        (
            "trailing comma",
            "{\"SmtpServer\":\"relay.x\",}".into(),
            false,
            0,
        ),
        (
            "EWS URL with a token",
            format!(
                "{{\"EwsUrl\":\"https://outlook.office365.com/EWS/Exchange.asmx?token={PLANTED}\"}}"
            ),
            true,
            1,
        ),
        (
            "huge number",
            format!("{{\"n\":{}}}", "9".repeat(100_000)),
            false,
            0,
        ),
        (
            "object keys in another order than serde's",
            "{\"z\":\"a\",\"SmtpHost\":\"relay.x\"}".into(),
            true,
            1,
        ),
        (
            "key with a colon",
            "{\"Smtp:Host\":\"relay.x\"}".into(),
            true,
            1,
        ),
        (
            "array of hosts",
            "{\"SmtpServers\":[\"a.x\",\"b.x\"]}".into(),
            true,
            2,
        ),
    ];
    assert!(cases.len() >= 20);
    for (name, text, parses, count) in cases {
        let got = bounded(name, move || analyse_json(&text));
        match got {
            Some(hits) => {
                assert!(parses, "case {name:?} parsed");
                assert_eq!(hits.len(), count, "case {name:?}: {hits:?}");
                for (key, value) in flat(&hits) {
                    assert!(!value.contains(PLANTED), "case {name:?}: {value}");
                    assert!(!key.contains(PLANTED), "case {name:?}: {key}");
                }
            }
            None => assert!(!parses, "case {name:?} did not parse"),
        }
    }
}

/// The line of a JSON hit is where the key is written, whatever order serde keeps keys in.
#[test]
fn json_hits_name_their_line() {
    let text = "{\n  \"z\": \"x\",\n  \"Smtp\": {\n    \"Host\": \"smtp.office365.com\"\n  },\n  \"MailServer\": \"relay.x\"\n}\n";
    let mut hits = analyse_json(text).expect("JSON");
    hits.sort();
    assert_eq!(
        hits.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
        vec![4, 6]
    );
}

// ---------------------------------------------------------------------------------------------
// The snapshot's file system
// ---------------------------------------------------------------------------------------------

const APPHOST: &str = "C/Windows/System32/inetsrv/config/applicationHost.config";

fn write(root: &Path, relative: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    path
}

/// An IIS with one site, `Portal`, in `C:\inetpub\Portal`.
fn iis_snapshot(root: &Path) {
    write(
        root,
        APPHOST,
        br#"<configuration><system.applicationHost><sites>
<site name="Portal" id="1"><application path="/"><virtualDirectory path="/" physicalPath="C:\inetpub\Portal" /></application></site>
</sites></system.applicationHost></configuration>"#,
    );
    std::fs::create_dir_all(root.join("C/inetpub/Portal")).expect("mkdir");
}

fn scan_root(root: &Path) -> ScanReport {
    scan_blocking(
        &ScanTarget::Snapshot {
            root: root.to_path_buf(),
            registry: None,
        },
        &Catalog::embedded(),
    )
    .expect("snapshot opens")
}

fn make_fifo(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let _ = std::fs::remove_file(path);
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
}

fn error_kinds(report: &ScanReport) -> Vec<(String, String)> {
    report
        .errors
        .iter()
        .map(|e| (e.path.clone(), e.kind.key().to_owned()))
        .collect()
}

type Setup = Box<dyn FnOnce(&Path) + Send>;

/// (name, setup of the snapshot, the error kind expected at a path ending in this text, or none)
/// The error a case must list: (end of its path, kind), or none.
type Expected = Option<(&'static str, &'static str)>;

fn filesystem_cases() -> Vec<(&'static str, Setup, Expected)> {
    let web = "C/inetpub/Portal/web.config";
    vec![
        (
            "a FIFO as web.config",
            Box::new(move |root: &Path| make_fifo(&root.join(web))),
            Some(("web.config", "not-a-file")),
        ),
        (
            "a FIFO as applicationHost.config",
            Box::new(|root: &Path| make_fifo(&root.join(APPHOST))),
            Some(("applicationHost.config", "not-a-file")),
        ),
        (
            "a link to /dev/zero as web.config",
            Box::new(move |root: &Path| {
                std::os::unix::fs::symlink("/dev/zero", root.join(web)).expect("link")
            }),
            Some(("web.config", "outside-snapshot")),
        ),
        (
            "a link out of the snapshot",
            Box::new(move |root: &Path| {
                let outside = root.parent().expect("parent").join("outside.config");
                std::fs::write(&outside, "<configuration><system.net><mailSettings><smtp><network host=\"smtp.office365.com\" /></smtp></mailSettings></system.net></configuration>").expect("write");
                std::os::unix::fs::symlink(&outside, root.join(web)).expect("link");
            }),
            Some(("web.config", "outside-snapshot")),
        ),
        (
            "a link out of the snapshot found by the content search",
            Box::new(|root: &Path| {
                let outside = root.parent().expect("parent").join("outside.ini");
                std::fs::write(&outside, "SmtpServer=smtp.office365.com\n").expect("write");
                std::fs::create_dir_all(root.join("C/App")).expect("mkdir");
                std::os::unix::fs::symlink(&outside, root.join("C/App/mail.ini")).expect("link");
            }),
            Some(("mail.ini", "outside-snapshot")),
        ),
        (
            "a link loop",
            Box::new(move |root: &Path| {
                std::os::unix::fs::symlink(root.join(web), root.join(web)).expect("link")
            }),
            Some(("web.config", "io")),
        ),
        (
            "a folder as web.config",
            Box::new(move |root: &Path| std::fs::create_dir_all(root.join(web)).expect("mkdir")),
            Some(("web.config", "not-a-file")),
        ),
        (
            "a 17 MB web.config",
            Box::new(move |root: &Path| {
                let file = std::fs::File::create(root.join(web)).expect("create");
                file.set_len(17 * 1024 * 1024).expect("sparse");
            }),
            Some(("web.config", "too-large")),
        ),
        (
            "an entity bomb as web.config",
            Box::new(move |root: &Path| {
                write(root, web, billion_laughs().as_bytes());
            }),
            Some(("web.config", "malformed-xml")),
        ),
        (
            "a site folder that climbs out with ..",
            Box::new(|root: &Path| {
                write(
                    root,
                    APPHOST,
                    br#"<configuration><system.applicationHost><sites>
<site name="Up"><application path="/"><virtualDirectory path="/" physicalPath="C:\..\..\..\..\..\..\etc" /></application></site>
</sites></system.applicationHost></configuration>"#,
                );
            }),
            None,
        ),
        (
            "an SSRS instance name that climbs out",
            Box::new(|root: &Path| {
                write(
                    root,
                    "server.reg",
                    b"Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\RS]\r\n\"X\"=\"..\\\\..\\\\..\\\\..\\\\..\\\\..\\\\etc\"\r\n",
                );
            }),
            None,
        ),
        (
            "a registry export that is a FIFO",
            Box::new(|root: &Path| make_fifo(&root.join("server.reg"))),
            Some(("server.reg", "not-a-file")),
        ),
        (
            "a registry export larger than the limit",
            Box::new(|root: &Path| {
                let file = std::fs::File::create(root.join("server.reg")).expect("create");
                file.set_len(800 * 1024 * 1024).expect("sparse");
            }),
            Some(("server.reg", "too-large")),
        ),
        (
            "configSource outside the snapshot",
            Box::new(move |root: &Path| {
                write(root, web, br#"<configuration><system.net><mailSettings><smtp configSource="..\..\..\..\..\..\..\etc\passwd" /></mailSettings></system.net></configuration>"#);
            }),
            Some(("passwd", "io")),
        ),
        (
            "configSource naming a missing file",
            Box::new(move |root: &Path| {
                write(root, web, br#"<configuration><system.net><mailSettings><smtp configSource="mail.config" /></mailSettings></system.net></configuration>"#);
            }),
            Some(("mail.config", "io")),
        ),
        (
            "appSettings file= naming itself",
            Box::new(move |root: &Path| {
                write(root, web, br#"<configuration><appSettings file="web.config"><add key="SmtpServer" value="relay.x" /></appSettings></configuration>"#);
            }),
            Some(("web.config", "malformed-xml")),
        ),
        (
            "configSource with the wrong root element",
            Box::new(move |root: &Path| {
                write(root, web, br#"<configuration><system.net><mailSettings><smtp configSource="mail.config" /></mailSettings></system.net></configuration>"#);
                write(root, "C/inetpub/Portal/mail.config", b"<appSettings/>");
            }),
            Some(("mail.config", "malformed-xml")),
        ),
        (
            "configSource that is a FIFO",
            Box::new(move |root: &Path| {
                write(root, web, br#"<configuration><system.net><mailSettings><smtp configSource="mail.config" /></mailSettings></system.net></configuration>"#);
                make_fifo(&root.join("C/inetpub/Portal/mail.config"));
            }),
            Some(("mail.config", "not-a-file")),
        ),
        (
            "a UTF-16 web.config with an odd byte count",
            Box::new(move |root: &Path| {
                let mut bytes = utf16le("<configuration/>", true);
                bytes.push(0);
                write(root, web, &bytes);
            }),
            Some(("web.config", "encoding")),
        ),
        (
            "an escape sequence in a file name",
            Box::new(|root: &Path| {
                write(root, "C/App/\u{1b}[2Jmail.ini", b"SmtpServer=relay.x\n");
            }),
            None,
        ),
    ]
}

#[cfg(unix)]
#[test]
fn snapshot_file_system_table() {
    let cases = filesystem_cases();
    assert!(cases.len() >= 20);
    for (name, setup, expected) in cases {
        let temp = tempfile::tempdir().expect("tempdir");
        let root = temp.path().join("snapshot");
        std::fs::create_dir_all(root.join("C")).expect("mkdir");
        iis_snapshot(&root);
        setup(&root);
        let scanned = root.clone();
        let report = bounded(name, move || scan_root(&scanned));
        let kinds = error_kinds(&report);
        if let Some((path_end, kind)) = expected {
            assert!(
                kinds
                    .iter()
                    .any(|(path, k)| path.ends_with(path_end) && k == kind),
                "case {name:?}: expected {kind} at …{path_end}, got {kinds:?}"
            );
        }
        // Nothing outside the snapshot is ever read: no finding from the planted outside files.
        for finding in &report.findings {
            assert_ne!(
                finding.classification,
                Classification::ExoDirect,
                "case {name:?}: {finding:?}"
            );
        }
        let json = overstap::cli::scan_json(&report);
        assert!(
            !json.contains('\u{1b}'),
            "case {name:?}: raw escape in JSON"
        );
        let table = overstap::cli::scan_table(
            &report,
            &Catalog::embedded(),
            &overstap::i18n::Localizer::new(overstap::i18n::Language::En),
        );
        assert!(
            !table.contains('\u{1b}'),
            "case {name:?}: raw escape in the table"
        );
    }
}

/// A site whose mail settings live in `configSource` / `file` is read there, and one whose file
/// cannot be read is `unknown`, never "not used".
#[test]
fn configsource_and_file_are_followed() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("snapshot");
    iis_snapshot(&root);
    write(
        &root,
        "C/inetpub/Portal/web.config",
        br#"<configuration>
  <appSettings file="..\Shared\app.config"><add key="Theme" value="blue" /></appSettings>
  <system.net><mailSettings><smtp configSource="config\smtp.config" /></mailSettings></system.net>
</configuration>"#,
    );
    write(
        &root,
        "C/inetpub/Portal/config/smtp.config",
        &utf16le(
            "<smtp from=\"noreply@contoso.nl\">\r\n  <network host=\"smtp.office365.com\" port=\"587\" userName=\"scan@contoso.nl\" password=\"x\" />\r\n</smtp>",
            true,
        ),
    );
    write(
        &root,
        "C/inetpub/Shared/app.config",
        b"<appSettings>\n<add key=\"MailServer\" value=\"relay01.contoso.local\" />\n</appSettings>",
    );
    let report = scan_root(&root);
    let found: Vec<(String, String, String)> = report
        .findings
        .iter()
        .filter(|f| f.app == "iis")
        .map(|f| {
            (
                f.location.display(),
                f.value.clone(),
                f.classification.key().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "C:\\inetpub\\Portal\\config\\smtp.config :: smtp/network/@host (line 2)".to_owned(),
                "smtp.office365.com:587".to_owned(),
                "exo-direct".to_owned()
            ),
            (
                "C:\\inetpub\\Shared\\app.config :: appSettings/add[@key='MailServer']/@value (line 2)"
                    .to_owned(),
                "relay01.contoso.local".to_owned(),
                "relay".to_owned()
            ),
        ],
        "{:?}",
        report.errors
    );
    // The files read through the references are not reported again by the content search.
    assert_eq!(report.findings.len(), 2, "{:?}", report.findings);

    std::fs::remove_file(root.join("C/inetpub/Portal/config/smtp.config")).expect("rm");
    let report = scan_root(&root);
    let unknown: Vec<&overstap::detect::Finding> = report
        .findings
        .iter()
        .filter(|f| f.evidence.id == "scan-ev-iis-section-unread")
        .collect();
    assert_eq!(unknown.len(), 1, "{:?}", report.findings);
    assert_eq!(unknown[0].classification, Classification::Unknown);
}

// ---------------------------------------------------------------------------------------------
// A partner's catalogue folder (`--catalog DIR`)
// ---------------------------------------------------------------------------------------------

#[test]
fn catalogue_folder_table() {
    let valid = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/catalog/allsolutions.toml"),
    )
    .ok();
    // (name, files of the folder, whether the catalogue loads)
    type Files = Vec<(&'static str, Vec<u8>)>;
    let mut cases: Vec<(&str, Files, bool)> = vec![
        ("empty folder", vec![], true),
        (
            "not TOML",
            vec![("x.toml", b"this is = = not toml".to_vec())],
            false,
        ),
        ("empty TOML", vec![("x.toml", Vec::new())], false),
        (
            "wrong types",
            vec![("x.toml", b"id = 5\norder = \"first\"\n".to_vec())],
            false,
        ),
        (
            "deeply nested arrays",
            vec![(
                "x.toml",
                format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            )],
            false,
        ),
        (
            "deeply nested tables",
            vec![(
                "x.toml",
                format!("a = {}{}", "{b=".repeat(50_000), "}".repeat(50_000)).into_bytes(),
            )],
            false,
        ),
        ("not UTF-8", vec![("x.toml", vec![0xFF, 0xFE, 0x41])], false),
        (
            "a 5 MB file",
            vec![(
                "x.toml",
                format!("# {}\n", "x".repeat(5_000_000)).into_bytes(),
            )],
            false,
        ),
        (
            "other extensions are ignored",
            vec![
                ("x.txt", b"garbage".to_vec()),
                ("y.bak", b"garbage".to_vec()),
            ],
            true,
        ),
        (
            "NUL in the file",
            vec![("x.toml", b"id = \"a\0\"".to_vec())],
            false,
        ),
        (
            "a name with a newline",
            vec![("x\n.toml", b"garbage".to_vec())],
            false,
        ),
        (
            "a very long file name",
            vec![(
                Box::leak(format!("{}.toml", "n".repeat(200)).into_boxed_str()),
                b"garbage".to_vec(),
            )],
            false,
        ),
    ];
    if let Some(valid) = &valid {
        cases.push((
            "a valid entry replaces the built-in one",
            vec![("allsolutions.toml", valid.clone().into_bytes())],
            true,
        ));
        cases.push((
            "the same id twice under two names",
            vec![
                ("allsolutions.toml", valid.clone().into_bytes()),
                ("99-copy.toml", valid.clone().into_bytes()),
            ],
            false,
        ));
        cases.push((
            "a valid entry cut in half",
            vec![(
                "allsolutions.toml",
                valid.as_bytes()[..valid.len() / 2].to_vec(),
            )],
            false,
        ));
    }
    for (name, files, loads) in cases {
        let temp = tempfile::tempdir().expect("tempdir");
        for (file, bytes) in &files {
            std::fs::write(temp.path().join(file), bytes).expect("write");
        }
        let dir = temp.path().to_path_buf();
        let result = bounded(name, move || {
            Catalog::embedded_with_overrides(&dir).map(|c| c.len())
        });
        assert_eq!(result.is_ok(), loads, "case {name:?}: {result:?}");
    }
    // Folders that are not folders.
    let temp = tempfile::tempdir().expect("tempdir");
    let missing = temp.path().join("missing");
    assert!(Catalog::embedded_with_overrides(&missing).is_err());
    let fifo = temp.path().join("catalog-fifo");
    make_fifo(&fifo);
    assert!(Catalog::embedded_with_overrides(&fifo).is_err());
    // A FIFO named like an entry must not hang the program.
    let dir = temp.path().join("with-fifo");
    std::fs::create_dir_all(&dir).expect("mkdir");
    make_fifo(&dir.join("x.toml"));
    let result = bounded("a FIFO named x.toml", move || {
        Catalog::embedded_with_overrides(&dir).map(|c| c.len())
    });
    assert!(result.is_err());
}

// ---------------------------------------------------------------------------------------------
// Overstap's own settings file (read at every start)
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn settings_file_table() {
    type Make = Box<dyn FnOnce(&Path)>;
    let cases: Vec<(&str, Make)> = vec![
        ("a FIFO", Box::new(make_fifo)),
        (
            "a link to /dev/zero",
            Box::new(|p: &Path| std::os::unix::fs::symlink("/dev/zero", p).expect("link")),
        ),
        (
            "a 2 GB file",
            Box::new(|p: &Path| {
                std::fs::File::create(p)
                    .and_then(|f| f.set_len(2 << 30))
                    .expect("sparse")
            }),
        ),
        (
            "a folder",
            Box::new(|p: &Path| std::fs::create_dir_all(p).expect("mkdir")),
        ),
        (
            "JSON of the wrong shape",
            Box::new(|p: &Path| std::fs::write(p, "{\"language\": 5}").expect("write")),
        ),
        (
            "deeply nested JSON",
            Box::new(|p: &Path| {
                std::fs::write(p, format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)))
                    .expect("write")
            }),
        ),
    ];
    for (name, make) in cases {
        let temp = tempfile::tempdir().expect("tempdir");
        let path = temp.path().join("settings.json");
        make(&path);
        let loaded = bounded(name, move || overstap::settings::Settings::load(&path));
        assert_eq!(
            loaded,
            overstap::settings::Settings::default(),
            "case {name:?}"
        );
    }
}
